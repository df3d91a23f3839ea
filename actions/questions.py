"""Which profile question to ask, if any: the one that would change the answer most, never one
already asked or declined (pure Python)."""
from __future__ import annotations

from typing import Any, Mapping, Optional

from .profile import (AGE, CONTRAINTES, INTERETS, LIEU, QUESTIONS_POSEES, SITUATION, SKIPPED, as_list)

# per purpose, the missing facts that change that answer most, first to last
ORDER = {
    "metiers": (INTERETS, CONTRAINTES, SITUATION, LIEU),
    "dispositifs": (SITUATION, AGE),
    "dispositif": (SITUATION, AGE),
    "evenements": (LIEU,),
    "profil": (SITUATION, INTERETS, AGE, LIEU, CONTRAINTES),
}


def is_known(slots: Mapping[str, Any], slot: str) -> bool:
    value = slots.get(slot)
    return value not in (None, "", [])


def next_question(slots: Mapping[str, Any], purpose: str = "profil") -> Optional[str]:
    """The profile slot to ask about for `purpose`, or None when nothing useful is left to ask."""
    excluded = set(as_list(slots.get(QUESTIONS_POSEES))) | set(as_list(slots.get(SKIPPED)))
    for slot in ORDER.get(purpose, ORDER["profil"]):
        if slot in excluded or is_known(slots, slot):
            continue
        if slot == SITUATION and is_known(slots, AGE) and purpose == "metiers":
            continue   # the age already says enough about the situation to rank trades
        return slot
    return None


def response_for(slot: str) -> str:
    return f"utter_ask_{slot}"

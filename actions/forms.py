"""Validation of the profile form: fills slots from whatever is said, accepts corrections and skips.

The form asks situation, âge, lieu, intérêts, contraintes (domain.yml). Any answer may come in any
order (global slot mappings); a question the person skips is never asked again; "non pas Lyon,
Mulhouse" keeps Mulhouse; a value we cannot use is explained and asked again.
"""
from __future__ import annotations

import re
from abc import ABCMeta, abstractmethod
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecutionRejected, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from .kb import get_knowledge
from .kb.profile import NO_CONSTRAINT
from .profile import (AGE, CONTRAINTES, FORM_SLOTS, INSCRIT, INTERETS, LIEU, LIEU_CODE, SITUATION, SKIPPED, as_list,
                      merge_unique, parse_age, place_key)

SKIP_INTENTS = {"skip"}
AGE_RE = re.compile(r"\b(1[4-9]|[2-6][0-9]|7[0-5])\s*(?:ans?|an|piges?)?\b")
NONE_WORDS = re.compile(r"\b(aucune?s?|rien|pas de contraintes?|non|nan|nope|r+a?s)\b", re.I)
REGISTERED_RE = re.compile(r"inscrit|france travail|p[oô]le emploi", re.I)
# Questions and remarks that interrupt a form: whatever the message says about the person is kept,
# but the form steps aside so that the digression rules (data/rules/digressions.yml) answer first.
DIGRESSION_INTENTS = {
    "bot_capabilities", "ask_trade_info", "ask_trade_pay", "ask_trade_training", "ask_trade_conditions",
    "ask_scheme", "check_eligibility", "ask_events", "women_in_industry", "disability", "mobility",
    "ask_human", "ask_recap", "out_of_scope", "chitchat", "insult", "thanks", "greet", "nlu_fallback",
    "ask_trade_ideas", "goodbye", "restart",
}


def _intent(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message.get("intent") or {}).get("name")


def _text(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""


def _entities(tracker: Tracker, entity: str) -> List[str]:
    return [str(v) for v in tracker.get_latest_entity_values(entity) if v not in (None, "")]


def already_stepped_aside(tracker: Tracker, form: str) -> bool:
    """True when the form was already rejected for the latest user message (the digression is answered)."""
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            return False
        if kind == "action_execution_rejected" and event.get("name") == form:
            return True
    return False


def was_active_before_message(tracker: Tracker, form: str) -> bool:
    """True when `form` was already running when the latest user message arrived (not its activation)."""
    seen_user = False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            seen_user = True
        elif seen_user and kind == "active_loop":
            return event.get("name") == form
    return False


class DigressionAwareForm(FormValidationAction, metaclass=ABCMeta):
    """Keeps the slots a digression fills, then rejects the form so the digression is answered."""

    @abstractmethod
    def name(self) -> Text:  # pragma: no cover - abstract
        raise NotImplementedError

    digression_intents = DIGRESSION_INTENTS

    async def run(self, dispatcher, tracker, domain):
        before = as_list(tracker.get_slot(SKIPPED))
        events = await super().run(dispatcher, tracker, domain)
        # the SDK only returns slots of the form: keep the list of skipped questions too
        skipped = as_list(tracker.get_slot(SKIPPED))
        if skipped != before and not any(e.get("name") == SKIPPED for e in events):
            events.insert(0, SlotSet(SKIPPED, skipped))
        if (_intent(tracker) not in self.digression_intents
                or not was_active_before_message(tracker, self.form_name())
                or already_stepped_aside(tracker, self.form_name())):
            return events
        kept = [e for e in events if not (e.get("event") == "slot" and e.get("name") == "requested_slot")]
        return kept + [ActionExecutionRejected(self.form_name())]

    # -- extraction: only for the question being asked -----------------------------------------------
    def _asked(self, tracker: Tracker, slot: str) -> bool:
        return tracker.get_slot("requested_slot") == slot

    def _pre_extract(self, tracker: Tracker, slot: str, entity: str) -> Optional[Dict[str, Any]]:
        """{} when `slot` is not the question asked or the NLU already found it; the skip when the person
        skips; None when the raw text should be searched."""
        if not self._asked(tracker, slot) or _entities(tracker, entity):
            return {}
        return self._skip(tracker, slot)

    def _skip(self, tracker: Tracker, slot: str) -> Optional[Dict[str, Any]]:
        intent = _intent(tracker)
        if intent in SKIP_INTENTS or (intent == "deny" and slot != CONTRAINTES):
            return {SKIPPED: merge_unique(tracker.get_slot(SKIPPED), [slot]), slot: None}
        return None

    # -- the place question, shared by profil_form and lieu_form -------------------------------------
    def extract_lieu(self, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        early = self._pre_extract(tracker, LIEU, "lieu")
        if early is not None:
            return early
        place = get_knowledge().places.find_in_text(_text(tracker))
        return {LIEU: place.name} if place else {}

    def validate_lieu(self, value: Any, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        if value is None:
            return {LIEU: None}
        places = get_knowledge().places
        named = _entities(tracker, "lieu")
        place = None
        if len(named) > 1 or re.search(r"\bpas\b|\bplut[oô]t\b|\ben fait\b", _text(tracker), re.I):
            place = places.find_in_text(_text(tracker))   # a correction: keep the place that is not negated
        if place is None:
            candidates = named[::-1] if named else [str(value)]
            place = next((p for p in (places.resolve(c) for c in candidates) if p), None)
        if place is None:
            dispatcher.utter_message(response="utter_lieu_inconnu", lieu=str(value))
            return {LIEU: None}
        return {LIEU: place.name, LIEU_CODE: place_key(place)}


class ValidateProfilForm(DigressionAwareForm):
    def name(self) -> Text:
        return "validate_profil_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> List[Text]:
        skipped = set(as_list(tracker.get_slot(SKIPPED)))
        return [s for s in domain_slots if s not in skipped]

    def extract_situation(self, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        early = self._pre_extract(tracker, SITUATION, "situation")
        if early is not None:
            return early
        found = get_knowledge().vocab_index["situations"].find_all(_text(tracker))
        return {SITUATION: found[0]} if found else {}

    def extract_age(self, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        early = self._pre_extract(tracker, AGE, "age")
        if early is not None:
            return early
        match = AGE_RE.search(_text(tracker))
        return {AGE: match.group(1)} if match else {}

    def extract_interets(self, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        early = self._pre_extract(tracker, INTERETS, "interet")
        if early is not None:
            return early
        found = get_knowledge().vocab_index["interets"].find_all(_text(tracker))
        return {INTERETS: found} if found else {}

    def extract_contraintes(self, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        early = self._pre_extract(tracker, CONTRAINTES, "contrainte")
        if early is not None:
            return early
        text = _text(tracker)
        found = get_knowledge().vocab_index["contraintes"].find_all(text)
        if found:
            return {CONTRAINTES: found}
        if _intent(tracker) == "deny" or NONE_WORDS.search(text):
            return {CONTRAINTES: [NO_CONSTRAINT]}
        return {}

    # -- validation ----------------------------------------------------------------------------------
    def validate_situation(self, value: Any, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        if value is None:
            return {SITUATION: None}
        kb = get_knowledge()
        situation = kb.vocab_id("situations", str(value))
        if situation is None:   # "je suis en 1ère au lycée pro": look for a known form anywhere in the message
            found = kb.vocab_index["situations"].find_all(f"{value} {_text(tracker)}")
            situation = found[0] if found else None
        out: Dict[str, Any] = {}
        if REGISTERED_RE.search(_text(tracker)) or situation == "demandeur_emploi" and "inscrit" in _text(tracker).lower():
            out[INSCRIT] = True
        if situation is None:
            dispatcher.utter_message(response="utter_situation_pas_comprise")
            out[SITUATION] = None
        else:
            out[SITUATION] = situation
        return out

    def validate_age(self, value: Any, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        if value is None:
            return {AGE: None}
        age = parse_age(value)
        if age is None:
            dispatcher.utter_message(response="utter_age_invalide")
            return {AGE: None}
        return {AGE: str(age)}

    def validate_interets(self, value: Any, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        values = as_list(value)
        if not values:
            return {INTERETS: None}
        kb = get_knowledge()
        ids = [kb.vocab_id("interets", v) for v in values]
        known = [i for i in ids if i]
        # keep what we could not map too: it is what the person said, shown in the récap
        unknown = [v for v, i in zip(values, ids) if not i]
        return {INTERETS: list(dict.fromkeys(known + unknown))}

    def validate_contraintes(self, value: Any, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        values = as_list(value)
        if not values:
            return {CONTRAINTES: None}
        kb = get_knowledge()
        ids = []
        for v in values:
            if v == NO_CONSTRAINT or NONE_WORDS.fullmatch(v.strip()):
                ids.append(NO_CONSTRAINT)
            else:
                ids.append(kb.vocab_id("contraintes", v) or v)
        real = [i for i in dict.fromkeys(ids) if i != NO_CONSTRAINT]
        return {CONTRAINTES: real or [NO_CONSTRAINT]}


class ValidateLieuForm(DigressionAwareForm):
    """One question, where the person is, before looking for events."""

    digression_intents = DIGRESSION_INTENTS - {"ask_events"}

    def name(self) -> Text:
        return "validate_lieu_form"



__all__ = ["ValidateProfilForm", "ValidateLieuForm", "FORM_SLOTS"]

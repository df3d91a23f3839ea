"""Shared plumbing of the dialogue actions: knowledge access, profile, one question at most, safe execution."""
from __future__ import annotations

import logging
from abc import ABCMeta, abstractmethod
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from .kb import get_knowledge
from .kb.loader import KnowledgeBase
from .kb.profile import Profile
from .profile import DERNIERE_QUESTION, PROPOSITION, QUESTIONS_POSEES, merge_unique, profile_from_slots
from .questions import next_question, response_for
from .render import button, join_fr, main_menu  # noqa: F401 - re-exported for the actions

logger = logging.getLogger(__name__)

TECHNICAL_ERROR = ("Oups, j'ai eu un petit souci technique en préparant ma réponse. "
                   "Ce que vous m'avez dit est bien gardé. Pouvez-vous reformuler ou choisir une option ?")


def latest_entity_values(tracker: Tracker, entity: str) -> List[str]:
    return [str(v) for v in tracker.get_latest_entity_values(entity) if v not in (None, "")]


def intent_of(tracker: Tracker) -> Optional[str]:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def last_bot_question(tracker: Tracker) -> Optional[str]:
    """The question the bot ended its previous turn with, if any (its last line ending with '?')."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            continue
        if event.get("event") == "bot" and (event.get("text") or "").strip().endswith("?"):
            return (event.get("text") or "").strip().splitlines()[-1]
        if event.get("event") == "bot":
            return None
    return None


def closing(tracker: Tracker, *variants: str) -> str:
    """A closing question that is not the one the bot just asked (never the same question twice in a row)."""
    last = (last_bot_question(tracker) or "").strip().lower()
    for v in variants:
        if v.strip().lower() != last:
            return v
    return variants[-1]


class CapAction(Action, metaclass=ABCMeta):
    """Base class: subclasses implement `respond`; any unexpected error becomes a polite French message.

    After each answer the turn's context is tidied: the profile question of the previous turn and the
    offer a "oui" would accept only last one turn, unless this answer sets them again."""

    @abstractmethod
    def name(self) -> Text:  # pragma: no cover - abstract
        raise NotImplementedError

    @property
    def kb(self) -> KnowledgeBase:
        return get_knowledge()

    def profile(self, tracker: Tracker) -> Profile:
        return profile_from_slots(tracker.current_slot_values(), self.kb)

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        try:
            events = list(self.respond(dispatcher, tracker, domain) or [])
        except Exception:  # noqa: BLE001 - the person must never see a traceback
            logger.exception("action %s failed", self.name())
            dispatcher.utter_message(text=TECHNICAL_ERROR, buttons=main_menu())
            events = []
        if any(e.get("event") == "followup" for e in events):
            return events      # the action that follows answers this turn and tidies the context
        set_now = {e.get("name") for e in events if e.get("event") == "slot"}
        for slot in (DERNIERE_QUESTION, PROPOSITION):
            if slot not in set_now and tracker.get_slot(slot) is not None:
                events.append(SlotSet(slot, None))
        return events

    @abstractmethod
    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> Optional[List[Dict[Text, Any]]]:
        raise NotImplementedError

    # -- at most one question after an answer ----------------------------------------------------
    def ask_one(self, dispatcher: CollectingDispatcher, tracker: Tracker, purpose: str,
                slots: Optional[Dict[str, Any]] = None) -> List[Dict[str, Any]]:
        """Ask the missing fact that would change this answer most (never one asked before), if any."""
        current = dict(tracker.current_slot_values())
        current.update(slots or {})
        slot = next_question(current, purpose)
        if slot is None:
            return []
        dispatcher.utter_message(response=response_for(slot))
        return [SlotSet(DERNIERE_QUESTION, slot),
                SlotSet(QUESTIONS_POSEES, merge_unique(tracker.get_slot(QUESTIONS_POSEES), [slot]))]

    @staticmethod
    def offer(action: str, subject: Optional[str] = None) -> List[Dict[str, Any]]:
        """Remember what the bot just offered ("action" or "action|dispositif:pmsmp"), so that a plain
        "oui" accepts it."""
        return [SlotSet(PROPOSITION, f"{action}|{subject}" if subject else action)]

"""Shared plumbing of the dialogue actions: knowledge access, profile, buttons, safe execution."""
from __future__ import annotations

import json
import logging
from abc import ABCMeta, abstractmethod
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from .kb import get_knowledge
from .kb.loader import KnowledgeBase
from .kb.profile import Profile
from .profile import profile_from_slots

logger = logging.getLogger(__name__)

TECHNICAL_ERROR = ("Oups, j'ai eu un petit souci technique en préparant ma réponse. "
                   "Ce que vous m'avez dit est bien gardé. Pouvez-vous reformuler ou choisir une option ?")


def button(title: str, intent: str, **entities: Any) -> Dict[str, str]:
    payload = f"/{intent}"
    if entities:
        payload += json.dumps(entities, ensure_ascii=False)
    return {"title": title, "payload": payload}


def main_menu() -> List[Dict[str, str]]:
    return [
        button("Des idées de métiers", "ask_trade_ideas"),
        button("Les dispositifs pour moi", "check_eligibility"),
        button("Événements près de chez moi", "ask_events"),
        button("Parler à un conseiller", "ask_human"),
    ]


def latest_entity_values(tracker: Tracker, entity: str) -> List[str]:
    return [str(v) for v in tracker.get_latest_entity_values(entity) if v not in (None, "")]


class CapAction(Action, metaclass=ABCMeta):
    """Base class: subclasses implement `respond`; any unexpected error becomes a polite French message."""

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
            return self.respond(dispatcher, tracker, domain) or []
        except Exception:  # noqa: BLE001 - the person must never see a traceback
            logger.exception("action %s failed for sender %s", self.name(), tracker.sender_id)
            dispatcher.utter_message(text=TECHNICAL_ERROR, buttons=main_menu())
            return []

    @abstractmethod
    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> Optional[List[Dict[Text, Any]]]:
        raise NotImplementedError


def join_fr(items: List[str]) -> str:
    """'a', 'a et b', 'a, b et c'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]

"""Récap of the conversation, on request at any time."""
from __future__ import annotations

from typing import Any, Dict, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from .base import CapAction, button
from .synthesis import build_synthesis


class ActionRecap(CapAction):
    def name(self) -> Text:
        return "action_recap"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        syn = build_synthesis(tracker.current_slot_values(), self.kb, tracker.sender_id)
        text = syn.to_chat() + "\nVoulez-vous corriger quelque chose ou continuer ?"
        dispatcher.utter_message(text=text, buttons=[
            button("Des idées de métiers", "ask_trade_ideas"), button("Mes dispositifs", "check_eligibility"),
            button("Parler à un conseiller", "ask_human")])
        return []

"""Récap of the conversation, on request at any time."""
from __future__ import annotations

import re

from typing import Any, Dict, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from .base import CapAction
from .render import BUBBLE_MAX, button, shorten
from .synthesis import build_synthesis


RECAP_CUES = re.compile(r"r[ée]sum|r[ée]cap|synth[eè]se|retenu|not[ée]|rappel|redonn|on en est|ma situation|"
                        r"mon profil|sur moi|de moi", re.I)


class ActionRecap(CapAction):
    # "une annonce dit 'profil moins de 30 ans', c'est légal ?" says "dit" and "profil" but asks a
    # question the knowledge base answers: a strong match of the search answers it instead of the recap
    faq_first = True

    def faq_may_answer(self, tracker: Tracker, entry) -> bool:
        # …but never for a message that really asks for the recap ("pouvez-vous récapituler ?", "qu'est-ce
        # que tu as retenu de ma situation ?"), which a short follow-up search would read with the question
        # before it
        text = (tracker.latest_message or {}).get("text") or ""
        return not RECAP_CUES.search(text)
    # "et soudeur ?" read as a request for the recap goes to what it names
    evidence = re.compile(r"r[ée]sum|r[ée]cap|synth[eè]se|retenu|not[ée]|rappel|redonn|on en est|d[ée]j[àa]|"
                          r"dit|parl[ée]|propos[ée]|mon profil|sur moi", re.I)

    def name(self) -> Text:
        return "action_recap"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        syn = build_synthesis(tracker.current_slot_values(), self.kb, tracker.sender_id)
        question = "\nVoulez-vous corriger quelque chose ou continuer ?"
        text = shorten(syn.to_chat(), BUBBLE_MAX - len(question)) + question
        dispatcher.utter_message(text=text, buttons=[
            button("Des idées de métiers", "ask_trade_ideas"), button("Mes dispositifs", "check_eligibility"),
            button("Parler à un conseiller", "ask_human")])
        return []

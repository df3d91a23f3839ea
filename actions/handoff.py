"""Hand-off to a human: the organisation that fits this person, never an invented phone number or URL."""
from __future__ import annotations

from typing import Any, Dict, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from .base import CapAction, button
from .kb.orientation import choose_organisme
from .profile import CONSEILLER


class ActionOrienterConseiller(CapAction):
    def name(self) -> Text:
        return "action_orienter_conseiller"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        kb, profile = self.kb, self.profile(tracker)
        o = choose_organisme(profile)
        label = kb.vocab_label("organismes", o.organisme)
        lines = [f"Un·e conseiller·e pourra vous aider en personne. Pour vous, le plus adapté est {label}.",
                 o.why, o.how,
                 f"Donnez-lui ce numéro de conversation : {tracker.sender_id}. Il ou elle pourra retrouver "
                 "la synthèse de notre échange.",
                 f"(Sources : {'; '.join(kb.source_labels(o.source))})",
                 "En attendant, voulez-vous un récapitulatif de notre échange ?"]
        dispatcher.utter_message(text="\n".join(lines), buttons=[
            button("Voir le récapitulatif", "ask_recap"), button("Des idées de métiers", "ask_trade_ideas")])
        return [SlotSet(CONSEILLER, o.organisme)]

"""Hand-off to a human: the organisation that fits this person, never an invented phone number or URL."""
from __future__ import annotations

import re
from typing import Any, Dict, Text

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from . import context
from .base import CapAction, button, closing
from .kb.orientation import choose_organisme, orientation_for
from .profile import CONSEILLER
from .render import bubble, cap

# words that ask for a person rather than for the bot's advice
PERSON_ASKED_RE = re.compile(r"\b(?:conseill[eè]re?s?|humains?|personnes?|quelqu'un|rdv|rendez-vous|parler|appeler)\b", re.I)


class ActionOrienterConseiller(CapAction):
    faq_first = True

    def name(self) -> Text:
        return "action_orienter_conseiller"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        kb, profile = self.kb, self.profile(tracker)
        scheme, _ = context.named(kb, tracker, "dispositif")
        if scheme:      # "mon conseiller m'a parlé d'une immersion, c'est quoi ?": the scheme is the question
            return [FollowupAction("action_expliquer_dispositif")]
        text = (tracker.latest_message or {}).get("text") or ""
        if context.requested_action(text) == "action_suggest_metiers" and not PERSON_ASKED_RE.search(text):
            # "que me conseillez-vous ?" asks the bot's advice (trade ideas), not for a counsellor
            return [FollowupAction("action_suggest_metiers")]
        named = [orientation_for(v) for v in context.latest_values(tracker, "organisme")]
        named = [o for o in named if o]
        o = named[0] if named else choose_organisme(profile)
        label = kb.vocab_label("organismes", o.organisme)
        lead = ("Je n'ai pas de numéro de téléphone à vous donner, et je préfère ne pas en inventer. "
                if context.PHONE_RE.search(text) else "")
        head = (f"{cap(label)} :" if named else
                f"Un·e conseiller·e pourra vous aider en personne : pour vous, le plus adapté est {label}.")
        dispatcher.utter_message(text=bubble([lead + head, o.why, o.how]))
        lines = [f"Donnez-lui ce numéro de conversation : {tracker.sender_id}. Il ou elle retrouvera "
                 "la synthèse de notre échange.",
                 closing(tracker, "Voulez-vous un récapitulatif de notre échange ?", "Voulez-vous que je résume notre échange ?")]
        dispatcher.utter_message(text=bubble(lines), buttons=[
            button("Voir le récapitulatif", "ask_recap"), button("Des idées de métiers", "ask_trade_ideas")])
        return [SlotSet(CONSEILLER, o.organisme), *self.offer("action_recap")]

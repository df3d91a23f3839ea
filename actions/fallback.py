"""Two-stage fallback, and calm answers to input the NLU cannot use (empty, emoji, HTML, too long, foreign)."""
from __future__ import annotations

from typing import Any, Dict, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from .base import CapAction, main_menu
from .input_checks import classify

GUARD_ANSWERS = {
    "empty": "Je n'ai rien reçu : votre message semble vide. Écrivez-moi votre question en quelques mots.",
    "emoji": "Merci pour l'émoji ! Je ne comprends que les mots : dites-moi en une phrase ce que vous cherchez.",
    "too_long": "Votre message est très long et je risque de mal le comprendre. Pouvez-vous me dire l'essentiel en une ou deux phrases ?",
    "foreign": "Je ne parle que français, désolé. Vous pouvez m'écrire en français, même avec des fautes : je comprendrai.",
    "markup": "Je ne lis que du texte simple. Pouvez-vous écrire votre question sans code ni balises ?",
    "url": "Je ne peux pas ouvrir les liens. Dites-moi plutôt avec vos mots ce que vous cherchez : un métier, une formation, un événement ?",
}


def consecutive_fallbacks(tracker: Tracker) -> int:
    """How many user messages in a row, ending with the latest, fell to nlu_fallback."""
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        if ((event.get("parse_data") or {}).get("intent") or {}).get("name") == "nlu_fallback":
            count += 1
        else:
            break
    return count


class ActionFallback(CapAction):
    def name(self) -> Text:
        return "action_fallback"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        reason = classify(tracker.latest_message.get("text"))
        if reason in GUARD_ANSWERS:
            dispatcher.utter_message(text=GUARD_ANSWERS[reason])
        elif consecutive_fallbacks(tracker) <= 1:
            dispatcher.utter_message(text="Je n'ai pas bien compris. Pouvez-vous reformuler autrement, en quelques mots ?")
        else:
            dispatcher.utter_message(
                text="Je ne suis toujours pas sûr de comprendre, désolé. Voici ce que je peux faire pour vous, "
                     "ou je peux vous orienter vers un conseiller :",
                buttons=main_menu())
        # nothing is reset: what the person already said stays in the slots
        return []

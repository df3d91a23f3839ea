"""Fallback: calm answers to input the NLU cannot use (empty, emoji, HTML, too long, foreign), a rescue
when the message still names something the knowledge base knows, then the knowledge search (answer
the clear best match, or offer the two or three best as buttons), and only then a two-stage fallback."""
from __future__ import annotations

import re
from typing import Any, Dict, Text

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from . import context
from .base import CapAction, actions_this_turn, button, intent_of, main_menu
from .context import rescue
from .faq import answer_with, faq_answer, likely_faq, question_button, search_decision
from .kb import search
from .kb.search import QUESTION_KINDS, Hit
from .render import de, shorten
from .input_checks import classify

GUARD_ANSWERS = {
    "empty": "Je n'ai rien reçu : votre message semble vide. Écrivez-moi votre question en quelques mots.",
    "emoji": "Merci pour l'émoji ! Je ne comprends que les mots : dites-moi en une phrase ce que vous cherchez.",
    "too_long": "Votre message est très long et je risque de mal le comprendre. Pouvez-vous me dire l'essentiel en une ou deux phrases ?",
    "foreign": "Je ne parle que français, désolé. Vous pouvez m'écrire en français, même avec des fautes : je comprendrai.",
    "markup": "Je ne lis que du texte simple. Pouvez-vous écrire votre question sans code ni balises ?",
    "url": "Je ne peux pas ouvrir les liens. Dites-moi plutôt avec vos mots ce que vous cherchez : un métier, une formation, un événement ?",
}


# emoji alone: a sad or angry face is not thanked for ("😭😭" got "Merci pour l'émoji !"), a thumb is an ok
SAD_EMOJI = set("😭😢😞😔☹🙁😩😫💔😿😥😰😓😟😕😖😣😠😡🤬")
OK_EMOJI = set("👍👌🙂😊😀😃😄😁🙏✅❤💪🤝👏😉")
EMOJI_ANSWERS = {
    "sad": "Je sens que ce n'est pas facile en ce moment. Je suis là pour vous aider à trouver une piste "
           "concrète : dites-moi en quelques mots ce qui vous pèse, ou choisissez par où commencer.",
    "ok": "Avec plaisir ! Dites-moi avec vos mots ce que vous voulez voir ensuite, ou choisissez ci-dessous.",
}


def guard_answer(reason: str, text: str) -> str:
    if reason == "emoji":
        chars = set(text)
        if chars & SAD_EMOJI:
            return EMOJI_ANSWERS["sad"]
        if chars & OK_EMOJI:
            return EMOJI_ANSWERS["ok"]
    return GUARD_ANSWERS[reason]


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


# the action that answers each intent (data/rules/), for a likely guess of the classifier
INTENT_ACTIONS = {
    "ask_trade_ideas": "action_suggest_metiers", "ask_trade_info": "action_metier_info",
    "ask_trade_pay": "action_metier_info", "ask_trade_training": "action_metier_info",
    "ask_trade_conditions": "action_metier_info", "ask_scheme": "action_expliquer_dispositif",
    "ask_how_to_start": "action_expliquer_dispositif", "check_eligibility": "action_verifier_eligibilite",
    "ask_events": "action_evenements", "women_in_industry": "action_femmes_industrie",
    "disability": "action_handicap", "mobility": "action_mobilite", "ask_human": "action_orienter_conseiller",
    "ask_recap": "action_recap", "inform": "action_profil", "greet": "action_profil",
    "bot_capabilities": "action_capacites", "goodbye": "utter_goodbye", "thanks": "utter_thanks",
    "affirm": "action_profil", "deny": "action_profil",
}
GUESS_MIN = 0.25   # below FallbackClassifier's threshold (0.4), above the noise of 26 intents


def best_guess(tracker: Tracker) -> "str | None":
    """The action of the classifier's best intent when it is still likely (0.25 or more)."""
    for item in (tracker.latest_message or {}).get("intent_ranking") or []:
        if item.get("name") == "nlu_fallback":
            continue
        name, confidence = item.get("name"), float(item.get("confidence") or 0)
        if confidence >= GUESS_MIN:
            return INTENT_ACTIONS.get(name)
        return None
    return None


def kb_words(kb, text: str):
    """The words of a message the knowledge search knows, besides rude ones."""
    kinds = {name for name, _ in QUESTION_KINDS}
    return [t for t in kb.search.query_terms(context.INSULT_RE.sub(" ", text)) if t not in kinds]


def territory_faq(kb, territoire_id: str):
    """The frequent question about a Territoire d'industrie, found by its name."""
    territoire = kb.territoires.get(territoire_id)
    return search.territory_faq(kb, territoire) if territoire is not None else None


def serve_hit(kb, dispatcher: CollectingDispatcher, hit: Hit):
    """Answer a clear match of the knowledge search; None when this kind of match has no answer here."""
    if hit.kind == "faq" and hit.id in kb.faq:
        return answer_with(dispatcher, kb.faq[hit.id])
    if hit.kind == "metier" and hit.id in kb.metiers:
        dispatcher.utter_message(text=f"Vous parlez sans doute du métier {de(kb.metiers[hit.id].label_m)} :")
        return context.subject_events("metier", hit.id) + [FollowupAction("action_metier_info")]
    if hit.kind == "dispositif" and hit.id in kb.dispositifs:
        dispatcher.utter_message(text=f"Vous parlez sans doute de ce dispositif : {kb.dispositifs[hit.id].nom}.")
        return context.subject_events("dispositif", hit.id) + [FollowupAction("action_expliquer_dispositif")]
    if hit.kind == "territoire":
        entry = territory_faq(kb, hit.id)
        return answer_with(dispatcher, entry) if entry is not None else None
    return None


def choice_button(kb, hit: Hit):
    """A button for one of the search's close matches, or None when it cannot be served by a click."""
    if hit.kind == "faq" and hit.id in kb.faq:
        return question_button(kb, hit.id)
    if hit.kind == "metier" and hit.id in kb.metiers:
        return button(f"Le métier : {kb.metiers[hit.id].label_m}", "ask_trade_info", metier=hit.id)
    if hit.kind == "dispositif" and hit.id in kb.dispositifs:
        return button(shorten(kb.dispositifs[hit.id].nom, 70), "ask_scheme", dispositif=hit.id)
    if hit.kind == "territoire":
        entry = territory_faq(kb, hit.id)
        if entry is not None:
            return button(f"Le Territoire d'industrie {kb.territoires[hit.id].nom}", "choisir_question", question=entry.id)
    return None


class ActionRepondreQuestion(CapAction):
    """A frequent question chosen with a button (`/choisir_question{"question": "<id>"}`)."""

    def name(self) -> Text:
        return "action_repondre_question"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        for faq_id in context.latest_values(tracker, "question"):
            if faq_id in self.kb.faq:
                return answer_with(dispatcher, self.kb.faq[faq_id])
        return [FollowupAction("action_fallback")]


class ActionInsulte(CapAction):
    """A calm answer to rudeness; a message read as an insult without a rude word goes to what it says
    (a job lost, a place, an age…)."""
    evidence = context.INSULT_RE

    def name(self) -> Text:
        return "action_insulte"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        dispatcher.utter_message(response="utter_insult")
        return []


class ActionHorsSujet(CapAction):
    """Out of scope, unless the message still says something the bot can use (people describing a job
    held in another sector are often classified out of scope)."""

    faq_first = True

    def name(self) -> Text:
        return "action_hors_sujet"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        target = rescue(self.kb, tracker)
        if target:
            return [FollowupAction(target)]
        entry = faq_answer(self.kb, tracker, questions_only=False)
        if entry is not None:           # "l'usine c'est sale et dangereux non ?" is a real question
            return answer_with(dispatcher, entry)
        dispatcher.utter_message(response="utter_out_of_scope")
        return []


# "t un robot ou une vraie personne ?", "vous êtes humain ?": who the bot is, not robots in industry
BOT_IDENTITY_RE = re.compile(r"\b(?:t'?\s?es|tu es|t|vous [êe]tes|c'?\s?est|suis-je avec|je parle (?:[àa]|avec))\s+(?:un |une |quoi |qui |vraiment )?"
                             r"(?:robot|bot|chatbot|humaine?|vraie personne|personne r[ée]elle|ia|intelligence artificielle|machine)\b", re.I)


# "vous avez quoi ?", "tu proposes quoi ?", "ya quoi ?": what the bot has for this person
WHAT_FOR_ME_RE = re.compile(r"^\s*(?:et\s+)?(?:(?:(?:vous|tu|t')\s*(?:avez|as|proposez|proposes|auriez|aurais|voyez|vois)|y ?a|il y a)\s+quoi|"
                            r"(?:qu'?\s?est[- ]ce que|que) (?:je|j') ?(?:peux|pourrais|peut|pourrai) (?:faire|devenir)|"
                            r"je (?:peux|pourrais) (?:faire|devenir) quoi)\b"
                            r"(?:\s+(?:pour moi|alors|du coup|maintenant|comme (?:m[ée]tiers?|boulots?|jobs?)))?\s*[?!.]*\s*$", re.I)


class ActionCapacites(CapAction):
    """What the bot can do; a real question the classifier read as one ("Lisieux c'est quoi les
    industries là-bas ?") gets its frequent question or the action it names instead."""

    faq_first = True

    def name(self) -> Text:
        return "action_capacites"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        text = (tracker.latest_message or {}).get("text") or ""
        if not text.startswith("/") and not BOT_IDENTITY_RE.search(text):
            target = rescue(self.kb, tracker)
            if target and target not in (self.name(), "action_profil"):
                return [FollowupAction(target)]
            profile = self.profile(tracker)
            if WHAT_FOR_ME_RE.search(text) and (profile.interets or profile.real_constraints or profile.situation):
                # "vous avez quoi ?" once the person has said who they are: the trades for them (live turn, 2026-12-04)
                return [FollowupAction("action_suggest_metiers")]
        dispatcher.utter_message(response="utter_capabilities")
        return []


class ActionFallback(CapAction):
    def name(self) -> Text:
        return "action_fallback"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        reason = classify(tracker.latest_message.get("text"))
        if reason in GUARD_ANSWERS:
            dispatcher.utter_message(text=guard_answer(reason, tracker.latest_message.get("text") or ""),
                                     buttons=main_menu())
            return []
        text = tracker.latest_message.get("text") or ""
        if BOT_IDENTITY_RE.search(text):
            dispatcher.utter_message(response="utter_capabilities")
            return []
        if context.INSULT_RE.search(text) and not kb_words(self.kb, text):
            # "t nul" is rudeness, not a question about "nul": no frequent question answers it
            dispatcher.utter_message(response="utter_insult")
            return []
        # the intent was unclear, but the message names something the knowledge base knows
        target = rescue(self.kb, tracker)
        if target and not (target == "action_profil" and intent_of(tracker) == "inform"):
            return [FollowupAction(target)]   # (an "inform" already went through action_profil)
        # a frequent question close enough to the message, before any "je n'ai pas compris"
        entry = faq_answer(self.kb, tracker, questions_only=False)
        if entry is not None:
            return answer_with(dispatcher, entry)
        # the knowledge search finds one clear match: answer it
        decision = search_decision(self.kb, tracker)
        if decision.action == "answer":
            events = serve_hit(self.kb, dispatcher, decision.hits[0])
            if events is not None:
                return events
        entry = likely_faq(self.kb, tracker, dead_end=True)
        if entry is not None:
            return answer_with(dispatcher, entry)
        # the classifier hesitated, but its best guess is still likely enough to serve (unless that
        # action already answered this message and handed it here)
        guess = best_guess(tracker)
        if guess and guess not in actions_this_turn(tracker):
            return [FollowupAction(guess)]
        # several close matches: the person chooses
        buttons = [b for b in (choice_button(self.kb, h) for h in decision.hits) if b]
        if buttons:
            dispatcher.utter_message(
                text="Je ne suis pas sûr d'avoir bien compris. Vous voulez parler de l'un de ces sujets ?",
                buttons=buttons + [button("Autre chose", "bot_capabilities")])
            return []
        if consecutive_fallbacks(tracker) <= 1:
            dispatcher.utter_message(
                text="Je n'ai pas bien compris. Pouvez-vous le dire autrement ? Par exemple : « quels métiers "
                     "sans diplôme ? », « c'est quoi une immersion ? », « des événements près de Lyon ».",
                buttons=main_menu())
        else:
            dispatcher.utter_message(
                text="Je ne suis toujours pas sûr de comprendre, désolé. Voici ce que je peux faire pour vous, "
                     "ou je peux vous orienter vers un conseiller :",
                buttons=main_menu())
        # nothing is reset: what the person already said stays in the slots
        return []

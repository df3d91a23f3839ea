"""Frequent questions (knowledge/faq.yml), chosen by the ResponseSelector, answered with context.

The retrieval intent `faq` is a large class: a message that only tells something about the person
("jsuis vers Pithiviers, 45300"), a follow-up on the subject being discussed ("c'est payé ?") or a
question about a scheme the FAQ entry is not about would be answered off the point. This action
keeps the FAQ answer for real questions and hands the others to the action that fits; an answer
linked to a trade or a scheme makes it the subject of the conversation, so follow-ups resolve.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from . import context
from .base import CapAction
from .context import PHONE_RE, PROFILE_ENTITIES, changed_this_turn
from .kb.text import normalize

QUESTION_RE = re.compile(
    r"\?|^\s*(?:et\s+)?(?:comment|pourquoi|quand|combien|est[- ]ce|c'?est quoi|c koi|cest quoi|qui|o[uù]|quel(?:le)?s?|"
    r"faut[- ]il|faut|peut[- ]on|on peut|je peux|j'?peux|y a|ya|il y a|existe|ça|ca|c'est|c)\b", re.I)
# Below this ResponseSelector confidence the FAQ entry is a guess (calibrated on the conversation
# suite: right answers were at 0.15 or more, wrong ones mostly below); the next intent decides then.
MIN_CONFIDENCE = 0.15
# …unless the message shares a rare word with the entry ("enceinte", "CACES", "Lisieux")
OVERLAP_CONFIDENCE = 0.05
ELIGIBILITY_RE = re.compile(r"\b(?:pour moi|j'?\s?y ai droit|droit [àa]|[àa] \d{2} ans|je peux (?:la|le|en) faire|accessible|ouvert)", re.I)
INTENT_ACTIONS = {
    "ask_trade_ideas": "action_suggest_metiers", "ask_trade_info": "action_metier_info",
    "ask_trade_pay": "action_metier_info", "ask_trade_training": "action_metier_info",
    "ask_trade_conditions": "action_metier_info", "ask_scheme": "action_expliquer_dispositif",
    "ask_how_to_start": "action_expliquer_dispositif", "check_eligibility": "action_verifier_eligibilite",
    "ask_events": "action_evenements", "women_in_industry": "action_femmes_industrie",
    "disability": "action_handicap", "mobility": "action_mobilite", "ask_human": "action_orienter_conseiller",
    "ask_recap": "action_recap", "inform": "action_profil", "greet": "action_profil",
    "bot_capabilities": "utter_capabilities", "goodbye": "utter_goodbye", "thanks": "utter_thanks",
}


def next_intent_action(tracker: Tracker) -> Optional[str]:
    """The action of the best intent after `faq` in the classifier's ranking."""
    for item in (tracker.latest_message or {}).get("intent_ranking") or []:
        name = item.get("name")
        if name in INTENT_ACTIONS:
            return INTENT_ACTIONS[name]
        if name not in ("faq",):
            return None
    return None


def selected(tracker: Tracker) -> Tuple[Optional[str], float]:
    """(faq id, confidence) chosen by the ResponseSelector for the latest message."""
    selector = ((tracker.latest_message or {}).get("response_selector") or {}).get("faq") or {}
    response = selector.get("response") or {}
    name = response.get("utter_action") or response.get("intent_response_key") or ""
    faq_id = name.split("/", 1)[1] if "/" in name else None
    return faq_id, float(response.get("confidence") or 0.0)


_DOC_FREQ: Dict[str, int] = {}


def _words(text: str) -> set:
    return {w for w in normalize(text).split() if len(w) >= 5}


def rare_overlap(kb, entry, text: str) -> bool:
    """True when the message shares with the entry's questions a word found in at most 3 entries."""
    if not _DOC_FREQ:
        for f in kb.faq.values():
            for w in _words(" ".join(f.questions)):
                _DOC_FREQ[w] = _DOC_FREQ.get(w, 0) + 1
    shared = _words(text) & _words(" ".join(entry.questions))
    return any(_DOC_FREQ.get(w, 99) <= 3 for w in shared)


TERRITORY_RE = re.compile(r"territoire|industrie|recrut|emploi|usines?\b|entreprises", re.I)


def territory_entry(kb, tracker: Tracker):
    """The territory entry of the FAQ for a place named with words about its industry ("Lisieux
    territoire d'industrie", "à Thiers il y a quoi comme industrie"), read from the entries' questions."""
    text = (tracker.latest_message or {}).get("text") or ""
    places = context.latest_values(tracker, "lieu")
    if not places or not TERRITORY_RE.search(text):
        return None
    wanted = [w for p in places if p for w in normalize(p).split() if len(w) >= 5]
    for entry in kb.faq.values():
        if entry.theme != "territoires":
            continue
        blob = f" {normalize(' '.join(entry.questions))} "
        if any(f" {w}" in blob for w in wanted):
            return entry
    return None


def faq_answer(kb, tracker: Tracker, min_confidence: float = MIN_CONFIDENCE, themes: Optional[set] = None):
    """The FAQ entry the ResponseSelector found for this message, when it is confident enough (or
    shares a rare word with it) and, if given, on one of `themes`; else None."""
    by_place = territory_entry(kb, tracker)
    if by_place is not None and (not themes or by_place.theme in themes):
        return by_place
    faq_id, confidence = selected(tracker)
    entry = kb.faq.get(faq_id) if faq_id else None
    text = (tracker.latest_message or {}).get("text") or ""
    if entry is None or not text or text.startswith("/") or (themes and entry.theme not in themes):
        return None
    if confidence >= min_confidence or (confidence >= OVERLAP_CONFIDENCE and rare_overlap(kb, entry, text)):
        return entry
    return None


def answer_with(dispatcher, entry) -> List[Dict[str, Any]]:
    """Say the FAQ answer; a trade or scheme it is about becomes the subject of the conversation."""
    dispatcher.utter_message(response=f"utter_faq/{entry.id}")
    if entry.dispositifs:
        return context.subject_events("dispositif", entry.dispositifs[0])
    if entry.metiers:
        return context.subject_events("metier", entry.metiers[0])
    return []


class ActionFaq(CapAction):
    def name(self) -> Text:
        return "action_faq"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        kb = self.kb
        faq_id, confidence = selected(tracker)
        entry = kb.faq.get(faq_id) if faq_id else None
        text = (tracker.latest_message or {}).get("text") or ""
        entities = {e.get("entity") for e in (tracker.latest_message or {}).get("entities") or []}
        target = self._other_action(kb, tracker, entry, text, entities)
        if target:
            return [FollowupAction(target)]
        if entry is not None and confidence < MIN_CONFIDENCE and confidence >= OVERLAP_CONFIDENCE \
                and rare_overlap(kb, entry, text):
            confidence = MIN_CONFIDENCE
        if entry is None or confidence < MIN_CONFIDENCE:
            return [FollowupAction(next_intent_action(tracker) or "action_fallback")]
        return answer_with(dispatcher, entry)

    @staticmethod
    def _other_action(kb, tracker: Tracker, entry, text: str, entities: set) -> Optional[str]:
        asks = bool(QUESTION_RE.search(text))
        request = context.requested_action(text)
        if request:
            return request
        if context.is_bare_definition(text) and context.parse(tracker.get_slot("sujet")):
            subject = context.parse(tracker.get_slot("sujet"))
            return "action_metier_info" if subject[0] == "metier" else "action_expliquer_dispositif"
        if (context.latest_values(tracker, "organisme") and asks) or PHONE_RE.search(text):
            return "action_orienter_conseiller"   # who to contact: the hand-off, with the conversation number
        # a statement about oneself, not a question: the profile answer
        if not asks and entities & PROFILE_ENTITIES and changed_this_turn(tracker):
            return "action_profil"
        linked_schemes = set(entry.dispositifs) if entry else set()
        linked_trades = set(entry.metiers) if entry else set()
        scheme, _ = context.named(kb, tracker, "dispositif")
        if scheme:
            # a scheme named: its own sheet answers (what it is, for whom, eligibility for this person,
            # details on demand); the FAQ serves the questions that name none ("essayer un métier avant ?")
            return "action_verifier_eligibilite" if ELIGIBILITY_RE.search(text) else "action_expliquer_dispositif"
        trade, _ = context.named(kb, tracker, "metier")
        if trade and trade not in linked_trades:
            return "action_metier_info"
        # "le deuxième", "c'est payé ?": a follow-up on what was just shown
        pointed = context.from_list(tracker)
        if pointed is None and context.aspect(tracker) in context.FOLLOW_UP_ASPECTS and len(text.split()) <= 6:
            pointed = context.parse(tracker.get_slot("sujet"))
        if pointed and pointed[1] not in linked_schemes | linked_trades:
            return "action_metier_info" if pointed[0] == "metier" else "action_expliquer_dispositif"
        return None

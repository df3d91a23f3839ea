"""Frequent questions (knowledge/faq.yml) offered to the actions.

The ResponseSelector picks the closest entry for every message; DIET does not classify `faq`
(components/topic_classifier.py). An action uses the entry when it lacks its own subject, and the
fallback before any "je n'ai pas compris" (`faq_answer`); an answer linked to a trade or a scheme
makes it the subject of the conversation, so follow-ups resolve (`answer_with`).
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Tuple

from rasa_sdk import Tracker

from . import context
from .kb.text import normalize

# Below this ResponseSelector confidence the FAQ entry is a guess (calibrated on the conversation
# suite: right answers were at 0.15 or more, wrong ones mostly below).
MIN_CONFIDENCE = 0.15
# …unless the message shares a rare word with the entry ("enceinte", "CACES", "Lisieux")
OVERLAP_CONFIDENCE = 0.05


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

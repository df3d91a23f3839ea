"""Frequent questions (knowledge/faq.yml) offered to the actions.

Two rankers look at every message: the ResponseSelector (trained on the question variants; DIET does
not classify `faq`, components/topic_classifier.py) and the BM25 knowledge search
(actions/kb/search.py), which also knows trades, schemes, territories and events. `faq_answer` takes
the search's entry when the search is clear, the selector's when the two agree or when the selector is
confident. An action uses the entry when it lacks its own subject, and the fallback before any "je n'ai
pas compris"; an answer linked to a trade or a scheme makes it the subject of the conversation, so
follow-ups resolve (`answer_with`).
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Tuple

from rasa_sdk import Tracker

from . import context
from .kb.extract import get_extractor
from .kb.search import Decision, Hit, territory_question
from .kb.text import normalize
from .profile import SUJET
from .render import button, shorten

# Below this selector confidence the FAQ entry is a guess. components/faq_selector.py (a logistic regression
# over 183 entries) on a quarter of the question variants held out, 2026-12-04: at 0.3, 37 right and 27
# wrong of 280 pass; the ResponseSelector it replaced let 18 right and 31 wrong through at its 0.15.
MIN_CONFIDENCE = 0.3
# …unless the message shares a rare word with the entry ("enceinte", "CACES", "Lisieux"): at 0.1, 86 right
# and 92 wrong of 280 pass (the ResponseSelector at its 0.05: 45 right, 181 wrong)
OVERLAP_CONFIDENCE = 0.1
# Actions that need more pass their own `min_confidence`; on the same 280 held-out questions, passing right /
# wrong: 0.2 → 57 / 56, 0.45 → 21 / 9, 0.5 → 19 / 3, 0.55 → 14 / 2.


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
    return territory_question(kb, places)


def question_button(kb, faq_id: str):
    """A button that answers this frequent question when clicked (action_repondre_question)."""
    return button(shorten(kb.faq[faq_id].questions[0], 70), "choisir_question", question=faq_id)


_SEARCHES: Dict[Tuple[int, str], List[Hit]] = {}


def search_hits(kb, tracker: Tracker, k: int = 5) -> List[Hit]:
    """The knowledge search's best targets for the latest message (memoised: several actions of one
    turn ask for the same message)."""
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    if not text or text.startswith("/"):
        return []
    lemmas = message.get("lemmas")
    alone = _search(kb, text, lemmas, k)
    if context.asks(text) and len(kb.search.query_terms(text, lemmas)) <= FOLLOW_UP_TERMS \
            and kb.search.decide(alone).action != "answer" and not (alone and alone[0].id == selected(tracker)[0]):
        # (unless the selector puts first what the search finds for the message alone: "l'industrie c'est pas
        # un truc d'hommes ?" after "maman solo de 2 enfants" is about stereotypes, not single parents)
        # a short follow-up ("il faut combien d'ancienneté ?", "c'est légal ?") is read with the
        # question before it; after a trade's sheet, with the trade's name ("et faut le permis pour ça ?"
        # is about the chaudronnier, while the question before, "c quoi la différence entre soudeur et
        # chaudronnier", would find the difference between apprenticeship and contrat pro)
        trade = current_trade(kb, tracker)
        previous = trade.label_m if trade is not None else previous_user_text(tracker)
        if previous:
            text, lemmas = f"{previous} {text}", None
    return _search(kb, text, lemmas, k)


def _search(kb, text: str, lemmas, k: int) -> List[Hit]:
    """The search for one text, memoised. A short question that is clear on its own ("à mon âge ils vont
    me prendre ?") is not read with the message before it."""
    key = (id(kb), text, k)
    if key not in _SEARCHES:
        if len(_SEARCHES) > 512:
            _SEARCHES.clear()
        _SEARCHES[key] = kb.search.search(text, lemmas=lemmas, k=k)
    return _SEARCHES[key]


FOLLOW_UP_TERMS = 2


def current_trade(kb, tracker: Tracker):
    """The trade that is the conversation's current subject (its sheet was shown last), or None."""
    subject = context.parse(tracker.get_slot(SUJET))
    return kb.metiers.get(subject[1]) if subject and subject[0] == "metier" else None


def previous_user_text(tracker: Tracker) -> str:
    """The person's message before the latest one, if any (not a button payload)."""
    seen = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen += 1
            if seen == 2:
                text = event.get("text") or ""
                return "" if text.startswith("/") else text
    return ""


def search_decision(kb, tracker: Tracker) -> Decision:
    return kb.search.decide(search_hits(kb, tracker))


# questions this close to the best are a tie, which the ResponseSelector breaks (its own guesses are
# unreliable among 183 entries, so only near-exact ties)
FAQ_TIE = 0.99
AGREEMENT_SCORE = 3.0   # the search's first match, when the ResponseSelector picked it too (see clear_faq)


def last_faq(tracker: Tracker) -> Optional[str]:
    """The frequent question the bot answered last in this conversation, if any."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            name = ((event.get("metadata") or {}).get("utter_action") or "")
            if name.startswith("utter_faq/"):
                return name.split("/", 1)[1]
    return None


def not_again(tracker: Tracker, entry):
    """The entry, unless it is the answer just given (a follow-up gets something new, not a repeat)."""
    if entry is None or entry.id == last_faq(tracker):
        return None
    return entry


def _fits(entry, themes: Optional[set]):
    """The entry when it exists and, if themes are given, is on one of them; else None."""
    return entry if entry is not None and (not themes or entry.theme in themes) else None


def clear_faq(kb, tracker: Tracker, themes: Optional[set] = None):
    """The FAQ entry the knowledge search finds clearly for this message, or that both rankers put
    first (two independent rankers agreeing on a long question is strong evidence), or None."""
    hits = search_hits(kb, tracker)
    chosen, _ = selected(tracker)
    if hits and hits[0].kind == "faq" and hits[0].id == chosen and hits[0].score >= AGREEMENT_SCORE:
        entry = _fits(kb.faq.get(chosen), themes)
        if entry is not None:
            return entry
    decision = search_decision(kb, tracker)
    if decision.action == "answer" and decision.hits[0].kind == "faq":
        best = decision.hits[0]
        tied = {h.id for h in hits if h.kind == "faq" and h.rank >= FAQ_TIE * best.rank}
        return _fits(kb.faq.get(chosen if chosen in tied else best.id), themes)
    return None


# the search's first match, taken by an action whose own answer would be generic: a clear match, or a
# strong one even for a long message; where the action's answer is a dead end ("De quel métier… ?" to
# "c koi les 3x8 ?", "je n'ai pas compris"), a fair one too
STRONG_SCORE, STRONG_COVERAGE = 3.5, 0.3   # make calibrate-search, section « questions … action générique »
LONG_COVERAGE = 0.25   # a strong match in a long message with context ("2x8 ça veut dire qu'on bosse 16 h ?")
FAIR_SCORE, FAIR_COVERAGE = 3.0, 0.5


def likely_faq(kb, tracker: Tracker, themes: Optional[set] = None, dead_end: bool = False):
    """The frequent question an action with nothing specific to say gives instead, or None."""
    return not_again(tracker, _likely_faq(kb, tracker, themes, dead_end))


def _likely_faq(kb, tracker: Tracker, themes: Optional[set], dead_end: bool):
    entry = clear_faq(kb, tracker, themes)
    if entry is not None:
        return entry
    hits = search_hits(kb, tracker)
    if not hits or hits[0].kind != "faq":
        return None
    best = hits[0]
    strong = best.score >= STRONG_SCORE and best.coverage >= STRONG_COVERAGE
    fair = best.score >= FAIR_SCORE and best.coverage >= FAIR_COVERAGE
    if strong or (dead_end and fair):
        return _fits(kb.faq.get(best.id), themes)
    return None


def faq_answer(kb, tracker: Tracker, min_confidence: float = MIN_CONFIDENCE, themes: Optional[set] = None,
               search: bool = True, questions_only: bool = True):
    """See `_faq_answer`; never the answer just given."""
    return not_again(tracker, _faq_answer(kb, tracker, min_confidence, themes, search, questions_only))


def _faq_answer(kb, tracker: Tracker, min_confidence: float, themes: Optional[set], search: bool,
                questions_only: bool):
    """The FAQ entry for this message, if given on one of `themes`, else None: the one the knowledge
    search finds clearly; else the ResponseSelector's when the search ranks it too, when the selector
    is confident enough, or when it shares a rare word with the message. With `search=False`, or for a
    statement (not a question) unless `questions_only=False`, the selector's confidence alone decides: a
    follow-up on the current subject must not be taken over by a question that merely shares its words
    ("c'est plutôt au bureau ou à l'atelier ?")."""
    by_place = _fits(territory_entry(kb, tracker), themes)
    if by_place is not None:
        return by_place
    text = (tracker.latest_message or {}).get("text") or ""
    if not text or text.startswith("/"):
        return None
    # the search answers questions; a statement ("je suis travailleur handicapé, RQTH, 35 ans") is for
    # the action to acknowledge, unless the fallback asks (it has nothing better to say)
    search = search and (context.asks(text) or not questions_only)
    clear = clear_faq(kb, tracker, themes) if search else None
    if clear is not None:
        return clear
    faq_id, confidence = selected(tracker)
    entry = kb.faq.get(faq_id) if faq_id else None
    hits = search_hits(kb, tracker) if search else []
    top = _fits(kb.faq.get(hits[0].id), themes) if hits and hits[0].kind == "faq" else None
    if top is not None and hits[0].score >= STRONG_SCORE and hits[0].coverage >= LONG_COVERAGE:
        return top      # a strong first match of the search beats a selector that guesses among 180 entries
    if _fits(entry, themes) is None:
        return None
    ranked = {h.id for h in hits if h.kind == "faq"}
    if confidence >= OVERLAP_CONFIDENCE and entry.id in ranked:
        return entry
    if top is not None and hits[0].score >= FAIR_SCORE and hits[0].coverage >= FAIR_COVERAGE:
        return top      # "et Transitions Pro c'est quoi ?" is not about the immersion the selector chose
    if confidence >= min_confidence or (confidence >= OVERLAP_CONFIDENCE and rare_overlap(kb, entry, text)):
        return entry
    return None


_SUBJECTS: Dict[str, set] = {}


def about(kb, entry, kind: str, item_id: str) -> bool:
    """Whether a frequent question is about this trade or scheme: linked to it in knowledge/faq.yml, or
    naming it in its questions ("l'apprentissage c'est jusqu'à quel âge ?")."""
    if item_id in (entry.metiers if kind == "metier" else entry.dispositifs):
        return True
    if entry.id not in _SUBJECTS:
        found = set()
        for question in entry.questions:
            for f in get_extractor().extract(question):
                if f.entity in ("metier", "dispositif"):
                    found.add((f.entity, str(f.value)))
        _SUBJECTS[entry.id] = found
    return (kind, item_id) in _SUBJECTS[entry.id]


def answer_with(dispatcher, entry) -> List[Dict[str, Any]]:
    """Say the FAQ answer; a trade or scheme it is about becomes the subject of the conversation."""
    dispatcher.utter_message(response=f"utter_faq/{entry.id}")
    if entry.dispositifs:
        return context.subject_events("dispositif", entry.dispositifs[0])
    if entry.metiers:
        return context.subject_events("metier", entry.metiers[0])
    return []

"""Shared plumbing of the dialogue actions: knowledge access, profile, one question at most, safe execution."""
from __future__ import annotations

import logging
import re
from abc import ABCMeta, abstractmethod
from typing import Any, Dict, List, Optional, Pattern, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from . import context
from .context import RECAP_RE, asks, changed_this_turn, rescue
from .faq import answer_with, clear_faq, likely_faq
from .kb import get_knowledge
from .kb.loader import KnowledgeBase
from .kb.profile import NO_CONSTRAINT, Profile
from .profile import (CONTRAINTES, DERNIERE_QUESTION, INTERETS, PROPOSITION, QUESTIONS_POSEES, as_list, merge_unique,
                      profile_from_slots)
from .questions import next_question, response_for
from .render import button, join_fr, main_menu  # noqa: F401 - re-exported for the actions

logger = logging.getLogger(__name__)

TECHNICAL_ERROR = ("Oups, j'ai eu un petit souci technique en préparant ma réponse. "
                   "Ce que vous m'avez dit est bien gardé. Pouvez-vous reformuler ou choisir une option ?")


def intent_of(tracker: Tracker) -> Optional[str]:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def actions_this_turn(tracker: Tracker) -> List[str]:
    """Names of the actions already run since the latest user message."""
    names: List[str] = []
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        if event.get("event") == "action" and event.get("name") not in ("action_listen",):
            names.append(event.get("name"))
    return names


def actions_that_answered(tracker: Tracker) -> List[str]:
    """Of the actions run since the latest user message, those that sent the person a message (an action
    that only handed over to another one did not answer)."""
    answered: List[str] = []
    message_after = False   # walking backwards: a message seen since the previous (later) action
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        if event.get("event") == "bot":
            message_after = True
        elif event.get("event") == "action" and event.get("name") != "action_listen":
            if message_after:
                answered.append(event.get("name"))
            message_after = False
    return answered


def previous_questions(tracker: Tracker) -> List[str]:
    """The questions the bot asked in its previous turn (lines ending with '?'), lower-cased."""
    out: List[str] = []
    users = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users += 1
            if users == 2:
                break
            continue
        if users == 1 and event.get("event") == "bot":
            out += [line.strip().lower() for line in (event.get("text") or "").splitlines() if line.strip().endswith("?")]
    return out


def closing(tracker: Tracker, *variants: str) -> str:
    """A closing question the bot did not ask in its previous turn (never the same question twice in a row)."""
    asked = set(previous_questions(tracker))
    for v in variants:
        if v.strip().lower() not in asked:
            return v
    return variants[-1]


def own_answer_first(kb, tracker: Tracker, kind: str) -> bool:
    """For the trade and scheme actions: their own answer is the specific one, a frequent question must
    not take the turn: a bare definition of the trade or scheme named ("c'est quoi une immersion ?"), or
    an aspect of the current subject ("comment je commence ?", "c'est payé ?")."""
    named, _ = context.named(kb, tracker, kind)
    text = (tracker.latest_message or {}).get("text") or ""
    if named and context.DEFINITION_RE.search(text) and len(kb.search.query_terms(text)) <= 2:
        return True
    return bool(context.latest_values(tracker, "aspect")) and not named


# actions that answer a statement of a constraint themselves ("je suis en fauteuil" gets the disability
# answer, "j'ai pas le permis" the transport one), and the profile action itself
STATEMENT_OWNERS = {"action_profil", "action_handicap", "action_mobilite", "action_femmes_industrie", "action_insulte",
                    "action_evenements",
                    "action_recommencer", "action_recap"}


# a person asked for ("je voudrais parler à un conseiller, j'aime la mécanique"): the hand-over answers
HUMAN_ASKED_RE = re.compile(r"\b(?:conseill\w*|humaine?|quelqu'un|t[ée]l[ée]phone|num[ée]ro|appeler|rendez-vous|rdv|parler [àa])\b", re.I)


def said_likes_or_limits(tracker: Tracker) -> bool:
    """This message added a liking or a constraint to the profile (action_validate_slot_mappings), and
    names no trade or scheme of its own ("je cherche un truc où on me prend sans CV" is about the MRS)."""
    named = {e.get("entity") for e in (tracker.latest_message or {}).get("entities") or []}
    if named & {"metier", "dispositif", "organisme"}:
        return False
    changed = changed_this_turn(tracker)
    for name in (INTERETS, CONTRAINTES):
        if name in changed and set(as_list(changed[name])) - set(as_list(_value_before_turn(tracker, name))) - {NO_CONSTRAINT}:
            return True
    return False


def _value_before_turn(tracker: Tracker, name: str):
    """A slot's value before the latest user message (None when it was never set)."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_user = True
        elif seen_user and event.get("event") == "slot" and event.get("name") == name:
            return event.get("value")
    return None


class CapAction(Action, metaclass=ABCMeta):
    """Base class: subclasses implement `respond`; any unexpected error becomes a polite French message.

    After each answer the turn's context is tidied: the profile question of the previous turn and the
    offer a "oui" would accept only last one turn, unless this answer sets them again."""

    @abstractmethod
    def name(self) -> Text:  # pragma: no cover - abstract
        raise NotImplementedError

    @property
    def kb(self) -> KnowledgeBase:
        return get_knowledge()

    def profile(self, tracker: Tracker) -> Profile:
        return profile_from_slots(tracker.current_slot_values(), self.kb)

    # words a message asking for this action contains; when the classifier chose this action for a
    # message with none of them that tells something about the person, action_profil answers instead
    # ("j'ai une licence de bio et je trouve rien" is not about disability)
    evidence: Optional[Pattern[str]] = None

    # a generic answer (trade ideas, the list of schemes, "ce que je sais faire"…) gives way to the frequent
    # question the knowledge search finds clearly for a question ("les robots vont remplacer les
    # ouvriers ?" read as a request for trade ideas); an action with a subject decides in `faq_may_answer`
    faq_first: bool = False

    def faq_may_answer(self, tracker: Tracker, entry) -> bool:
        return self.faq_first

    def faq_instead(self, tracker: Tracker):
        """The frequent question that answers this message better than this action would, or None."""
        text = (tracker.latest_message or {}).get("text") or ""
        if not text or text.startswith("/") or not asks(text):
            return None
        if context.requested_action(text) == self.name():
            return None   # "t'as des idées ?" asks for this very answer (live turn, 2026-12-04: got the Sunday rest)
        if len(changed_this_turn(tracker)) >= 2:
            return None   # a person describing themselves ("g 19 ans, j'ai arrêté le lycée…") is answered on that
        if actions_this_turn(tracker):
            # handed over by another action ("le cpf suffit pour payer une formation de technicien ?" goes from
            # the trade to the scheme): only a frequent question the search finds clearly takes the turn
            entry = clear_faq(self.kb, tracker)
            return entry if entry is not None and self.faq_may_answer(tracker, entry) else None
        entry = likely_faq(self.kb, tracker)
        return entry if entry is not None and self.faq_may_answer(tracker, entry) else None

    def lacks_evidence(self, tracker: Tracker) -> bool:
        """Only for an action the policy chose from the intent (not one another action handed over to)."""
        text = (tracker.latest_message or {}).get("text") or ""
        if self.evidence is None or not text or text.startswith("/") or actions_this_turn(tracker):
            return False
        return not self.evidence.search(text)

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        text = (tracker.latest_message or {}).get("text") or ""
        if RECAP_RE.search(text) and self.name() != "action_recap" and not text.startswith("/"):
            return self._no_loop(tracker, [FollowupAction("action_recap")], dispatcher)   # "…, tu peux résumer ?"
        if context.TERRITORY_ASKED_RE.search(text) and context.latest_values(tracker, "lieu") \
                and self.name() != "action_evenements" and not text.startswith("/"):
            # "j'habite Soissons, c'est dans un territoire d'industrie ?": membership is the events action's
            return self._no_loop(tracker, [FollowupAction("action_evenements")], dispatcher)
        asked = tracker.get_slot(DERNIERE_QUESTION)
        if asked and self.name() != "action_profil" and not text.startswith("/") and not asks(text) \
                and asked in changed_this_turn(tracker) and not actions_this_turn(tracker):
            # "pas le permis et pas de nuit" in answer to "y a-t-il quelque chose dont je dois tenir compte ?"
            # is an answer: noted, and the ideas updated (not the mobility answer to a question)
            return self._no_loop(tracker, [FollowupAction("action_profil")], dispatcher)
        if (self.name() not in STATEMENT_OWNERS or self.lacks_evidence(tracker)) and not text.startswith("/") and not asks(text) \
                and not actions_this_turn(tracker) and said_likes_or_limits(tracker) and not HUMAN_ASKED_RE.search(text):
            # "je m'intéresse à la qualité, vérifier les produits" after a scheme's card, "j'ai l'habitude du
            # dehors, des tracteurs" the classifier could not place: a statement of what the person likes or
            # cannot do is noted and the ideas updated, whatever the intent guessed (live turns, 2026-12-04)
            return self._no_loop(tracker, [FollowupAction("action_profil")], dispatcher)
        if self.lacks_evidence(tracker):
            target = rescue(self.kb, tracker)
            return self._no_loop(tracker, [FollowupAction(target if target and target != self.name() else "action_fallback")],
                                 dispatcher)
        try:
            entry = self.faq_instead(tracker)
            if entry is not None:
                events = answer_with(dispatcher, entry)
            else:
                events = list(self.respond(dispatcher, tracker, domain) or [])
        except Exception:  # noqa: BLE001 - the person must never see a traceback
            logger.exception("action %s failed", self.name())
            dispatcher.utter_message(text=TECHNICAL_ERROR, buttons=main_menu())
            events = []
        events = self._no_loop(tracker, events, dispatcher)
        if any(e.get("event") == "followup" for e in events):
            return events      # the action that follows answers this turn and tidies the context
        set_now = {e.get("name") for e in events if e.get("event") == "slot"}
        for slot in (DERNIERE_QUESTION, PROPOSITION):
            if slot not in set_now and tracker.get_slot(slot) is not None:
                events.append(SlotSet(slot, None))
        return events

    def _no_loop(self, tracker: Tracker, events: List[Dict[str, Any]],
                 dispatcher: Optional[CollectingDispatcher] = None) -> List[Dict[str, Any]]:
        """A hand-over never goes back to an action that already answered this message, nor twice to one
        that handed over without answering (no loop): the fallback takes it, and if the fallback already
        ran, the turn ends here with a message. Going back once to an action that only handed over is the
        hand-back it asked for ("je cherche un métier où la précision compte" answers the question just
        asked: action_profil notes it, then the ideas action it came from lists the trades)."""
        ran = actions_this_turn(tracker)
        done = set(actions_that_answered(tracker)) | {n for n in ran if ran.count(n) >= 2} | {self.name()}
        out = []
        for e in events:
            if e.get("event") == "followup" and e.get("name") in done:
                if "action_fallback" in done:
                    if dispatcher is not None and not dispatcher.messages:
                        dispatcher.utter_message(response="utter_default")
                    continue
                e = FollowupAction("action_fallback")
            out.append(e)
        return out

    @abstractmethod
    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> Optional[List[Dict[Text, Any]]]:
        raise NotImplementedError

    # -- at most one question after an answer ----------------------------------------------------
    def ask_one(self, dispatcher: CollectingDispatcher, tracker: Tracker, purpose: str,
                slots: Optional[Dict[str, Any]] = None) -> List[Dict[str, Any]]:
        """Ask the missing fact that would change this answer most (never one asked before), if any."""
        current = dict(tracker.current_slot_values())
        current.update(slots or {})
        slot = next_question(current, purpose)
        if slot is None:
            return []
        dispatcher.utter_message(response=response_for(slot))
        return [SlotSet(DERNIERE_QUESTION, slot),
                SlotSet(QUESTIONS_POSEES, merge_unique(tracker.get_slot(QUESTIONS_POSEES), [slot]))]

    @staticmethod
    def offer(action: str, subject: Optional[str] = None) -> List[Dict[str, Any]]:
        """Remember what the bot just offered ("action" or "action|dispositif:pmsmp"), so that a plain
        "oui" accepts it."""
        return [SlotSet(PROPOSITION, f"{action}|{subject}" if subject else action)]

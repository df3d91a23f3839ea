"""When the person tells something about themselves (or says oui / non / passons): say back what was
understood, then do the most useful next thing — serve the request that was waiting, update the trade
ideas when what changed matters to them, propose trades once enough is known, or ask one question
that was never asked before."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from .base import CapAction, closing, intent_of
from .context import changed_this_turn, requested_action, rescue
from .faq import answer_with, faq_answer
from .kb.profile import NO_CONSTRAINT
from .profile import (AGE, CONTRAINTES, DEMANDE, DERNIERE_QUESTION, DIPLOME, INTERETS, LIEU,
                      METIERS_PROPOSES, PROCHE, PROPOSITION, SITUATION, SKIPPED, SUJET, as_list, merge_unique, parse_age)
from .questions import is_known
from . import context
from .context import INSULT_RE, asks
from .render import bubble, said_back, shorten
from .schemes import where_to_find

# asking or looking for something (a trade or scheme named then is the request, not the person's job)
WANTS_RE = re.compile(r"\b(?:cherche|voudrais|veux|aimerais|int[ée]ress|envie|faire (?:un|une)|devenir)", re.I)
RANKING_SLOTS = {INTERETS, CONTRAINTES, DIPLOME, SITUATION}


def known_before_turn(tracker: Tracker, slot: str) -> bool:
    """Whether `slot` had a value before the latest user message."""
    events = tracker.events
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events))
    return any(e.get("event") == "slot" and e.get("name") == slot and e.get("value") for e in events[:last_user])


def said_parts(kb, changed: Dict[str, Any], proche: bool = False) -> List[str]:
    parts: List[str] = []
    if changed.get(PROCHE) and changed.get(AGE):
        parts.append(f"votre enfant a {changed[AGE]} ans")
    elif changed.get(AGE):
        parts.append(f"{changed[AGE]} ans")
    if changed.get(SITUATION):
        parts.append(kb.vocab_label("situations", changed[SITUATION]))
    if changed.get(LIEU):
        parts.append(str(changed[LIEU]))
    if changed.get(DIPLOME) and DIPLOME not in (changed.get(CONTRAINTES) or []):
        label = kb.vocab_label("niveaux", changed[DIPLOME])
        if changed[DIPLOME] != "sans_diplome":
            parts.append(f"niveau {label}")
    if changed.get(INTERETS):
        labels = [kb.vocab_label("interets", i) for i in as_list(changed[INTERETS])[-2:]]
        if proche:
            labels = [re.sub(r"\bvos\b", "ses", label) for label in labels]
        parts.append(("votre enfant aime " if proche else "vous aimez ") + ", ".join(labels))
    contraintes = as_list(changed.get(CONTRAINTES))
    if contraintes == [NO_CONSTRAINT]:
        parts.append("pas de contrainte particulière")
    elif contraintes:
        # every constraint said, not the last two: a person who gave four must see the four were heard
        parts.append(", ".join(kb.vocab_label("contraintes", c) for c in contraintes[-4:]))
    return parts


# a first word for the person's situation, said once, when it is first understood
SITUATION_WORDS = {
    "salarie": "Changer de métier, c'est possible : l'industrie forme et recrute beaucoup de personnes en reconversion.",
    "demandeur_emploi": "L'industrie recrute, y compris sans expérience du secteur : cherchons des pistes concrètes.",
    "decrocheur": "Quitter l'école n'empêche rien : beaucoup de métiers de l'industrie s'apprennent en travaillant.",
    "lyceen": "Bonne idée de regarder l'industrie dès maintenant : beaucoup de métiers s'apprennent en alternance.",
    "collegien": "C'est le bon moment pour découvrir les métiers de l'industrie.",
    "etudiant": "L'industrie recrute à tous les niveaux de diplôme, de l'opérateur à l'ingénieur.",
    "parent_au_foyer": "Reprendre un travail après une pause, c'est possible : l'industrie recrute et forme.",
    "apprenti": "L'alternance est une très bonne porte d'entrée dans l'industrie.",
}


def restated_parts(kb, tracker: Tracker) -> List[str]:
    """Profile facts this message states that were already known (said again, or to confirm)."""
    slots = tracker.current_slot_values()
    parts: List[str] = []
    for e in (tracker.latest_message or {}).get("entities") or []:
        if e.get("entity") == "situation" and slots.get(SITUATION) == e.get("value"):
            parts.append(kb.vocab_label("situations", str(e["value"])))
        elif e.get("entity") == "age" and str(slots.get(AGE)) == str(e.get("value")):
            parts.append(f"{e['value']} ans")
        elif e.get("entity") == "lieu" and slots.get(LIEU) == e.get("value"):
            parts.append(str(e["value"]))
        elif e.get("entity") == "contrainte" and e.get("value") in as_list(slots.get(CONTRAINTES)) \
                and e.get("value") != NO_CONSTRAINT:
            parts.append(kb.vocab_label("contraintes", str(e["value"])))
    return list(dict.fromkeys(parts))


def enough_for_trades(slots: Dict[str, Any]) -> bool:
    """Trades are worth proposing once the person said what they like, or three facts about them."""
    known = [s for s in (SITUATION, AGE, LIEU, INTERETS, CONTRAINTES) if is_known(slots, s)]
    return is_known(slots, INTERETS) or len(known) >= 3


# "comment" inside a statement ("j'aime démonter des trucs pour voir comment ça marche") asks nothing
# (live turn, 2026-12-04: got the frequent answer on the contrat de valorisation de l'expérience)
EMBEDDED_HOW_RE = re.compile(r"^[^?]*\b(?:voir|comprendre|savoir|d[ée]couvrir|apprendre|regarder|chercher)\s+(?:comment|pourquoi|o[uù])\b[^?]*$", re.I)

# the person does not know what to do yet: the reason to talk to the bot, not a refusal to answer
UNDECIDED_RE = re.compile(r"\b(?:(?:je )?(?:ne )?(?:sais|sai|c|sé) (?:pas|pa) (?:trop |du tout |vraiment |encore |bien )?"
                          r"(?:ce que|ce ke|quoi|koi|dans quoi|vers quoi)\b[^?]{0,30}\b(?:faire|veux|voudrais|aimerais|orienter|"
                          r"m'orienter|aller|choisir)|aucune id[ée]e (?:de )?(?:ce que|quoi) (?:je veux |faire)|"
                          r"jsp (?:ce que|quoi) (?:je veux )?faire|je suis (?:un peu |compl[eè]tement |totalement )?perdue?)", re.I)


class ActionProfil(CapAction):
    def name(self) -> Text:
        return "action_profil"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        kb = self.kb
        intent = intent_of(tracker)
        changed = changed_this_turn(tracker)
        text = (tracker.latest_message or {}).get("text") or ""
        asked = tracker.get_slot(DERNIERE_QUESTION)
        proposition = tracker.get_slot(PROPOSITION)
        slots = dict(tracker.current_slot_values())
        events: List[Dict[str, Any]] = []

        if not changed:
            if intent == "affirm" and proposition:
                action, _, subject = str(proposition).partition("|")
                accepted = [SlotSet(PROPOSITION, None)] + ([SlotSet(SUJET, subject)] if subject else [])
                return accepted + [FollowupAction(action)]
            if intent == "greet":
                dispatcher.utter_message(response="utter_greet")
                return []
            if intent in ("deny", "skip", "affirm", "inform") and not asked and UNDECIDED_RE.search(text):
                # "je sais pas du tout ce que je veux faire" is no "I'd rather not say": it is why the person
                # came (live turn, 2026-12-04, got « Pas de souci, on s'en passe »)
                dispatcher.utter_message(text="C'est normal de ne pas encore savoir : c'est justement pour ça que je "
                                              "suis là. On part de ce que vous aimez, et je vous propose des métiers concrets.")
                return self.ask_one(dispatcher, tracker, "metiers") or [FollowupAction("action_suggest_metiers")]
            if intent in ("deny", "skip", "affirm") and not asked:
                dispatcher.utter_message(response={"deny": "utter_deny_next", "skip": "utter_skip_ok",
                                                   "affirm": "utter_affirm_next"}[intent])
                return []
            if intent == "deny" and asked:
                # "non" to a question: taken as declining it, never asked again
                skipped = merge_unique(slots.get(SKIPPED), [asked])
                events.append(SlotSet(SKIPPED, skipped))
                slots[SKIPPED] = skipped

        if not changed and INSULT_RE.search(text):
            dispatcher.utter_message(response="utter_insult")     # "fuck this", read as a statement
            return events
        if not changed and intent == "inform":
            # nothing new about the person: the message may still name a trade, a scheme, point at the
            # last list ("et le 1er, il faut quel diplôme ?", "payé combien à 29 ans ?" after a scheme)
            target = rescue(kb, tracker)
            if target and target != self.name():
                return [FollowupAction(target)]
        restated = restated_parts(kb, tracker) if not changed else []
        if not changed and restated and asks(text):
            # "c'est quoi le Territoire d'industrie de Lisieux ?" names a place already known: answer it
            entry = faq_answer(kb, tracker)
            if entry is not None:
                return events + answer_with(dispatcher, entry)
        if not changed and restated:
            # "mais moi je suis salariée" when it is already known: confirm rather than not understand
            changed = {}
            dispatcher.utter_message(text=f"Oui, c'est bien noté : {', '.join(restated)}.")
            request = requested_action(text)
            if request:
                return events + [FollowupAction(request)]
            return events + self.ask_one(dispatcher, tracker, "profil", slots)
        if not changed and intent == "inform" and not asked:
            return [FollowupAction("action_fallback")]   # nothing understood, nothing else can answer
        ack = said_back(said_parts(kb, changed, proche=bool(slots.get(PROCHE))))
        if changed.get(SITUATION) in SITUATION_WORDS and not known_before_turn(tracker, SITUATION):
            ack = (ack + " " if ack else "") + SITUATION_WORDS[changed[SITUATION]]
        if intent == "greet":
            ack = "Bonjour ! " + (ack or "")
        elif ack is None:
            ack = "Pas de souci." if intent in ("skip", "deny") else "D'accord."
        age = parse_age(changed.get(AGE)) if changed.get(AGE) else None
        if age is not None and age < 16 and not changed.get(PROCHE):
            ack += " Avant 16 ans, on découvre surtout les métiers : stage de 3e, visites d'entreprise, salons."

        request = requested_action(text)
        describes = len(changed) >= 3 and "?" not in text   # "48 ans, Le Havre, …, je peux bouger à 40 km"
        if asks(text) and request is None and not describes and not EMBEDDED_HOW_RE.search(text):
            # "j'ai 52 ans, trop vieux pour me reconvertir ?": noted, and the question answered
            entry = faq_answer(kb, tracker)
            if entry is not None:
                dispatcher.utter_message(text=ack)
                return events + answer_with(dispatcher, entry)
        if request:        # "…, tu peux résumer ?", "y a quoi comme job sans diplôme ?"
            dispatcher.utter_message(text=ack)
            return events + [FollowupAction(request)]
        named_scheme, _ = context.named(kb, tracker, "dispositif")
        named_trade, _ = context.named(kb, tracker, "metier")
        wants = "?" in text or WANTS_RE.search(text)
        if (named_scheme or named_trade) and wants:   # "je cherche un apprentissage en soudure à Nantes"
            dispatcher.utter_message(text=ack)
            return events + [FollowupAction("action_expliquer_dispositif" if named_scheme else "action_metier_info")]
        place_named = changed.get(LIEU) or next(iter(context.latest_values(tracker, "lieu")), None)
        if place_named and "?" in text:
            # "il y en a une près de Lyon ?": where to find it, not only where the person lives
            subject = context.parse(tracker.get_slot(SUJET))
            if subject and subject[0] == "dispositif" and subject[1] in kb.dispositifs:
                d = kb.dispositifs[subject[1]]
                dispatcher.utter_message(text=bubble(where_to_find(d, place_named)))
                return events + self.offer("action_orienter_conseiller")
            return events + [FollowupAction("action_evenements")]
        demande = tracker.get_slot(DEMANDE)
        if demande == "action_evenements" and changed.get(LIEU):
            dispatcher.utter_message(text=ack)
            return events + [SlotSet(DEMANDE, None), FollowupAction("action_evenements")]
        proposed = as_list(slots.get(METIERS_PROPOSES))
        if proposed and RANKING_SLOTS & set(changed):
            dispatcher.utter_message(text=ack)
            return events + [FollowupAction("action_suggest_metiers")]
        if not proposed and enough_for_trades(slots) and (changed or asked):
            dispatcher.utter_message(text=ack + " Voici de premières pistes.")
            return events + [FollowupAction("action_suggest_metiers")]

        dispatcher.utter_message(text=ack)
        question = self.ask_one(dispatcher, tracker, "profil", slots)
        if question:
            return events + question
        if not proposed:
            return events + [FollowupAction("action_suggest_metiers")]
        dispatcher.utter_message(text=closing(tracker, "Que voulez-vous faire maintenant ?", "Par quoi continuons-nous ?"), buttons=[
            {"title": "D'autres idées de métiers", "payload": "/ask_trade_ideas"},
            {"title": "Les dispositifs pour moi", "payload": "/check_eligibility"},
            {"title": "Événements près de chez moi", "payload": "/ask_events"},
            {"title": "Parler à un conseiller", "payload": "/ask_human"}])
        return events


# words that ask to start the conversation again; not a worry about having to start one's studies or career
# again ("avec mon bts je dois tout recommencer ??", "faut-il repartir à zéro avec une formation ?")
RESTART_RE = re.compile(r"^(?!.*(?:\b(?:dois|doit|devrais|devrai|faut|faudra|faudrait|oblig\w*|vais devoir)\b[^.!?]{0,25}"
                        r"(?:recommenc|reprendre|repartir|(?:à|a) z[ée]ro)|\b(?:recommenc\w*|reprendre|repartir)\b[^.!?]{0,20}"
                        r"\b(?:[ée]tudes|formation|cursus|dipl[ôo]me|bts|bac|cap|l'[ée]cole|carri[èe]re|m[ée]tier)))"
                        r".*?\b(?:recommenc|reprendre (?:du|depuis le) d[ée]but|(?:à|a) z[ée]ro|efface|oublie(?:z)? tout|"
                        r"reset|nouvelle conversation|on repart|tout effacer|supprime)", re.I | re.S)


class ActionRecommencer(CapAction):
    """Start again from nothing, only when the person says so in words (a misread "faut la refaire ?"
    must never wipe what they told)."""

    evidence = RESTART_RE

    def name(self) -> Text:
        return "action_recommencer"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        dispatcher.utter_message(response="utter_restart")
        return [Restarted()]

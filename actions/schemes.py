"""Schemes (dispositifs): explain one in a short bubble with details on demand (pour qui, durée,
rémunération, démarrer), check eligibility against the profile, and list at most three that fit."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from . import context
from .faq import about, answer_with, faq_answer
from .base import CapAction, closing, intent_of, own_answer_first
from .kb import eligibility as elig
from .kb.models import Dispositif
from .kb.profile import Profile
from .profile import DISPOSITIF, DISPOSITIFS_PROPOSES, SUJET, merge_unique
from .render import bubble, button, first_sentence, join_fr, shorten
from .kb.sources import shown_sources
from .trades import COMPARE_RE, other_kind_followup

ASPECT_BY_INTENT = {"ask_trade_pay": "salaire", "ask_how_to_start": "demarrer"}
OVERVIEW_RE = re.compile(r"\b(?:quel(?:le)?s|aides|dispositifs|pistes|solutions|possibilit[ée]s)\b", re.I)
DETAILS = {   # aspect -> (title of its button, field of the scheme, lead-in)
    "pour_qui": ("Pour qui ?", "pour_qui", "Pour qui"),
    "duree": ("Durée", "duree", "Durée"),
    "salaire": ("Rémunération", "remuneration", "Rémunération"),
    "demarrer": ("Comment démarrer", "demarrer", "Pour démarrer"),
}


def resolve_dispositif(kb, tracker: Tracker) -> "tuple[Optional[Dispositif], Optional[str]]":
    did, unknown = context.named(kb, tracker, "dispositif")
    if did:
        return kb.dispositifs[did], None
    subject = context.resolve(kb, tracker)
    if subject and subject[0] == "dispositif" and subject[1] in kb.dispositifs and not unknown:
        return kb.dispositifs[subject[1]], None
    return None, unknown


def eligibility_sentence(kb, result: elig.Eligibility) -> str:
    d = result.dispositif
    if result.status == elig.CLOSED:
        replacement = kb.dispositifs.get(d.remplace_par)
        return f"{d.nom} n'existe plus" + (f" : il est remplacé par {replacement.nom}." if replacement else ".")
    if result.status == elig.ELIGIBLE:
        return "D'après ce que vous m'avez dit, il vous est a priori accessible."
    if result.status == elig.NOT_ELIGIBLE:
        return f"Une condition n'est pas remplie pour vous : {result.unmet[0]}"
    wanted = join_fr([elig.FIELD_QUESTIONS.get(f, f) for f in result.unknown[:2]])
    return f"Pour savoir si vous y avez droit, dites-moi {wanted}."


def detail_buttons(d: Dispositif, shown: str) -> List[Dict[str, str]]:
    buttons = [button(title, "ask_scheme", dispositif=d.id, aspect=aspect)
               for aspect, (title, _, _) in DETAILS.items() if aspect != shown]
    buttons.append(button("Est-ce que j'y ai droit ?", "check_eligibility", dispositif=d.id))
    return buttons


def fitting_schemes(kb, profile: Profile, limit: int = 3, exclude: str = "") -> List[elig.Eligibility]:
    """At most `limit` schemes that fit the person (their public first, eligible before "to check"), one
    per family (discover, train, work-study, be recruited…) so that the three are different ways in;
    schemes whose conditions the person does not meet are left out."""
    picked: List[elig.Eligibility] = []
    families = set()
    for r in kb.schemes_for(profile, limit=len(kb.dispositifs)):
        if r.dispositif.id == exclude or r.dispositif.famille in families:
            continue
        picked.append(r)
        families.add(r.dispositif.famille)
        if len(picked) == limit:
            break
    return picked


def where_to_find(d: Dispositif, place: str) -> List[str]:
    """A scheme asked for near a place: the base lists no places for schemes, so how to start there."""
    return [f"Je n'ai pas la liste des lieux pour {d.nom} près de {place}.",
            f"Pour démarrer : {shorten(d.demarrer, 260)}",
            "Voulez-vous que je vous oriente vers un conseiller ?"]


class ActionExpliquerDispositif(CapAction):
    def faq_may_answer(self, tracker: Tracker, entry) -> bool:
        if own_answer_first(self.kb, tracker, "dispositif"):
            return False
        if context.asks_schemes_for_person(self.kb, tracker):
            return False
        text = (tracker.latest_message or {}).get("text") or ""
        named, _ = context.named(self.kb, tracker, "dispositif")
        before = context.parse(tracker.get_slot(SUJET))
        if named and COMPARE_RE.search(text) and before and before[0] == "dispositif" and before[1] != named:
            # "et une POEI c'est pareil ?" after the MRS: a question comparing these two, not the POEI with
            # the AFPR it replaced
            return about(self.kb, entry, "dispositif", named) and about(self.kb, entry, "dispositif", before[1])
        subject = context.resolve(self.kb, tracker)
        if subject is None:
            return True
        return subject[0] == "dispositif" and about(self.kb, entry, "dispositif", subject[1])   # "la POEI débouche sur un CDI ?"

    def name(self) -> Text:
        return "action_expliquer_dispositif"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        kb, profile = self.kb, self.profile(tracker)
        if context.asks_schemes_for_person(self.kb, tracker):
            return [FollowupAction("action_verifier_eligibilite")]   # the overview of what fits the profile
        other = other_kind_followup(kb, tracker, "dispositif")
        if other:
            return [FollowupAction(other)]
        text = (tracker.latest_message or {}).get("text") or ""
        if not context.named(kb, tracker, "dispositif")[0] and context.DEFINITION_RE.search(text) \
                and not context.is_bare_definition(text):
            # "et Transitions Pro c'est quoi ?" names something that is not one of the schemes
            entry = faq_answer(kb, tracker, min_confidence=0.2)
            if entry is not None:
                return answer_with(dispatcher, entry)
        d, unknown = resolve_dispositif(kb, tracker)
        place = next(iter(context.latest_values(tracker, "lieu")), None)
        if d is not None and place and not context.named(kb, tracker, "dispositif")[0] and context.asks(text):
            # "y en a une vers Lyon ?" after a scheme: where to find it, which the base does not list
            dispatcher.utter_message(text=bubble(where_to_find(d, place)))
            return self.offer("action_orienter_conseiller")
        if d is None and context.latest_values(tracker, "organisme") and not unknown:
            return [FollowupAction("action_orienter_conseiller")]   # "comment on s'inscrit à France Travail ?"
        if d is None:
            return overview(self, dispatcher, tracker, profile, unknown)
        asked = context.aspect(tracker)
        aspect = asked if asked in DETAILS else ASPECT_BY_INTENT.get(intent_of(tracker), "fiche")
        result = elig.evaluate(d, profile)
        if result.status == elig.CLOSED:
            lines = [eligibility_sentence(kb, result), shorten(d.resume, 200)]
        elif aspect == "fiche":
            lines = [f"{d.nom} : {first_sentence(d.resume, 200)}",
                     f"Durée : {first_sentence(d.duree, 90)}" if d.duree else "",
                     f"Rémunération : {first_sentence(d.remuneration, 110)}" if d.remuneration else ""]
            if not profile.is_empty:
                lines.append(eligibility_sentence(kb, result))
        else:
            _, field, lead = DETAILS[aspect]
            lines = [f"{d.nom} — {lead.lower()} : {shorten(getattr(d, field), 330)}"]
        # the source that states what is shown (the summary on the sheet, else the detail asked), official
        # first, never a press article or a broker; a field no shown source states is shown without one
        shown_field = "resume" if aspect == "fiche" or result.status == elig.CLOSED else DETAILS[aspect][1]
        sources = shown_sources(kb, d.field_sources(shown_field))
        if sources:
            lines.append(f"(Source : {sources[0]})")
        lines.append(closing(tracker, "Que voulez-vous savoir de plus ?", "Voulez-vous savoir autre chose sur ce dispositif ?",
                             "Une autre question sur ce dispositif ?"))
        dispatcher.utter_message(text=bubble(lines), buttons=detail_buttons(d, aspect))
        events = [SlotSet(DISPOSITIF, d.id), *context.subject_events("dispositif", d.id),
                  SlotSet(DISPOSITIFS_PROPOSES, merge_unique(tracker.get_slot(DISPOSITIFS_PROPOSES), [d.id]))]
        if result.status == elig.TO_CHECK:
            events += self.ask_one(dispatcher, tracker, "dispositif")
        return events


def overview(action: CapAction, dispatcher, tracker: Tracker, profile: Profile, unknown: Optional[str]):
    kb = action.kb
    text = (tracker.latest_message or {}).get("text") or ""
    if not unknown and not OVERVIEW_RE.search(text):
        # "je peux essayer un métier avant de me lancer ?": a frequent question, when one fits well
        entry = faq_answer(kb, tracker, min_confidence=0.45)
        if entry is not None:
            return answer_with(dispatcher, entry)
    results = fitting_schemes(kb, profile)
    head = f"Je ne connais pas le dispositif « {shorten(unknown, 40)} ». " if unknown else ""
    head += ("Voici les dispositifs qui vous correspondent le mieux :" if not profile.is_empty else
             "Voici les dispositifs les plus utiles pour commencer :")
    lines = [head] + [f"• {shorten(r.dispositif.nom, 60)} : {first_sentence(r.dispositif.resume, 100)}"
                      for r in results]
    lines.append(closing(tracker, "Lequel voulez-vous découvrir ?", "Lequel vous intéresse ?"))
    buttons = [button(shorten(r.dispositif.sigle or r.dispositif.nom, 40), "ask_scheme", dispositif=r.dispositif.id)
               for r in results]
    dispatcher.utter_message(text=bubble(lines), buttons=buttons)
    ids = [r.dispositif.id for r in results]
    events = [SlotSet(DISPOSITIFS_PROPOSES, merge_unique(tracker.get_slot(DISPOSITIFS_PROPOSES), ids)),
              *context.list_events("dispositif", ids)]
    return events + action.ask_one(dispatcher, tracker, "dispositifs")


class ActionVerifierEligibilite(CapAction):
    faq_first = True

    def name(self) -> Text:
        return "action_verifier_eligibilite"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        kb, profile = self.kb, self.profile(tracker)
        d, unknown = resolve_dispositif(kb, tracker)
        text = (tracker.latest_message or {}).get("text") or ""
        if d is not None and not context.named(kb, tracker, "dispositif")[0] and OVERVIEW_RE.search(text):
            d = None      # "quelles aides pour moi ?": all that fit, not the scheme of the last answer
        if d is None:
            return overview(self, dispatcher, tracker, profile, unknown)
        result = elig.evaluate(d, profile)
        lines = [f"{d.nom} : {eligibility_sentence(kb, result)[0].lower()}{eligibility_sentence(kb, result)[1:]}"]
        if result.status == elig.ELIGIBLE:
            lines.append(f"Pour démarrer : {shorten(d.demarrer, 220)}")
        elif result.status == elig.NOT_ELIGIBLE:
            alternatives = [r.dispositif.nom for r in fitting_schemes(kb, profile, 2, exclude=d.id)]
            if alternatives:
                lines.append(f"D'autres pistes pour vous : {join_fr(alternatives)}.")
        lines.append(closing(tracker, "Un conseiller pourra confirmer. Que voulez-vous faire maintenant ?",
                             "Un conseiller pourra confirmer. Voulez-vous voir comment démarrer ?"))
        buttons = [button("Comment démarrer", "ask_scheme", dispositif=d.id, aspect="demarrer")]
        buttons += [button(shorten(r.dispositif.sigle or r.dispositif.nom, 40), "ask_scheme", dispositif=r.dispositif.id)
                    for r in fitting_schemes(kb, profile, 2, exclude=d.id)]
        buttons.append(button("Parler à un conseiller", "ask_human"))
        dispatcher.utter_message(text=bubble(lines), buttons=buttons)
        events = [SlotSet(DISPOSITIF, d.id), *context.subject_events("dispositif", d.id),
                  SlotSet(DISPOSITIFS_PROPOSES, merge_unique(tracker.get_slot(DISPOSITIFS_PROPOSES), [d.id]))]
        if result.status == elig.TO_CHECK:
            events += self.ask_one(dispatcher, tracker, "dispositif")
        return events

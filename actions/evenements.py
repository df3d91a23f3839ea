"""Events near the person: nearest first, with date and distance, at most three; the Territoire
d'industrie nearby if any. The place is the one named in the message, else where the person lives."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from .faq import answer_with, faq_answer
from . import context
from .base import CapAction
from .dates import french_date, today, window
from .kb.events import EventHit
from .kb.loader import TERRITORY_RADIUS_KM
from .kb.places import Place
from .kb.territories import territory_sentence
from .profile import DEMANDE, DERNIERE_QUESTION, EVENEMENTS_PROPOSES, MOIS, merge_unique
from .render import bubble, button, cap, shorten

RADIUS_KM = 50.0
WIDE_RADIUS_KM = 150.0
PAST_RADIUS_KM = 250.0
SHOWN = 3


def resolve_place(kb, tracker: Tracker, profile_place: Optional[Place]) -> Optional[Place]:
    text = (tracker.latest_message or {}).get("text") or ""
    for value in context.latest_values(tracker, "lieu"):
        mention = kb.places.find_mention(text) if text and not text.startswith("/") else None
        if mention and mention.place.name == value:
            return mention.place
        place = kb.places.resolve(value)
        if place:
            return place
    return profile_place


def around(place: Place) -> str:
    """'près de Thiers'; for a département or a région, 'dans le département Calvados' (not 'près de Calvados')."""
    if place.kind == "departement":
        return f"dans le département {place.name} ({place.code})"
    if place.kind == "region":
        return f"en région {place.name}"
    return f"près de {place.name}"


def event_line(kb, hit: EventHit) -> str:
    e = hit.event
    when = french_date(e.date) + (f" au {french_date(e.date_fin)}" if e.date_fin and e.date_fin != e.date else "")
    where = e.commune or e.region or "en ligne"
    return f"• {when}, {where} ({hit.distance_km:.0f} km) : {shorten(e.titre, 70)}"


NEAR_ME_RE = re.compile(r"\b(?:pr[eè]s de chez (?:moi|nous)|autour de chez (?:moi|nous)|dans (?:le|mon) coin|dans ma (?:ville|r[ée]gion)|pas loin de chez moi|vers chez moi)\b", re.I)
JOB_DATING_RE = re.compile(r"job ?datings?|jobdating", re.I)
VISIT_RE = re.compile(r"\bvisit\w*|portes? ouvertes?|d[ée]couvrir (?:des|une|les) (?:usines?|entreprises?)", re.I)


def event_kind_intro(kb, text: str) -> Optional[str]:
    """What the kind of event asked about is, when the person asks for one without a place: a job
    dating (the summary of its scheme sheet), a factory visit (visits during the Semaine de l'industrie,
    seed_001/seed_003, and the immersion)."""
    if JOB_DATING_RE.search(text) and "job_dating" in kb.dispositifs:
        return kb.dispositifs["job_dating"].resume
    if VISIT_RE.search(text):
        return ("Oui, c'est possible : des entreprises ouvrent leurs portes, surtout pendant la Semaine de "
                "l'industrie, et une immersion (PMSMP) permet de passer quelques jours dans une entreprise.")
    return None


class ActionEvenements(CapAction):
    evidence = re.compile(r"[ée]v[ée]nement|event|territoire|job ?dating|forum|salon|visite|portes? ouvertes?|semaine|rencontre|"
                          r"quand|agenda|atelier|journ[ée]e|date|programme|pr[eè]s de chez moi|sortie|manif|dans le coin|"
                          r"autour de chez moi|dans ma (?:ville|r[ée]gion)|occasions?|"
                          r"(?:d[ée]couvrir|voir|visiter) (?:des|une|les|l') ?(?:usines?|entreprises?|ateliers?)|"
                          # "y a des trucs près de Clermont ?": something to do near a place
                          r"(?:trucs?|choses?|quoi|rien)\b[^.!?]{0,25}\b(?:pr[eè]s d|autour d|du c[oô]t[ée] d|vers\b)", re.I)

    def faq_may_answer(self, tracker: Tracker, entry) -> bool:
        # "des événements à Brive ?", "des visites près de chez moi ?" (the place known) are searches
        return not self._search_asked(tracker)

    def _search_asked(self, tracker: Tracker) -> bool:
        text = (tracker.latest_message or {}).get("text") or ""
        return bool(context.latest_values(tracker, "lieu")) or bool(
            NEAR_ME_RE.search(text) and self.profile(tracker).place is not None)

    def name(self) -> Text:
        return "action_evenements"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        kb, profile = self.kb, self.profile(tracker)
        place = resolve_place(kb, tracker, profile.place)
        text = (tracker.latest_message or {}).get("text") or ""
        asks_semaine = re.search(r"semaine de l.?\s?industrie", text, re.I) and not re.search(r"pr[eè]s de|\b[àa] [A-Z]", text)
        entry = faq_answer(kb, tracker, min_confidence=0.1 if asks_semaine else 0.45,
                           themes={"semaine_industrie", "territoires"})
        if entry is not None and not self._search_asked(tracker):
            return answer_with(dispatcher, entry)    # "c'est quand la Semaine de l'industrie ?"
        if place is None:
            intro = event_kind_intro(kb, text)
            if intro:   # "y a des job datings ? comment j'y participe" is answered before the town is asked
                dispatcher.utter_message(text=intro)
            dispatcher.utter_message(response="utter_ask_lieu_evenements")
            # the answer (a town, a postcode) comes back through action_profil, which serves this request
            return [SlotSet(DEMANDE, self.name()), SlotSet(DERNIERE_QUESTION, "lieu")]
        period = (context.latest_values(tracker, "mois") or [tracker.get_slot(MOIS) or ""])[0]
        start, end, period_label = window(period)
        hits = kb.events_near(place, RADIUS_KM, start, end, limit=SHOWN) or \
            kb.events_near(place, WIDE_RADIUS_KM, start, end, limit=SHOWN)
        lines: List[str] = []
        shown = [h.event.id for h in hits]
        if hits:
            lines.append(f"Voici des événements {period_label} {around(place)}, du plus proche au plus loin :")
            lines += [event_line(kb, h) for h in hits]
        else:
            lines.append(f"Je n'ai pas d'événement à venir {period_label} {around(place)} dans ma base.")
            past = kb.events_near(place, PAST_RADIUS_KM, None, today(), limit=2)
            if past:
                lines.append("Pour vous donner une idée, voici ce qui a eu lieu près de chez vous en 2024 :")
                lines += [event_line(kb, h) for h in past]
                shown += [h.event.id for h in past]
            lines.append("La Semaine de l'industrie propose visites d'usine, job datings et forums (l'édition 2024 a eu "
                         "lieu du 18 au 24 novembre). Votre agence France Travail ou votre Mission locale connaît les "
                         "prochains job datings.")
        about_territory = territory_sentence(kb.territory_match(place), place)
        if context.TERRITORY_ASKED_RE.search(text):
            # "je vis à Cournon-d'Auvergne, y a un territoire d'industrie chez moi ?": the answer first
            dispatcher.utter_message(text=cap(about_territory) if about_territory else (
                f"Je ne connais pas de Territoire d'industrie à {place.name} ni à moins de {TERRITORY_RADIUS_KM:.0f} km : "
                f"ma base décrit les {len(kb.territoires)} territoires accompagnés par l'ANCT dans sa Fabrique Prospective."))
            about_territory = ""
        dispatcher.utter_message(text=bubble(lines))
        after = [f"Bon à savoir : {about_territory}" if about_territory else "",
                 "Voulez-vous une idée de métier à découvrir sur place, ou parler à un conseiller ?"]
        buttons = [button("Des idées de métiers", "ask_trade_ideas"),
                   button("Faire une immersion", "ask_scheme", dispositif="pmsmp"),
                   button("Parler à un conseiller", "ask_human")]
        dispatcher.utter_message(text=bubble(after), buttons=buttons)
        return [SlotSet(EVENEMENTS_PROPOSES, merge_unique(tracker.get_slot(EVENEMENTS_PROPOSES), shown)),
                SlotSet(DEMANDE, None), *self.offer("action_suggest_metiers")]

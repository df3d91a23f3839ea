"""Events near the person: nearest first, with date and distance; the Territoire d'industrie if any."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from .base import CapAction, button, latest_entity_values
from .dates import french_date, today, window
from .kb.events import EventHit
from .kb.places import Place
from .profile import EVENEMENTS_PROPOSES, MOIS, merge_unique

RADIUS_KM = 50.0
WIDE_RADIUS_KM = 150.0
PAST_RADIUS_KM = 250.0


def resolve_place(kb, tracker: Tracker, profile_place: Optional[Place]) -> Optional[Place]:
    for value in latest_entity_values(tracker, "lieu"):
        place = kb.places.resolve(value)
        if place:
            return place
    return kb.places.find_in_text(tracker.latest_message.get("text") or "") or profile_place


def event_line(kb, hit: EventHit) -> str:
    e = hit.event
    when = french_date(e.date) + (f" au {french_date(e.date_fin)}" if e.date_fin and e.date_fin != e.date else "")
    where = e.commune or e.region or "en ligne"
    kind = kb.vocab_label("types_evenements", e.type)
    line = f"• {when} : {e.titre} ({kind}, {where}, à {hit.distance_km:.0f} km)"
    if e.organisateur:
        line += f", organisé par {e.organisateur}"
    if e.lien:
        line += f". En savoir plus : {e.lien}"
    return line


class ActionEvenements(CapAction):
    def name(self) -> Text:
        return "action_evenements"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        kb, profile = self.kb, self.profile(tracker)
        place = resolve_place(kb, tracker, profile.place)
        if place is None:
            dispatcher.utter_message(
                text="Pour trouver des événements près de chez vous, dites-moi votre ville ou votre code postal.")
            return []
        period = (latest_entity_values(tracker, "mois") or [tracker.get_slot(MOIS) or ""])[0]
        start, end, period_label = window(period)
        hits = kb.events_near(place, RADIUS_KM, start, end, limit=5)
        if not hits:
            hits = kb.events_near(place, WIDE_RADIUS_KM, start, end, limit=5)
        lines: List[str] = []
        shown = [h.event.id for h in hits]
        if hits:
            lines.append(f"Voici des événements {period_label} près de {place.name}, du plus proche au plus loin :")
            lines += [event_line(kb, h) for h in hits]
        else:
            lines.append(f"Je n'ai pas d'événement à venir {period_label} près de {place.name} dans ma base.")
            past = kb.events_near(place, PAST_RADIUS_KM, None, today(), limit=3)
            if past:
                lines.append("Pour vous donner une idée, voici ce qui a eu lieu près de chez vous lors d'éditions passées :")
                lines += [event_line(kb, h) for h in past]
                shown += [h.event.id for h in past]
            lines.append("La Semaine de l'industrie revient chaque année en novembre, avec des visites d'usine, "
                         "des job datings et des forums (source : dossier de presse 2024, semaine-industrie.gouv.fr). "
                         "Votre agence France Travail ou votre Mission locale connaît aussi les prochains job datings.")
        territoire = kb.territoire_of(place)
        if territoire:
            action = territoire.actions[0]
            lines.append(f"Bon à savoir : {place.name} fait partie du Territoire d'industrie {territoire.nom}. "
                         f"Par exemple : {action.titre}.")
        lines.append("Voulez-vous une idée de métier à découvrir sur place, ou parler à un conseiller ?")
        buttons = [button("Des idées de métiers", "ask_trade_ideas"), button("Faire une immersion", "ask_scheme", dispositif="pmsmp"),
                   button("Parler à un conseiller", "ask_human")]
        dispatcher.utter_message(text="\n".join(lines), buttons=buttons)
        return [SlotSet(EVENEMENTS_PROPOSES, merge_unique(tracker.get_slot(EVENEMENTS_PROPOSES), shown))]

"""Answers for specific publics: women in industry, disability, mobility. Facts come from knowledge/reperes.yml."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from .base import CapAction, button
from .profile import CONTRAINTES, RQTH, with_constraint
from .trades import resolve_metier


def _scheme_lines(kb, ids: List[str]) -> List[str]:
    return [f"• {kb.dispositifs[i].nom} : {kb.dispositifs[i].resume}" for i in ids if i in kb.dispositifs]


def _scheme_buttons(kb, ids: List[str]) -> List[Dict[str, str]]:
    return [button(kb.dispositifs[i].sigle or kb.dispositifs[i].nom, "ask_scheme", dispositif=i) for i in ids if i in kb.dispositifs]


class ActionFemmesIndustrie(CapAction):
    def name(self) -> Text:
        return "action_femmes_industrie"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        kb = self.kb
        metier, _ = resolve_metier(kb, tracker)
        lines = []
        if metier is not None:
            lines.append(f"Oui, {metier.label_f} est un métier pour les femmes comme pour les hommes : "
                         "ce qui compte, ce sont les compétences, et les entreprises recherchent des candidates.")
        else:
            lines.append("L'industrie est ouverte aux femmes comme aux hommes : ce qui compte, ce sont les compétences.")
        lines += [kb.cite(f) for f in kb.facts("femmes")[:1] + kb.facts("modeles")[:2]]
        lines.append("Des programmes existent pour vous accompagner :")
        ids = ["tech_pour_toutes", "fema", "pmsmp"]
        lines += _scheme_lines(kb, ids)
        lines.append("Voulez-vous que je vous propose des métiers, ou découvrir l'un de ces programmes ?")
        buttons = [button("Des idées de métiers", "ask_trade_ideas")] + _scheme_buttons(kb, ids)
        dispatcher.utter_message(text="\n".join(lines), buttons=buttons)
        return []   # "je suis une femme" already fills the genre slot through its entity mapping


class ActionHandicap(CapAction):
    def name(self) -> Text:
        return "action_handicap"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        kb = self.kb
        text = (tracker.latest_message.get("text") or "").lower()
        events: List[Dict[str, Any]] = [SlotSet(CONTRAINTES, with_constraint(tracker.get_slot(CONTRAINTES), "handicap"))]
        if "rqth" in text or "travailleur handicap" in text or "reconnaissance" in text:
            events.append(SlotSet(RQTH, True))
        lines = ["Merci de me le dire : un handicap n'empêche pas de travailler dans l'industrie, "
                 "et des aides existent pour adapter le poste et la formation."]
        lines += _scheme_lines(kb, ["cap_emploi", "handimatch", "apprentissage"])
        lines += [kb.cite(f) for f in kb.facts("handicap")[:1]]
        lines.append("Avec une RQTH, l'apprentissage n'a pas de limite d'âge. Cap emploi peut vous accompagner pas à pas.")
        lines.append("Voulez-vous être orienté·e vers Cap emploi, ou continuer à chercher des métiers adaptés ?")
        buttons = [button("Être orienté·e vers un conseiller", "ask_human"), button("Des idées de métiers", "ask_trade_ideas")]
        buttons += _scheme_buttons(kb, ["cap_emploi", "apprentissage"])
        dispatcher.utter_message(text="\n".join(lines), buttons=buttons)
        return events


class ActionMobilite(CapAction):
    def name(self) -> Text:
        return "action_mobilite"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        kb, profile = self.kb, self.profile(tracker)
        events = [SlotSet(CONTRAINTES, with_constraint(tracker.get_slot(CONTRAINTES), "sans_permis"))]
        lines = ["C'est noté : sans permis ni voiture, on cherche des entreprises que vous pouvez rejoindre "
                 "en transports en commun, à vélo ou en covoiturage."]
        lines += [kb.cite(f) for f in kb.facts("mobilite")[:1]]
        if profile.place is not None:
            lines.append(f"Je privilégie donc les entreprises et événements proches de {profile.place.name}.")
        lines.append("Voulez-vous voir les événements près de chez vous, ou des métiers sans déplacements ?")
        buttons = [button("Événements près de chez moi", "ask_events"), button("Des idées de métiers", "ask_trade_ideas"),
                   button("Parler à un conseiller", "ask_human")]
        dispatcher.utter_message(text="\n".join(lines), buttons=buttons)
        return events

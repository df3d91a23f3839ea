"""Answers for specific publics: women in industry, disability, mobility. Facts come from knowledge/reperes.yml."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet

from . import context
from rasa_sdk.executor import CollectingDispatcher

from .base import CapAction, closing
from .faq import answer_with, current_trade, faq_answer
from .profile import CONTRAINTES, RQTH, with_constraint
from .render import bubble, button, de, first_sentence
from .stereotypes import DOUBT_RE, OPEN_TO_WOMEN
from .trades import resolve_metier


def named_scheme(kb, tracker: Tracker, own: tuple) -> bool:
    """A scheme is named in the message ("et HANDIMATCH ça marche comment ?"): the scheme action answers,
    or the own answer when it is one of this public's own programmes."""
    did, _ = context.named(kb, tracker, "dispositif")
    return bool(did) and did not in own


def _scheme_buttons(kb, ids: List[str]) -> List[Dict[str, str]]:
    return [button(kb.dispositifs[i].sigle or kb.dispositifs[i].nom, "ask_scheme", dispositif=i)
            for i in ids if i in kb.dispositifs]


def _scheme_line(kb, ids: List[str]) -> str:
    names = [kb.dispositifs[i].nom for i in ids if i in kb.dispositifs]
    return ("Des programmes vous accompagnent : " + ", ".join(names) + ".") if names else ""


class ActionFemmesIndustrie(CapAction):
    evidence = re.compile(r"femme|fille|nana|meuf|mixit|\bhomme|\bmecs?\b|sexis|enceinte|grossesse|maman|m[eè]re|f[ée]minin|gar[cç]on", re.I)

    faq_first = True

    def name(self) -> Text:
        return "action_femmes_industrie"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        kb = self.kb
        if named_scheme(kb, tracker, ("tech_pour_toutes", "fema")):
            return [FollowupAction("action_expliquer_dispositif")]
        entry = faq_answer(kb, tracker, min_confidence=0.2, themes={"femmes", "famille"})
        if entry is not None:       # "et si je tombe enceinte ?", "des réseaux de femmes ingénieures ?"
            return answer_with(dispatcher, entry)
        metier, _ = resolve_metier(kb, tracker)
        text = (tracker.latest_message or {}).get("text") or ""
        # "c'est pas pour les femmes, c'est vrai ?" is answered "Non", "je peux le faire en tant que femme ?" "Oui"
        yes = "Non, c'est un préjugé" if DOUBT_RE.search(text) else "Oui"
        if metier is not None:
            head = (f"{yes} : {metier.label_f} est un métier pour les femmes comme pour les hommes : ce qui compte, "
                    "ce sont les compétences, et les entreprises cherchent des candidates.")
        else:
            head = f"{yes} : {OPEN_TO_WOMEN}"
        facts = [kb.cite(f) for f in kb.facts("femmes")[:1] + kb.facts("modeles")[:1]]
        ids = ["tech_pour_toutes", "fema"]
        lines = [head, *facts, _scheme_line(kb, ids),
                 "Voulez-vous que je vous propose des métiers, ou tester un métier quelques jours en immersion ?"]
        buttons = [button("Des idées de métiers", "ask_trade_ideas"),
                   button("Tester un métier (immersion)", "ask_scheme", dispositif="pmsmp")] + _scheme_buttons(kb, ids)
        dispatcher.utter_message(text=bubble(lines), buttons=buttons)
        return self.offer("action_suggest_metiers")


class ActionHandicap(CapAction):
    evidence = re.compile(r"handicap|rqth|sant[ée]|malad|cap ?emploi|fauteuil|mdph|agefiph|invalid|inapt|dos\b|accident|"
                          r"sourd|aveugle|malvoyant|dys|trouble|chronique|m[ée]dical|soign", re.I)

    faq_first = True

    def name(self) -> Text:
        return "action_handicap"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        kb = self.kb
        if named_scheme(kb, tracker, ()):          # "et HANDIMATCH ?", "Cap emploi ils font quoi ?"
            return [FollowupAction("action_expliquer_dispositif")]
        if context.latest_values(tracker, "organisme"):
            return [FollowupAction("action_orienter_conseiller")]
        entry = faq_answer(kb, tracker, themes={"handicap", "sante"})
        if entry is not None:       # "c'est quoi la RQTH, je devrais la demander ?"
            return answer_with(dispatcher, entry)
        text = (tracker.latest_message.get("text") or "").lower()
        events: List[Dict[str, Any]] = [SlotSet(CONTRAINTES, with_constraint(tracker.get_slot(CONTRAINTES), "handicap"))]
        if "rqth" in text or "travailleur handicap" in text or "reconnaissance" in text:
            events.append(SlotSet(RQTH, True))
        cap_emploi = kb.dispositifs.get("cap_emploi")
        lines = ["Merci de me le dire : un handicap n'empêche pas de travailler dans l'industrie, "
                 "et des aides existent pour adapter le poste et la formation.",
                 f"{cap_emploi.nom} : {first_sentence(cap_emploi.resume, 160)}" if cap_emploi else "",
                 "Avec une RQTH, l'apprentissage n'a pas de limite d'âge.",
                 closing(tracker, "Voulez-vous être orienté·e vers Cap emploi, ou voir des métiers adaptés ?",
                         "Voulez-vous que je vous propose des métiers adaptés ?")]
        buttons = [button("Être orienté·e vers Cap emploi", "ask_human"), button("Des idées de métiers", "ask_trade_ideas")]
        buttons += _scheme_buttons(kb, ["handimatch", "apprentissage"])
        dispatcher.utter_message(text=bubble(lines), buttons=buttons)
        return events + self.offer("action_orienter_conseiller")


# the person speaks of themselves ("j'ai pas le permis", "je n'ai pas de voiture"): a constraint to note
SELF_RE = re.compile(r"\b(?:j'?\s?ai|jai|g|je n'?ai|j'en ai|moi)\b[^.!?]{0,20}\b(?:pas|plus|jamais|aucun)|"
                     r"\bsans (?:le )?permis\b|\bpas (?:de|le) permis\b", re.I)


# the person says they can drive to work ("j'ai le permis et une voiture", "non j'ai le permis !!"): no mobility
# constraint, and a wrong one is taken back; "j'ai le permis mais pas de voiture" still limits where they go
HAS_LICENCE_RE = re.compile(r"\b(?:j'?\s?ai|jai|g|avec)\s+(?:bien |aussi |d[ée]j[àa] |mon |le |un )*permis\b|"
                            r"\b(?:j'?\s?ai|jai|g)\s+(?:une|ma|un|mon) (?:voiture|v[ée]hicule|auto)\b|"
                            r"\bje suis (?:v[ée]hicul[ée]e?|motoris[ée]e?)\b|\bje conduis\b(?! pas)", re.I)
NO_CAR_RE = re.compile(r"\b(?:pas|plus|sans|aucun)\b[^.!?]{0,12}\b(?:de |d'|la |ma )?(?:voiture|v[ée]hicule|auto)\b", re.I)


def drives(text: str) -> bool:
    return bool(HAS_LICENCE_RE.search(text)) and not NO_CAR_RE.search(text) and not re.search(
        r"\b(?:pas|plus|jamais)\b[^.!?]{0,8}\bpermis\b", text, re.I)


class ActionMobilite(CapAction):
    evidence = re.compile(r"permis|voiture|v[ée]hicul|transport|\bbus\b|train|trajet|d[ée]plac|mobilit|v[ée]lo|covoit|"
                          r"scooter|moto|conduire|loin|distance|km\b|kilom", re.I)

    faq_first = True

    def name(self) -> Text:
        return "action_mobilite"

    def licence_for(self, dispatcher: CollectingDispatcher, metier) -> List[Dict[str, Any]]:
        """Whether the trade asks for a driving licence, from its sheet's working conditions only."""
        label = metier.label_m
        if "deplacements" in (metier.conditions or []):
            first = (f"La fiche du métier {de(label)} indique des déplacements fréquents : le permis peut alors être "
                     "demandé, vérifiez-le dans chaque offre.")
        else:
            first = (f"La fiche du métier {de(label)} ne mentionne ni déplacements ni permis. Le permis peut "
                     "compter pour se rendre à l'entreprise, surtout en horaires décalés.")
        dispatcher.utter_message(text=bubble([
            first, "Un conseiller France Travail ou de la Mission locale peut vous dire ce que demandent les "
                   "entreprises près de chez vous. Que voulez-vous voir ensuite ?"]),
            buttons=[button("Les conditions de travail", "ask_trade_conditions"),
                     button("Je n'ai pas le permis", "inform", contrainte="sans_permis"),
                     button("D'autres métiers", "ask_trade_ideas")])
        return []

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        kb, profile = self.kb, self.profile(tracker)
        if context.named(kb, tracker, "metier")[0]:      # "cariste, ça se fait sans permis ?": about the trade
            return [FollowupAction("action_metier_info")]
        trade = current_trade(kb, tracker)
        text = (tracker.latest_message or {}).get("text") or ""
        if trade is not None and context.asks(text) and not SELF_RE.search(text):
            # "et faut le permis pour ça ?" after a trade's sheet: a question about that trade, not a
            # constraint of the person
            return self.licence_for(dispatcher, trade)
        if drives(text):
            had = [c for c in (tracker.get_slot(CONTRAINTES) or []) if c != "sans_permis"]
            if len(context.changed_this_turn(tracker)) >= 2:
                # a person describing themselves, licence included: everything noted at once
                return [SlotSet(CONTRAINTES, had or None), FollowupAction("action_profil")]
            lines = ["C'est noté : vous avez le permis et de quoi vous déplacer"
                     + (f", je cherche donc aussi autour de {profile.place.name}." if profile.place is not None else "."),
                     "Voulez-vous des idées de métiers, ou les événements près de chez vous ?"]
            dispatcher.utter_message(text=bubble(lines), buttons=[
                button("Des idées de métiers", "ask_trade_ideas"), button("Événements près de chez moi", "ask_events"),
                button("Ce que vous avez retenu", "ask_recap")])
            return [SlotSet(CONTRAINTES, had or None)] + self.offer("action_suggest_metiers")
        if not (NO_CAR_RE.search(text) or SELF_RE.search(text) or "sans_permis" in (tracker.get_slot(CONTRAINTES) or [])):
            # a vehicle named without a lack of one ("je répare ma moto tout seul", "la mécanique des
            # véhicules"): nothing to note about transport
            if context.changed_this_turn(tracker):
                return [FollowupAction("action_profil")]
            dispatcher.utter_message(text=bubble([
                "Pour vous proposer des entreprises que vous pouvez rejoindre : avez-vous le permis et un moyen "
                "de vous déplacer ?"]), buttons=[
                button("Je n'ai pas le permis", "inform", contrainte="sans_permis"),
                button("Des idées de métiers", "ask_trade_ideas"),
                button("Événements près de chez moi", "ask_events")])
            return []
        events = [SlotSet(CONTRAINTES, with_constraint(tracker.get_slot(CONTRAINTES), "sans_permis"))]
        lines = ["C'est noté : sans permis ni voiture, on cherche des entreprises que vous pouvez rejoindre "
                 "en transports en commun, à vélo ou en covoiturage.",
                 *[kb.cite(f) for f in kb.facts("mobilite")[:1]],
                 f"Je privilégie donc ce qui est proche de {profile.place.name}." if profile.place is not None else "",
                 "Voulez-vous des idées de métiers qui en tiennent compte ?"]
        buttons = [button("Des idées de métiers", "ask_trade_ideas"), button("Événements près de chez moi", "ask_events"),
                   button("Parler à un conseiller", "ask_human")]
        dispatcher.utter_message(text=bubble(lines), buttons=buttons)
        return events + self.offer("action_suggest_metiers")

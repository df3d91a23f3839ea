"""Schemes (dispositifs): explain one, check eligibility against the profile, naming what is missing."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from .base import CapAction, button, join_fr, latest_entity_values
from .kb import eligibility as elig
from .kb.models import Dispositif
from .kb.profile import Profile
from .profile import DISPOSITIF, DISPOSITIFS_PROPOSES, merge_unique


def resolve_dispositif(kb, tracker: Tracker) -> "tuple[Optional[Dispositif], Optional[str]]":
    named = latest_entity_values(tracker, "dispositif")
    for value in named:
        found = kb.dispositifs.get(value) or kb.find_dispositif(value)
        if found:
            return found, None
    if not named:
        in_text = kb.dispositif_index.find_all(tracker.latest_message.get("text") or "")
        if in_text:
            return kb.dispositifs[in_text[0]], None
        slot = tracker.get_slot(DISPOSITIF)
        if slot and tracker.latest_message.get("intent", {}).get("name") == "check_eligibility":
            found = kb.dispositifs.get(slot) or kb.find_dispositif(slot)
            if found:
                return found, None
    return None, (named[0] if named else None)


def describe(kb, d: Dispositif) -> List[str]:
    lines = [f"{d.nom} : {d.resume}",
             f"Pour qui : {d.pour_qui}",
             f"Durée : {d.duree}",
             f"Rémunération : {d.remuneration}",
             f"Pour démarrer : {d.demarrer}"]
    if d.chiffres:
        lines.append(f"Chiffre clé : {d.chiffres[0]}")
    return lines


def eligibility_sentence(kb, result: elig.Eligibility) -> str:
    d = result.dispositif
    if result.status == elig.CLOSED:
        replacement = kb.dispositifs.get(d.remplace_par)
        return (f"{d.nom} n'existe plus" + (f" : il est remplacé par {replacement.nom}." if replacement else "."))
    if result.status == elig.ELIGIBLE:
        return f"D'après ce que vous m'avez dit, {d.nom} vous est a priori accessible."
    if result.status == elig.NOT_ELIGIBLE:
        return f"Pour {d.nom}, une condition n'est pas remplie : {' '.join(result.unmet)}"
    wanted = join_fr([elig.FIELD_QUESTIONS.get(f, f) for f in result.unknown])
    return f"Pour {d.nom}, il me manque une information pour conclure : {wanted}."


def scheme_buttons(kb, profile: Profile, exclude: str = "") -> List[Dict[str, str]]:
    picks = [r.dispositif for r in kb.schemes_for(profile, limit=4) if r.dispositif.id != exclude][:3]
    buttons = [button(d.sigle or d.nom, "ask_scheme", dispositif=d.id) for d in picks]
    buttons.append(button("Parler à un conseiller", "ask_human"))
    return buttons


class ActionExpliquerDispositif(CapAction):
    def name(self) -> Text:
        return "action_expliquer_dispositif"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        kb, profile = self.kb, self.profile(tracker)
        d, unknown = resolve_dispositif(kb, tracker)
        if d is None:
            return self._overview(dispatcher, profile, unknown)
        lines = describe(kb, d)
        result = elig.evaluate(d, profile)
        if not profile.is_empty or result.status == elig.CLOSED:
            lines.append(eligibility_sentence(kb, result))
        lines.append(f"(Sources : {'; '.join(kb.source_labels(d.source)[:3])})")
        lines.append("Voulez-vous vérifier si vous y avez droit, ou voir un autre dispositif ?")
        buttons = [button("Est-ce que j'y ai droit ?", "check_eligibility", dispositif=d.id)] + scheme_buttons(kb, profile, d.id)
        dispatcher.utter_message(text="\n".join(lines), buttons=buttons)
        return [SlotSet(DISPOSITIF, d.id),
                SlotSet(DISPOSITIFS_PROPOSES, merge_unique(tracker.get_slot(DISPOSITIFS_PROPOSES), [d.id]))]

    def _overview(self, dispatcher, profile: Profile, unknown: Optional[str]):
        kb = self.kb
        intro = (f"Je ne connais pas le dispositif « {unknown} ». " if unknown else "") + \
            "Voici les dispositifs les plus utiles pour vous :"
        results = kb.schemes_for(profile, limit=4)
        lines = [intro] + [f"• {r.dispositif.nom} : {r.dispositif.resume}" for r in results]
        lines.append("Lequel voulez-vous découvrir ?")
        buttons = [button(r.dispositif.sigle or r.dispositif.nom, "ask_scheme", dispositif=r.dispositif.id) for r in results]
        dispatcher.utter_message(text="\n".join(lines), buttons=buttons)
        return [SlotSet(DISPOSITIFS_PROPOSES, merge_unique(None, [r.dispositif.id for r in results]))]


class ActionVerifierEligibilite(CapAction):
    def name(self) -> Text:
        return "action_verifier_eligibilite"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        kb, profile = self.kb, self.profile(tracker)
        d, unknown = resolve_dispositif(kb, tracker)
        proposed = tracker.get_slot(DISPOSITIFS_PROPOSES)
        if d is not None:
            result = elig.evaluate(d, profile)
            lines = [eligibility_sentence(kb, result)]
            if result.status == elig.ELIGIBLE:
                lines.append(f"Pour démarrer : {d.demarrer}")
            elif result.status == elig.NOT_ELIGIBLE:
                alternatives = [r.dispositif.nom for r in kb.schemes_for(profile, limit=3) if r.dispositif.id != d.id]
                if alternatives:
                    lines.append(f"D'autres pistes pour vous : {join_fr(alternatives)}.")
            elif result.status == elig.TO_CHECK:
                lines.append(f"Si c'est le cas, pour démarrer : {d.demarrer}")
            lines.append("Un conseiller peut confirmer votre situation. Que voulez-vous faire maintenant ?")
            dispatcher.utter_message(text="\n".join(lines), buttons=scheme_buttons(kb, profile, d.id))
            return [SlotSet(DISPOSITIF, d.id), SlotSet(DISPOSITIFS_PROPOSES, merge_unique(proposed, [d.id]))]

        results = kb.schemes_for(profile, limit=5)
        head = (f"Je ne connais pas le dispositif « {unknown} ». " if unknown else "")
        if profile.is_empty:
            head += "Je ne sais encore rien de votre situation : voici les dispositifs ouverts au plus grand nombre."
        else:
            head += "Voici les dispositifs qui vous correspondent, d'après ce que vous m'avez dit :"
        lines = [head]
        for r in results:
            lines.append(f"• {r.dispositif.nom} ({r.label}) : {r.dispositif.resume}")
        lines.append("Lequel voulez-vous découvrir ?")
        buttons = [button(r.dispositif.sigle or r.dispositif.nom, "ask_scheme", dispositif=r.dispositif.id) for r in results[:4]]
        if profile.is_empty:
            buttons.append(button("Décrire ma situation", "ask_trade_ideas"))
        dispatcher.utter_message(text="\n".join(lines), buttons=buttons)
        return [SlotSet(DISPOSITIFS_PROPOSES, merge_unique(proposed, [r.dispositif.id for r in results]))]

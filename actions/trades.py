"""Trades: suggest three with the reasons, and answer questions about one trade."""
from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from .base import CapAction, button, join_fr, latest_entity_values, main_menu
from .kb.models import Metier
from .kb.profile import Profile
from .kb.recommend import CLASHES
from .profile import METIER, METIERS_PROPOSES, as_list, merge_unique

ASPECTS = {
    "ask_trade_info": "fiche",
    "ask_trade_pay": "salaire",
    "ask_trade_training": "formation",
    "ask_trade_conditions": "conditions",
}


def persona_hint(profile: Profile) -> str:
    publics = profile.publics
    if "jeune" in publics:
        return ("Bon à savoir : ces métiers s'apprennent aussi en apprentissage (payé) "
                "ou en école de production, où l'on apprend en fabriquant de vraies commandes.")
    if "reconversion" in publics:
        return ("Pour changer de métier, vous pouvez d'abord le tester quelques jours en immersion (PMSMP), "
                "puis vous former avant l'embauche avec une POEI.")
    return "Vous pouvez tester chacun de ces métiers quelques jours en entreprise, grâce à une immersion (PMSMP)."


class ActionSuggestMetiers(CapAction):
    def name(self) -> Text:
        return "action_suggest_metiers"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        kb, profile = self.kb, self.profile(tracker)
        already = as_list(tracker.get_slot(METIERS_PROPOSES))
        # "d'autres idées ?" after a first list: show the next ones
        exclude = already if tracker.latest_message.get("intent", {}).get("name") == "ask_trade_ideas" and already else []
        recs = kb.recommend(profile, n=3, exclude=exclude)
        if not recs:
            recs = kb.recommend(profile, n=3)
        lines = ["Voici trois métiers qui pourraient vous correspondre :"]
        for i, r in enumerate(recs, start=1):
            why = join_fr(list(r.reasons[:3])) or "c'est un métier accessible qui recrute"
            lines.append(f"{i}. {r.metier.label(profile.femme).capitalize()} : {why}.")
            lines.append(f"   La réalité du poste : {r.metier.realite}")
            if r.cautions:
                lines.append(f"   Attention avec vos contraintes : {join_fr(list(r.cautions))}.")
        lines.append(persona_hint(profile))
        lines.append("Lequel voulez-vous découvrir de plus près ?")
        buttons = [button(r.metier.label(profile.femme).capitalize(), "ask_trade_info", metier=r.metier.id) for r in recs]
        buttons += [button("D'autres idées", "ask_trade_ideas"), button("Les dispositifs pour moi", "check_eligibility"),
                    button("Événements près de chez moi", "ask_events")]
        dispatcher.utter_message(text="\n".join(lines), buttons=buttons)
        return [SlotSet(METIERS_PROPOSES, merge_unique(already, [r.metier.id for r in recs]))]


def resolve_metier(kb, tracker: Tracker) -> "tuple[Optional[Metier], Optional[str]]":
    """The trade the person talks about: this message's entity first, then the one in context.

    Returns (metier, unknown_text) — unknown_text when they named a trade we do not know.
    """
    for value in latest_entity_values(tracker, "metier"):
        metier = kb.metiers.get(value) or kb.find_metier(value)
        if metier:
            return metier, None
    named = latest_entity_values(tracker, "metier")
    if not named:
        from_text = kb.metier_index.find_all(tracker.latest_message.get("text") or "")
        if from_text:
            return kb.metiers[from_text[0]], None
        slot = tracker.get_slot(METIER)
        if slot:
            metier = kb.metiers.get(slot) or kb.find_metier(slot)
            if metier:
                return metier, None
    return None, (named[0] if named else None)


class ActionMetierInfo(CapAction):
    """Trade sheet, pay, training or working conditions, depending on the question."""

    def name(self) -> Text:
        return "action_metier_info"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        kb, profile = self.kb, self.profile(tracker)
        intent = tracker.latest_message.get("intent", {}).get("name")
        aspect = ASPECTS.get(intent, "fiche")
        metier, unknown = resolve_metier(kb, tracker)
        if metier is None:
            return self._ask_which(dispatcher, tracker, profile, unknown, aspect)
        label = metier.label(profile.femme)
        text = {
            "fiche": self._sheet, "salaire": self._pay, "formation": self._training, "conditions": self._conditions,
        }[aspect](metier, label, profile)
        sources = kb.source_labels(metier.source)
        if sources:
            text += f"\n(Sources : {'; '.join(sources)})"
        buttons = [b for b in (
            button("Comment s'y former", "ask_trade_training", metier=metier.id) if aspect != "formation" else None,
            button("Les conditions de travail", "ask_trade_conditions", metier=metier.id) if aspect != "conditions" else None,
            button("Le salaire", "ask_trade_pay", metier=metier.id) if aspect != "salaire" else None,
            button("Tester ce métier (immersion)", "ask_scheme", dispositif="pmsmp") if "pmsmp" in kb.dispositifs else None,
            button("Événements près de chez moi", "ask_events"),
        ) if b]
        dispatcher.utter_message(text=text, buttons=buttons)
        return [SlotSet(METIER, metier.id)]

    def _ask_which(self, dispatcher, tracker, profile, unknown, aspect):
        kb = self.kb
        proposed = [kb.metiers[m] for m in as_list(tracker.get_slot(METIERS_PROPOSES)) if m in kb.metiers]
        choices = proposed[:4] or [r.metier for r in kb.recommend(profile, n=4)]
        if unknown:
            intro = (f"Je n'ai pas encore de fiche pour « {unknown} ». Je connais bien les métiers de l'industrie "
                     "comme ceux-ci :")
        elif aspect == "salaire":
            facts = " ".join(kb.cite(f) for f in kb.facts("salaires"))
            intro = f"{facts} Pour quel métier voulez-vous en savoir plus ?"
        else:
            intro = "De quel métier voulez-vous parler ? Par exemple :"
        intent = next((k for k, v in ASPECTS.items() if v == aspect), "ask_trade_info")
        buttons = [button(m.label(profile.femme).capitalize(), intent, metier=m.id) for m in choices]
        buttons.append(button("Des idées de métiers pour moi", "ask_trade_ideas"))
        dispatcher.utter_message(text=intro + "\nChoisissez-en un ou écrivez son nom.", buttons=buttons)
        return []

    def _sheet(self, m: Metier, label: str, profile: Profile) -> str:
        kb = self.kb
        filieres = join_fr([kb.vocab_label("filieres", f) for f in m.filieres[:3]])
        levels = join_fr([kb.vocab_label("niveaux", a) for a in m.acces])
        parts = [f"{label.capitalize()} : {m.description}",
                 f"Secteurs : {filieres}.",
                 f"Accès : {levels}.",
                 f"La réalité : {m.realite}"]
        if m.en_tension:
            parts.append("C'est un métier en tension : les entreprises cherchent des candidat·es.")
        if m.mrs:
            parts.append("On peut souvent y être recruté sans CV, par la méthode de recrutement par simulation (MRS).")
        if m.rome:
            parts.append(f"Code ROME : {m.rome} (utile pour chercher des offres sur francetravail.fr).")
        parts.append("Voulez-vous savoir comment vous y former ou le tester en entreprise ?")
        return "\n".join(parts)

    def _pay(self, m: Metier, label: str, profile: Profile) -> str:
        rome = f" (code ROME {m.rome})" if m.rome else ""
        facts = " ".join(self.kb.cite(f) for f in self.kb.facts("salaires"))
        return (f"Je n'ai pas de grille de salaire fiable pour {label}, et je préfère ne pas vous donner un chiffre inventé. "
                f"Ce que disent les sources : {facts} "
                f"Pour le salaire d'embauche près de chez vous, demandez à votre conseiller France Travail la fiche métier{rome}. "
                "Voulez-vous voir comment vous former à ce métier ?")

    def _training(self, m: Metier, label: str, profile: Profile) -> str:
        kb = self.kb
        levels = join_fr([kb.vocab_label("niveaux", a) for a in m.acces])
        lines = [f"Pour devenir {label}, on peut entrer {('dès le niveau ' + levels) if levels else ''}.",
                 "Parcours possibles :"]
        lines += [f"• {f}" for f in m.formations]
        publics = profile.publics
        if "jeune" in publics:
            lines.append("En apprentissage, vous êtes salarié·e et payé·e pendant la formation.")
        elif "reconversion" in publics:
            lines.append("En reconversion : la POEI finance une formation avant l'embauche quand une entreprise a un poste à pourvoir.")
        if m.mrs:
            lines.append("Bonne nouvelle : des entreprises recrutent sur ce métier sans diplôme, par la MRS, puis forment en interne.")
        lines.append("Voulez-vous savoir à quels dispositifs vous avez droit ?")
        return "\n".join(lines)

    def _conditions(self, m: Metier, label: str, profile: Profile) -> str:
        kb = self.kb
        conds = [kb.vocab_label("conditions", c) for c in m.conditions]
        lines = [f"Les conditions de travail de {label} : {join_fr(conds) or 'elles varient selon l’entreprise'}.",
                 f"Pour être honnête : {m.realite}"]
        clashes = []
        for c in profile.real_constraints:
            clashes += [kb.vocab_label("conditions", x) for x in CLASHES.get(c, ()) if x in m.conditions]
        if clashes:
            lines.append(f"Avec vos contraintes, attention à : {join_fr(sorted(set(clashes)))}. "
                         "Parlez-en à l'employeur : certaines entreprises proposent des horaires de journée.")
        lines.append("Le mieux pour vous faire une idée : une immersion de quelques jours en entreprise. On en parle ?")
        return "\n".join(lines)


__all__ = ["ActionSuggestMetiers", "ActionMetierInfo", "main_menu"]

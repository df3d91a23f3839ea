"""The synthesis of a conversation: profile, trades with reasons, schemes with eligibility, events,
next steps. Pure Python: used by the récap action and by the conseiller view (bot/server.py)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, List, Mapping, Tuple

from .dates import french_date
from .kb import eligibility as elig
from .kb.loader import KnowledgeBase
from .kb.orientation import Orientation, choose_organisme
from .kb.profile import NO_CONSTRAINT, Profile
from .render import de
from .kb.recommend import score_metier
from .profile import (DISPOSITIFS_PROPOSES, EVENEMENTS_PROPOSES, METIERS_PROPOSES, SKIPPED, as_list,
                      profile_from_slots)

PUBLIC_LABELS = {"jeune": "jeune (16-25 ans)", "reconversion": "reconversion", "femme": "femme", "handicap": "handicap"}


@dataclass
class Synthesis:
    conversation_id: str
    profile: List[Tuple[str, str]] = field(default_factory=list)
    publics: List[str] = field(default_factory=list)
    metiers: List[Tuple[str, str, str]] = field(default_factory=list)          # label, reasons, réalité
    dispositifs: List[Tuple[str, str, str]] = field(default_factory=list)      # nom, statut, détail
    evenements: List[str] = field(default_factory=list)
    orientation: Orientation = None  # type: ignore[assignment]
    next_steps: List[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.profile or self.metiers or self.dispositifs or self.evenements)

    def to_markdown(self) -> str:
        out = [f"# Synthèse Cap Industrie — conversation {self.conversation_id}", ""]
        out.append("## Profil")
        out += [f"- **{k}** : {v}" for k, v in self.profile] or ["- (rien de renseigné)"]
        if self.publics:
            out.append(f"- **Publics** : {', '.join(self.publics)}")
        out += ["", "## Métiers proposés"]
        out += [f"- **{m}** — {why}. _Réalité : {real}_" for m, why, real in self.metiers] or ["- (aucun)"]
        out += ["", "## Dispositifs"]
        out += [f"- **{n}** : {s}{(' — ' + d) if d else ''}" for n, s, d in self.dispositifs] or ["- (aucun)"]
        out += ["", "## Événements proposés"]
        out += [f"- {e}" for e in self.evenements] or ["- (aucun)"]
        out += ["", "## Orientation", f"- {self.orientation.why}", f"- {self.orientation.how}"]
        out += ["", "## Prochaines étapes"]
        out += [f"{i}. {s}" for i, s in enumerate(self.next_steps, start=1)]
        return "\n".join(out) + "\n"

    def to_chat(self) -> str:
        """A short version for the chat récap."""
        lines = ["Voici ce que j'ai retenu :"]
        lines += [f"• {k} : {v}" for k, v in self.profile] or ["• (vous ne m'avez encore rien dit de vous)"]
        if self.metiers:
            lines.append("Métiers proposés : " + ", ".join(m for m, _, _ in self.metiers) + ".")
        if self.dispositifs:
            lines.append("Dispositifs vus : " + ", ".join(f"{n} ({s})" for n, s, _ in self.dispositifs) + ".")
        if self.evenements:
            lines.append(f"Événements proposés : {len(self.evenements)}.")
        if self.next_steps:
            lines.append("Prochaine étape conseillée : " + self.next_steps[0])
        return "\n".join(lines)


def _profile_lines(kb: KnowledgeBase, p: Profile, slots: Mapping[str, Any]) -> List[Tuple[str, str]]:
    rows: List[Tuple[str, str]] = []
    if p.situation:
        rows.append(("Situation", kb.vocab_label("situations", p.situation)))
    if p.age is not None:
        rows.append(("Âge", f"{p.age} ans"))
    if p.place is not None:
        rows.append(("Lieu", f"{p.place.name} ({p.place.departement_name or p.place.departement})"))
    if p.diplome:
        rows.append(("Diplôme", kb.vocab_label("niveaux", p.diplome)))
    if p.interets:
        rows.append(("Aime", ", ".join(kb.vocab_label("interets", i) for i in p.interets)))
    if p.contraintes:
        labels = [("aucune contrainte" if c == NO_CONSTRAINT else kb.vocab_label("contraintes", c)) for c in p.contraintes]
        rows.append(("Contraintes", ", ".join(labels)))
    if p.rqth:
        rows.append(("RQTH", "oui"))
    if p.inscrit_france_travail:
        rows.append(("Inscrit·e à France Travail", "oui"))
    skipped = as_list(slots.get(SKIPPED))
    if skipped:
        rows.append(("Préfère ne pas dire", ", ".join(skipped)))
    return rows


def build_synthesis(slots: Mapping[str, Any], kb: KnowledgeBase, conversation_id: str = "") -> Synthesis:
    p = profile_from_slots(slots, kb)
    syn = Synthesis(conversation_id=conversation_id)
    syn.profile = _profile_lines(kb, p, slots)
    syn.publics = [PUBLIC_LABELS[x] for x in sorted(p.publics) if x in PUBLIC_LABELS]
    territoire = kb.territoire_of(p.place)
    for mid in as_list(slots.get(METIERS_PROPOSES)):
        m = kb.metiers.get(mid)
        if m is None:
            continue
        r = score_metier(m, p, kb.vocab, territoire)
        syn.metiers.append((m.label(p.femme), "; ".join(r.reasons) or "métier accessible qui recrute", m.realite))
    for did in as_list(slots.get(DISPOSITIFS_PROPOSES)):
        d = kb.dispositifs.get(did)
        if d is None:
            continue
        e = elig.evaluate(d, p)
        detail = " ".join(e.unmet) if e.unmet else (
            "à vérifier : " + ", ".join(elig.FIELD_QUESTIONS.get(f, f) for f in e.unknown) if e.unknown else d.demarrer)
        syn.dispositifs.append((d.nom, e.label, detail))
    by_id = {e.id: e for e in kb.evenements}
    for eid in as_list(slots.get(EVENEMENTS_PROPOSES)):
        e = by_id.get(eid)
        if e is not None:
            syn.evenements.append(f"{french_date(e.date)} — {e.titre} ({e.commune or e.region or 'en ligne'})"
                                  + (f" — {e.lien}" if e.lien else ""))
    syn.orientation = choose_organisme(p)
    syn.next_steps = _next_steps(kb, syn, p)
    return syn


def _next_steps(kb: KnowledgeBase, syn: Synthesis, p: Profile) -> List[str]:
    steps: List[str] = []
    organisme = kb.vocab_label("organismes", syn.orientation.organisme)
    if syn.metiers:
        steps.append(f"Tester le métier {de(syn.metiers[0][0])} par une immersion (PMSMP), à demander à {organisme}.")
    else:
        steps.append("Répondre à quelques questions pour recevoir trois idées de métiers.")
    accessible = [n for n, s, _ in syn.dispositifs if s == "a priori accessible"]
    if accessible:
        steps.append(f"Demander à {organisme} comment démarrer : {', '.join(accessible[:2])}.")
    if syn.evenements:
        steps.append("Aller à un événement proposé pour rencontrer des entreprises.")
    steps.append(f"Prendre rendez-vous avec {organisme} en apportant cette synthèse.")
    return steps

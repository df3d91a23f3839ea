"""Rank trades for a profile; every point a trade earns comes with the sentence that explains it."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Dict, List, Mapping, Optional, Sequence, Tuple

from .models import Metier, Territoire, VocabEntry
from .profile import Profile

if TYPE_CHECKING:   # pragma: no cover
    from .affinity import TradeAffinity

# weights, kept together so that the ranking is easy to read and to tune
W_INTEREST = 3.0
W_NO_DIPLOMA_OK = 2.0
W_LEVEL_OK = 1.0
W_LEVEL_FAR = -1.5
W_LEVEL_BELOW = -1.0   # a trade whose every entry is far below a higher-education diploma (an engineer offered a warehouse job)
W_MRS = 1.0
W_TENSION = 1.0
W_TERRITORY = 1.5
W_CONSTRAINT = -3.0
POSITION_WEIGHTS = (1.0, 0.85, 0.7, 0.6)   # an interest's weight by its rank in the sheet's `interets`
W_AFFINITY = 2.0       # times how close the person's own words are to the trade's sheet (0-1, actions/kb/affinity.py)
ECHO_MIN = 0.5         # from this closeness, the word of the sheet they meet is said as a reason

# constraint -> working conditions that clash with it
CLASHES: Mapping[str, Tuple[str, ...]] = {
    "pas_de_nuit": ("travail_poste", "horaires_decales", "astreintes"),
    "pas_de_charges": ("port_de_charges",),
    # 2x8 shifts are most often on weekdays; a sheet that says weekends has horaires_decales, whose label
    # says so ("parfois de nuit ou le week-end"); tests/kb/test_loader.py checks each sheet's text
    "pas_de_weekend": ("horaires_decales",),
    "garde_enfants": ("travail_poste", "horaires_decales", "astreintes", "deplacements"),
    "sans_permis": ("deplacements",),
    "handicap": ("port_de_charges",),
}


@dataclass(frozen=True)
class Recommendation:
    metier: Metier
    score: float
    reasons: Tuple[str, ...]        # why it fits, in French, for the person
    cautions: Tuple[str, ...]       # what may clash with a constraint, said honestly
    fits: bool = True               # matches one of the person's likings (or none is known)


LONG_STUDIES = 4   # rang of « licence / licence pro » in knowledge/vocabulaire.yml


def _level_rank(niveaux: Mapping[str, VocabEntry], level: Optional[str]) -> Optional[int]:
    if level is None or level not in niveaux:
        return None
    return int(niveaux[level].extra.get("rang", 0))


def score_metier(
    metier: Metier,
    profile: Profile,
    vocab: Mapping[str, Mapping[str, VocabEntry]],
    territoire: Optional[Territoire] = None,
    territoire_filieres: Sequence[str] = (),
    closeness: float = 0.0,
    echo: Optional[str] = None,
) -> Recommendation:
    """`closeness`: how close what the person said of themselves is to this trade's sheet, 0-1
    (TradeAffinity.scores); `echo`: the word of the sheet their words meet (TradeAffinity.echo)."""
    score = 0.0
    reasons: List[str] = []
    cautions: List[str] = []
    interets = vocab["interets"]
    conditions = vocab["conditions"]
    niveaux = vocab["niveaux"]

    liked = [i for i in profile.interets if i in metier.interets]
    if liked:
        # a sheet lists its interests most central first: the welder's first is working with one's hands
        score += sum(W_INTEREST * POSITION_WEIGHTS[min(metier.interets.index(i), len(POSITION_WEIGHTS) - 1)]
                     for i in liked)
        names = [interets[i].label for i in liked if i in interets]
        # "l'informatique et le numérique, et organiser et encadrer": a comma where a label has its own "et"
        labels = (", et " if any(" et " in n for n in names) else " et ").join(names)
        reasons.append(f"vous aimez {labels}")
    if closeness > 0:
        score += W_AFFINITY * closeness
        if echo and closeness >= ECHO_MIN:
            reasons.append(f"vous avez parlé de « {echo} », au cœur de ce métier")

    person_rank = _level_rank(niveaux, profile.value("diplome"))
    entry_rank = min((_level_rank(niveaux, a) or 0) for a in metier.acces)
    if profile.value("diplome") == "sans_diplome" or "sans_diplome" in profile.contraintes:
        if "sans_diplome" in metier.acces:
            score += W_NO_DIPLOMA_OK
            reasons.append("on peut y entrer sans diplôme")
        elif entry_rank <= 1:
            score += W_LEVEL_OK
            reasons.append("un CAP ou un titre professionnel suffit, accessible en alternance")
        else:
            score += W_LEVEL_FAR
    elif person_rank is not None:
        if entry_rank <= person_rank:
            score += W_LEVEL_OK
            reasons.append("votre niveau de diplôme permet d'y accéder")
        elif entry_rank - person_rank >= 2:
            score += W_LEVEL_FAR
        top_rank = max((_level_rank(niveaux, a) or 0) for a in metier.acces)
        if person_rank >= 3 and top_rank <= person_rank - 3:
            score += W_LEVEL_BELOW
    elif entry_rank >= LONG_STUDIES:
        # level not said yet: trades that start after three years of higher education or more come after
        # those open with a CAP, a bac or a BTS (the level is asked next; an engineer's trade is not a first
        # idea for someone the bot knows nothing about)
        score += W_LEVEL_FAR / 2

    if metier.mrs and (person_rank is None or person_rank <= 2):
        score += W_MRS
        # what seed_001 says: the MRS "est mobilisable sur un recrutement pour un poste de travail n'exigeant
        # pas de diplôme ou de qualification élevée à la prise de poste" (not that this trade recruits by it)
        reasons.append("la MRS de France Travail, sans CV, sert aux postes sans diplôme élevé exigé à l'embauche")
    if metier.en_tension:
        score += W_TENSION
        reasons.append("les entreprises peinent à recruter, donc vos chances sont réelles")

    if territoire is not None and set(metier.filieres) & set(territoire_filieres):
        score += W_TERRITORY
        reasons.append(f"le Territoire d'industrie {territoire.nom} recrute dans ce domaine")

    for constraint in profile.real_constraints:
        clash = [c for c in CLASHES.get(constraint, ()) if c in metier.conditions]
        if clash:
            score += W_CONSTRAINT
            cautions.append(", ".join(conditions[c].label for c in clash if c in conditions))

    return Recommendation(metier, round(score, 2), tuple(reasons), tuple(cautions))


def recommend(
    metiers: Sequence[Metier],
    profile: Profile,
    vocab: Mapping[str, Mapping[str, VocabEntry]],
    n: int = 3,
    territoire: Optional[Territoire] = None,
    territoire_filieres: Sequence[str] = (),
    exclude: Sequence[str] = (),
    affinity: Optional["TradeAffinity"] = None,
) -> List[Recommendation]:
    """Best n trades. A stated constraint is a filter: a trade that clashes with it comes after every trade
    that fits without clashing, and is shown (with its caution) only when it matches what the person likes
    and nothing else does. Then the highest score; ties go to the trade whose activities are most about
    what the person likes (share of its interests liked), then to tension, then to the id (stable).
    `affinity` compares the person's own words (profile.propos) with each sheet."""
    liked = set(profile.interets)
    closeness = affinity.scores(profile.propos) if affinity is not None and profile.propos else {}

    def fits(r: Recommendation) -> bool:
        return not liked or bool(liked & set(r.metier.interets))

    def key(r: Recommendation):
        tier = (0 if fits(r) else 2) + (1 if r.cautions else 0)
        share = len(liked & set(r.metier.interets)) / max(1, len(r.metier.interets))
        return (tier, -r.score, -share, not r.metier.en_tension, r.metier.id)

    scored = []
    for m in metiers:
        if m.id in exclude:
            continue
        close = closeness.get(m.id, 0.0)
        echo = affinity.echo(profile.propos, m.id) if affinity is not None and close >= ECHO_MIN else None
        scored.append(score_metier(m, profile, vocab, territoire, territoire_filieres, close, echo))
    scored.sort(key=key)
    return [replace(r, fits=fits(r)) for r in scored[:n]]


def filieres_of_territory(territoire: Territoire, filiere_index: Dict[str, str]) -> List[str]:
    """Map the free-text industries of a territory to filière ids through the filière synonyms."""
    from .text import normalize

    found: List[str] = []
    for text in territoire.industries:
        haystack = f" {normalize(text)} "
        for form, fid in filiere_index.items():
            if f" {form} " in haystack and fid not in found:
                found.append(fid)
    return found

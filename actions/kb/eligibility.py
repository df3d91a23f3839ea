"""Evaluate a scheme's structured conditions against a profile: eligible, not eligible, or to check."""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Sequence, Tuple

from .models import Condition, Dispositif
from .profile import Profile

ELIGIBLE = "eligible"
NOT_ELIGIBLE = "non_eligible"
TO_CHECK = "a_verifier"
CLOSED = "ferme"          # scheme removed or replaced


@dataclass(frozen=True)
class Eligibility:
    dispositif: Dispositif
    status: str
    unmet: Tuple[str, ...] = ()      # messages of the conditions that are not met
    unknown: Tuple[str, ...] = ()    # profile fields we would need to conclude

    @property
    def label(self) -> str:
        return {
            ELIGIBLE: "a priori accessible",
            NOT_ELIGIBLE: "non accessible pour l'instant",
            TO_CHECK: "à vérifier",
            CLOSED: "n'existe plus",
        }[self.status]


def check_condition(cond: Condition, profile: Profile) -> "bool | None":
    """True if met, False if not, None if the profile does not tell."""
    if any(profile.value(flag) is True for flag in cond.sauf_si):
        return True
    value = profile.value(cond.champ)
    if value is None:
        return None
    if cond.min is not None or cond.max is not None:
        try:
            number = float(value)
        except (TypeError, ValueError):
            return None
        if cond.min is not None and number < cond.min:
            return False
        if cond.max is not None and number > cond.max:
            return False
        return True
    if cond.parmi is not None:
        return value in cond.parmi
    return value == cond.egal


def evaluate(dispositif: Dispositif, profile: Profile) -> Eligibility:
    if not dispositif.actif:
        return Eligibility(dispositif, CLOSED)
    unmet: List[str] = []
    unknown: List[str] = []
    for cond in dispositif.conditions:
        result = check_condition(cond, profile)
        if result is False:
            unmet.append(cond.message)
        elif result is None and cond.champ not in unknown:
            unknown.append(cond.champ)
    if unmet:
        return Eligibility(dispositif, NOT_ELIGIBLE, tuple(unmet), tuple(unknown))
    if unknown:
        return Eligibility(dispositif, TO_CHECK, (), tuple(unknown))
    return Eligibility(dispositif, ELIGIBLE)


def schemes_for_profile(dispositifs: Sequence[Dispositif], profile: Profile, limit: int = 5) -> List[Eligibility]:
    """Active schemes ranked for this person: persona match first, then eligible before 'to check'."""
    publics = profile.publics or {"tous"}
    ranked = []
    for d in dispositifs:
        if not d.actif:
            continue
        result = evaluate(d, profile)
        if result.status == NOT_ELIGIBLE:
            continue
        match = len(publics & set(d.publics))
        status_rank = 0 if result.status == ELIGIBLE else 1
        generic = 1 if ("tous" in d.publics and match == 0) else 0
        # at equal match, a scheme whose conditions this person is known to meet (période de reconversion
        # for a salarié, apprentissage at 17) fits them better than one that asks nothing
        met = int(any(check_condition(c, profile) is True for c in d.conditions))
        # a person with a disability hears first of what is made for it (Cap emploi, the RQTH), whatever
        # other public they share with broader schemes
        made_for = int("handicap" in publics and d.publics == ("handicap",))
        ranked.append((-made_for, -match, generic, status_rank, -met, d.id, result))
    ranked.sort(key=lambda t: t[:6])
    return [r[-1] for r in ranked[:limit]]


FIELD_QUESTIONS = {
    "age": "votre âge",
    "situation": "votre situation (en études, en emploi, en recherche d'emploi…)",
    "diplome": "votre diplôme",
    "inscrit_france_travail": "si vous êtes inscrit·e à France Travail",
    "rqth": "si vous avez une reconnaissance de travailleur handicapé (RQTH)",
    "accompagne": "si vous êtes accompagné·e par France Travail, une Mission locale ou Cap emploi",
    "offre_emploi": "si une entreprise vous propose un poste",
    "femme": "si vous êtes une femme",
}

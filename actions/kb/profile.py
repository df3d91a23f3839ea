"""The person's profile as the knowledge layer sees it (built from Rasa slots by actions/profile.py)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional, Set, Tuple

from .places import Place

YOUNG_SITUATIONS = {"collegien", "lyceen", "decrocheur", "apprenti", "etudiant"}
ADULT_SITUATIONS = {"salarie", "demandeur_emploi", "independant", "parent_au_foyer"}
NO_CONSTRAINT = "aucune"


@dataclass(frozen=True)
class Profile:
    situation: Optional[str] = None
    age: Optional[int] = None
    place: Optional[Place] = None
    diplome: Optional[str] = None
    interets: Tuple[str, ...] = ()
    contraintes: Tuple[str, ...] = ()
    femme: Optional[bool] = None
    rqth: Optional[bool] = None
    inscrit_france_travail: Optional[bool] = None
    accompagne: Optional[bool] = None
    offre_emploi: Optional[bool] = None
    propos: Tuple[str, ...] = ()    # what the person said of themselves, in their words (trade affinity)
    extra: Tuple[Tuple[str, Any], ...] = field(default=(), compare=False)

    def value(self, champ: str) -> Any:
        """Value of a profile field as used by scheme conditions; None when unknown."""
        if champ == "rqth":
            if self.rqth is not None:
                return self.rqth
            return True if "handicap" in self.contraintes else None
        if champ == "accompagne":
            if self.accompagne is not None:
                return self.accompagne
            return True if self.inscrit_france_travail else None
        if champ == "diplome" and self.diplome is None and "sans_diplome" in self.contraintes:
            return "sans_diplome"
        return getattr(self, champ, None)

    @property
    def has_constraint_info(self) -> bool:
        return bool(self.contraintes)

    @property
    def real_constraints(self) -> Set[str]:
        return {c for c in self.contraintes if c != NO_CONSTRAINT}

    @property
    def publics(self) -> Set[str]:
        """The personas this person belongs to: jeune, reconversion, femme, handicap (may be several)."""
        out: Set[str] = set()
        young_by_age = self.age is not None and self.age <= 25
        if young_by_age or (self.age is None and self.situation in YOUNG_SITUATIONS):
            out.add("jeune")
        if self.situation in ADULT_SITUATIONS and not (self.age is not None and self.age < 21):
            out.add("reconversion")
        elif self.age is not None and self.age > 25:
            out.add("reconversion")
        if self.femme:
            out.add("femme")
        # a health problem or disability said ("je suis sourde"), RQTH or not yet: the schemes for it come
        # first (live turn, 2026-12-04: "quelles aides pour moi ?" got GEIQ and immersion, not Cap emploi)
        if self.value("rqth") or "handicap" in self.contraintes:
            out.add("handicap")
        return out

    @property
    def is_empty(self) -> bool:
        return not any([self.situation, self.age, self.place, self.diplome, self.interets, self.contraintes])

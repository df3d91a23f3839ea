"""Which organisation fits a person: Cap emploi (disability), Mission locale (16-25), else France Travail."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Tuple

from .profile import Profile


@dataclass(frozen=True)
class Orientation:
    organisme: str            # id in vocabulaire.yml organismes
    why: str
    how: str
    source: Tuple[str, ...]


def orientation_for(organisme: str) -> "Orientation | None":
    """The orientation text for an organisation the person named (France Travail, Mission locale, Cap emploi)."""
    probes = {"cap_emploi": Profile(rqth=True), "mission_locale": Profile(age=20), "france_travail": Profile(age=40)}
    return choose_organisme(probes[organisme]) if organisme in probes else None


def choose_organisme(profile: Profile) -> Orientation:
    if profile.value("rqth") or "handicap" in profile.contraintes:
        return Orientation(
            "cap_emploi",
            "Cap emploi accompagne vers l'emploi les personnes en situation de handicap (RQTH…), avec France Travail.",
            "Votre conseiller France Travail peut vous y orienter ; Cap emploi et France Travail ont un lieu "
            "d'accompagnement commun.",
            ("ref_43", "ref_44"),
        )
    if (profile.age is not None and 16 <= profile.age <= 25) or (profile.age is None and "jeune" in profile.publics):
        return Orientation(
            "mission_locale",
            "La Mission locale accompagne les jeunes de 16 à 25 ans : orientation, immersion, contrat d'engagement jeune, Parcours Industrie.",
            "Rendez-vous à la Mission locale de votre secteur (votre mairie vous indique la plus proche).",
            ("ref_02", "seed_000"),
        )
    return Orientation(
        "france_travail",
        "France Travail accompagne les personnes en recherche d'emploi ou en reconversion et prescrit l'immersion, la POEI et la MRS.",
        "Inscription et rendez-vous sur francetravail.fr ; pour être aidé à s'inscrire, le 3949 est indiqué sur francetravail.fr.",
        ("ref_01",),
    )

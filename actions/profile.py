"""The one place that knows slot names: Rasa slots <-> the knowledge layer's Profile.

Pure Python on purpose (no rasa_sdk import): the conseiller view builds the same Profile from a
tracker's slots fetched over HTTP.
"""
from __future__ import annotations

from typing import Any, Iterable, List, Mapping, Optional

from .kb.loader import KnowledgeBase
from .kb.profile import NO_CONSTRAINT, Profile

# profile slots, in the order the form asks for them
SITUATION, AGE, LIEU, INTERETS, CONTRAINTES = "situation", "age", "lieu", "interets", "contraintes"
LIEU_CODE = "lieu_code"     # "commune:63430" | "departement:86" | "region:84": the exact place behind the name
FORM_SLOTS = (SITUATION, AGE, LIEU, INTERETS, CONTRAINTES)
DIPLOME, GENRE, RQTH, INSCRIT = "diplome", "genre", "rqth", "inscrit_france_travail"
METIER, DISPOSITIF, MOIS = "metier", "dispositif", "mois"
SKIPPED = "skipped"
PROCHE = "proche"
PROPOS = "propos"     # what the person said of themselves, in their own words (trade affinity)
PROPOS_KEPT, PROPOS_MAX = 8, 300
# conversation context: what follow-ups ("le premier", "c'est payé ?") resolve against
SUJET, DERNIERE_LISTE = "sujet", "derniere_liste"                # "metier:soudeur", ["metier:a", "metier:b"]
DERNIERE_QUESTION, QUESTIONS_POSEES = "derniere_question", "questions_posees"
PROPOSITION, DEMANDE = "proposition", "demande"                  # what "oui" accepts; a request waiting for a fact
# what the bot has proposed, for the récap and the conseiller synthesis
METIERS_PROPOSES, DISPOSITIFS_PROPOSES, EVENEMENTS_PROPOSES, CONSEILLER = (
    "metiers_proposes", "dispositifs_proposes", "evenements_proposes", "organisme_propose")

FEMALE_WORDS = {"femme", "fille", "maman", "mere", "mère", "meuf", "dame", "jeune femme", "madame", "feminin", "féminin"}
MALE_WORDS = {"homme", "garcon", "garçon", "papa", "pere", "père", "mec", "monsieur", "masculin"}


def as_list(value: Any) -> List[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple, set)):
        return [str(v) for v in value if v not in (None, "")]
    return [str(value)] if str(value) else []


def parse_age(value: Any) -> Optional[int]:
    try:
        age = int(float(str(value).strip()))
    except (TypeError, ValueError):
        return None
    return age if 14 <= age <= 75 else None


def femme_from_genre(value: Any) -> Optional[bool]:
    if not value:
        return None
    text = str(value).strip().lower()
    if text in FEMALE_WORDS or text.startswith("femme"):
        return True
    if text in MALE_WORDS:
        return False
    return None


def place_key(place) -> str:
    return f"{place.kind}:{place.code}"


def place_from_slots(slots: Mapping[str, Any], kb: KnowledgeBase):
    """The validated place when its code still matches the name in `lieu`, else the name resolved again."""
    name = slots.get(LIEU)
    if not name:
        return None
    key = str(slots.get(LIEU_CODE) or "")
    if ":" in key:
        kind, code = key.split(":", 1)
        getter = {"commune": kb.places.commune_by_insee, "departement": kb.places.departement,
                  "region": kb.places.region}.get(kind)
        place = getter(code) if getter else None
        if place is not None and place.name == name:
            return place
    return kb.places.resolve(str(name))


def profile_from_slots(slots: Mapping[str, Any], kb: KnowledgeBase) -> Profile:
    place = place_from_slots(slots, kb)
    interets = [kb.vocab_id("interets", v) or v for v in as_list(slots.get(INTERETS))]
    contraintes = [c if c == NO_CONSTRAINT else (kb.vocab_id("contraintes", c) or c)
                   for c in as_list(slots.get(CONTRAINTES))]
    situation = slots.get(SITUATION)
    situation = kb.vocab_id("situations", str(situation)) or situation if situation else None
    diplome = slots.get(DIPLOME)
    diplome = kb.vocab_id("niveaux", str(diplome)) or None if diplome else None
    return Profile(
        situation=situation,
        age=parse_age(slots.get(AGE)),
        place=place,
        diplome=diplome,
        interets=tuple(dict.fromkeys(interets)),
        contraintes=tuple(dict.fromkeys(contraintes)),
        femme=femme_from_genre(slots.get(GENRE)),
        rqth=slots.get(RQTH) if isinstance(slots.get(RQTH), bool) else None,
        inscrit_france_travail=slots.get(INSCRIT) if isinstance(slots.get(INSCRIT), bool) else None,
        propos=tuple(str(x) for x in as_list(slots.get(PROPOS)) if x),
    )


def missing_form_slots(slots: Mapping[str, Any]) -> List[str]:
    skipped = set(as_list(slots.get(SKIPPED)))
    return [s for s in FORM_SLOTS if s not in skipped and slots.get(s) in (None, [], "")]


def with_constraint(existing: Any, constraint: str) -> List[str]:
    """The constraints slot with `constraint` added; a real constraint replaces "aucune"."""
    return merge_unique([c for c in as_list(existing) if c != NO_CONSTRAINT], [constraint])


def merge_unique(existing: Any, new: Iterable[str]) -> List[str]:
    out = as_list(existing)
    for item in new:
        if item not in out:
            out.append(item)
    return out

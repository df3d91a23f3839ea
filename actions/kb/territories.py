"""What the bot says about a place and a Territoire d'industrie (pure Python).

Membership is only claimed when the commune is in one of the territory's intercommunalities
(knowledge/territoires.yml, field ``epci``, members from knowledge/lieux/epci.tsv); a commune near one
is told it is near, with the distance; a département is told the territory covers part of it."""
from __future__ import annotations

from typing import Optional

from .loader import TerritoryMatch
from .places import Place

_VOWELS = tuple("aeiouyhàâäéèêëîïôöûüAEIOUYHÀÂÄÉÈÊËÎÏÔÖÛÜ")


def de(name: str) -> str:
    """'de Thiers', "d'Autrêches", 'du Creusot', 'des Mureaux'."""
    for article, contracted in (("Le ", "du "), ("Les ", "des ")):
        if name.startswith(article):
            return contracted + name[len(article):]
    return ("d'" if name.startswith(_VOWELS) else "de ") + name


def territory_sentence(match: Optional[TerritoryMatch], place: Optional[Place]) -> str:
    """The sentence, meant to follow "Bon à savoir : " (it may start with a lower-case article)."""
    if match is None or place is None:
        return ""
    t = match.territoire
    if match.relation == "membre":
        via = f" (intercommunalité : {match.epci.nom})" if match.epci else ""
        return f"{place.name} fait partie du Territoire d'industrie {t.nom}{via}."
    if match.relation == "proche" and match.nearest is not None:
        return (f"{place.name} est près du Territoire d'industrie {t.nom} : à {match.distance_km:.0f} km "
                f"{de(match.nearest.name)}, la commune du territoire la plus proche.")
    if match.relation == "departement":
        return (f"le Territoire d'industrie {t.nom} regroupe une partie des communes de ce département ({place.name}) : "
                "dites-moi la vôtre pour savoir si elle en fait partie.")
    return ""

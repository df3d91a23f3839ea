"""Compound commune names (hyphens, apostrophes, "Saint-…", "…-sur-…") resolve whole, before any
shorter name they contain: "Cournon-d'Auvergne" is not Cournon (Morbihan)."""
import re

import pytest

from actions.kb.places import normalize_place

COMPOUND = re.compile(r"[-' ’]")


def _most_populous_compounds(kb, n=200):
    communes = [p for p in kb.places.communes() if COMPOUND.search(p.name) and not re.search(r"\d", p.name)]
    communes.sort(key=lambda p: -p.population)
    # homonyms of a bigger town are resolved by population: keep the biggest of each name
    out, seen = [], set()
    for p in communes:
        key = normalize_place(p.name)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out[:n]


def test_there_are_200_compound_names(kb):
    assert len(_most_populous_compounds(kb)) == 200


@pytest.mark.parametrize("form", ["{name}", "je vis à {name}, y a un territoire d'industrie chez moi ?",
                                  "j'habite {lower}", "des événements à {spaced} en novembre ?",
                                  "j’habite à {curly} depuis 3 ans"])
def test_the_200_most_populous_compound_names_resolve_whole(kb, form):
    wrong = []
    for p in _most_populous_compounds(kb):
        text = form.format(name=p.name, lower=p.name.lower(), spaced=p.name.replace("-", " "), curly=p.name.replace("'", "’"))
        found = kb.places.find_in_text(text)
        if found is None or found.code != p.code:
            wrong.append((p.name, p.departement, found and (found.name, found.departement)))
    assert not wrong, wrong


def test_resolve_gives_the_whole_name(kb):
    wrong = [(p.name, r and r.name) for p in _most_populous_compounds(kb) for r in [kb.places.resolve(p.name)]
             if r is None or r.code != p.code]
    assert not wrong, wrong


def test_cournon_d_auvergne_is_in_the_puy_de_dome(kb):
    for text in ("Cournon-d'Auvergne", "cournon d'auvergne", "Cournon-d’Auvergne", "je vis à Cournon d Auvergne"):
        assert kb.places.find_in_text(text).departement == "63", text

"""Territoires d'industrie: membership is exact (the commune is in one of the territory's
intercommunalities, knowledge/lieux/epci.tsv), nearness is said with the distance, and the EPCIs
in knowledge/territoires.yml carry a source that names them or say how they were derived."""
import os
from pathlib import Path

import pytest

from actions.evenements import ActionEvenements
from actions.kb.loader import load_knowledge
from actions.kb.territories import territory_sentence
from tests.actions.conftest import all_text, ent, make_tracker, run_action
from tests.kb.test_loader import _errors, broken  # noqa: F401  (fixture)

SHARED = Path(os.environ.get("CAP_SOURCES_DIR") or Path(__file__).resolve().parents[2].parent / "shared")


def _say(kb, name):
    place = kb.places.resolve(name)
    return place, territory_sentence(kb.territory_match(place), place)


@pytest.mark.parametrize("town", ["Soissons", "Villers-Cotterêts", "Autun", "Cournon-d'Auvergne",
                                  "Pont-du-Château", "Gerzat", "Clermont-Ferrand"])
def test_a_town_only_near_a_territory_is_not_told_it_is_in_it(kb, town):
    place, text = _say(kb, town)
    match = kb.territory_match(place)
    assert match is not None and match.relation == "proche", (town, match)
    assert "fait partie" not in text
    assert f"{town} est près du Territoire d'industrie" in text and " km " in text, text


def test_near_gives_the_distance_to_the_closest_member_commune(kb):
    place, text = _say(kb, "Soissons")
    match = kb.territory_match(place)
    assert match.territoire.id == "pays-compiegnois" and match.nearest.code in {p.code for p in kb.members("pays-compiegnois")}
    assert f"à {match.distance_km:.0f} km" in text and 0 < match.distance_km <= 20


@pytest.mark.parametrize("town,territory", [("Thiers", "lezoux-thiers-ambert-montbrison"),
                                            ("Montbrison", "lezoux-thiers-ambert-montbrison"),
                                            ("Compiègne", "pays-compiegnois"), ("Lisieux", "lisieux"),
                                            ("Le Creusot", "creusot-montceau"), ("Pithiviers", "nord-loiret"),
                                            ("Tulle", "brive"), ("Mulhouse", "mulhouse"),
                                            ("Montaigu-Vendée", "terres-de-montaigu")])
def test_a_member_commune_is_told_it_belongs(kb, town, territory):
    place, text = _say(kb, town)
    match = kb.territory_match(place)
    assert match.relation == "membre" and match.territoire.id == territory
    assert "fait partie du Territoire d'industrie" in text and match.epci.nom in text


@pytest.mark.parametrize("name", ["Calvados", "Loire", "Puy-de-Dôme"])
def test_a_departement_alone_is_not_told_it_belongs(kb, name):
    place, text = _say(kb, name)
    assert place.kind == "departement"
    assert "fait partie du" not in text and "une partie des communes" in text


def test_far_away_has_no_territory(kb):
    assert kb.territory_match(kb.places.resolve("Brest")) is None


def test_every_epci_has_a_source_or_a_derivation_and_exists_in_etalab(kb):
    for t in kb.territoires.values():
        assert t.epci, t.id
        for e in t.epci:
            assert e.siren in kb.epci_table and kb.epci_table[e.siren].nom == e.nom
            assert (e.source and e.citation) or e.derive, (t.id, e)
            if e.derive:
                assert "Etalab" in e.derive


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="documents sources absents (../shared)")
def test_epci_citations_are_in_the_cited_document(kb):
    for t in kb.territoires.values():
        for e in t.epci:
            if e.citation:
                doc = SHARED / kb.sources[e.source].fichier
                text = " ".join(doc.read_text(encoding="utf-8").split())
                assert e.citation in text, (t.id, e.nom)


def test_events_answer_says_near_for_soissons_and_member_for_thiers():
    text = all_text(run_action(ActionEvenements(), make_tracker({}, "ask_events", [ent("lieu", "Soissons")], "des événements à Soissons ?"))[0])
    assert "fait partie" not in text and "Soissons est près du Territoire d'industrie Pays Compiégnois" in text
    text = all_text(run_action(ActionEvenements(), make_tracker({}, "ask_events", [ent("lieu", "Thiers")], "des événements à Thiers ?"))[0])
    assert "Thiers fait partie du Territoire d'industrie" in text


def test_territory_question_from_cournon_d_auvergne_is_answered_in_the_puy_de_dome():
    from actions.kb import get_knowledge
    from actions.kb.extract import get_extractor
    text = "je vis à Cournon-d'Auvergne, y a un territoire d'industrie chez moi ?"
    entities = [f.as_rasa(text) for f in get_extractor().extract(text)]
    places = [e for e in entities if e["entity"] == "lieu"]
    assert [e["value"] for e in places] == ["Cournon-d'Auvergne"]
    messages = run_action(ActionEvenements(), make_tracker({}, "ask_events", entities, text))[0]
    said = all_text(messages)
    assert messages[0]["text"].startswith("Cournon-d'Auvergne est près du Territoire d'industrie Lezoux-Thiers-Ambert-Montbrison")
    assert "Nantes" not in said and "Brest" not in said
    kb = get_knowledge()
    assert kb.places.resolve("Cournon-d'Auvergne").departement == "63"


def test_wrong_epci_name_is_refused(broken):  # noqa: F811
    directory, edit = broken
    edit("territoires.yml", lambda d: d[0]["epci"][0].__setitem__("nom", "CA de Nulle Part"))
    errors = _errors(directory)
    assert any("territoires.yml" in e and "epci[1]" in e and "CA du Bassin de Brive" in e for e in errors), errors


def test_epci_without_citation_or_with_a_bad_siren_is_refused(broken):  # noqa: F811
    directory, edit = broken
    def change(d):
        d[1]["epci"][0].pop("citation")
        d[2]["epci"][0]["siren"] = "12345"
    edit("territoires.yml", change)
    errors = _errors(directory)
    assert any("pays-compiegnois" in e and "citation manquante" in e for e in errors), errors
    assert any("creusot-montceau" in e and "siren invalide" in e for e in errors), errors


def test_a_listed_town_outside_the_epci_is_refused(broken):  # noqa: F811
    directory, edit = broken
    edit("territoires.yml", lambda d: d[0]["communes"].append("Sarlat-la-Canéda") or d[0]["departements"].append("24"))
    errors = _errors(directory)
    assert any("Sarlat-la-Canéda" in e and "aucune des intercommunalités" in e for e in errors), errors


def test_each_territory_has_its_own_frequent_question_whatever_its_official_name(kb):
    # "Bourgogne industrie" (the official name of the Creusot-Montceau territory) names a region and the
    # word "industrie": its frequent question is found by its towns, not by the general one
    from actions.kb.search import territory_faq
    for t in kb.territoires.values():
        entry = territory_faq(kb, t)
        assert entry is not None and entry.id != "territoire_industrie_c_est_quoi", (t.id, entry and entry.id)
        assert entry.id.split("_")[1] in t.id.replace("-", "_"), (t.id, entry.id)

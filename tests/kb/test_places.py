"""Tests of the French places resolver (actions/kb/places.py) on the real generated data
(knowledge/lieux/, built by scripts/build_places.py)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from actions.kb.places import Place, PlaceIndex, distance_km, normalize_place  # noqa: E402

LIEUX = ROOT / "knowledge" / "lieux"


@pytest.fixture(scope="module")
def idx() -> PlaceIndex:
    return PlaceIndex.load(LIEUX)


# -- data -------------------------------------------------------------------------------------------
def test_generated_tables_are_complete(idx):
    assert len(idx) > 34000
    assert len(idx.departements()) == 101
    assert {p.code for p in idx.departements()} >= {"01", "2A", "2B", "63", "95", "971", "972", "973", "974", "976"}
    assert len(idx.regions()) == 18
    header = (LIEUX / "communes.tsv").read_text(encoding="utf-8").split("\n", 1)[0]
    assert header == "insee\tnom\tdepartement\tcodes_postaux\tlat\tlon\tpopulation\tcoord"
    total_size = sum(f.stat().st_size for f in LIEUX.iterdir())
    assert total_size < 5 * 1024 * 1024


def test_coordinates_are_in_france(idx):
    for p in idx.communes():
        if p.departement.startswith("97"):
            continue
        assert 41.0 < p.lat < 51.5 and -5.5 < p.lon < 10.0, p


# load times are measured by make bench-kb (scripts/bench_kb.py), not asserted here: a loaded machine
# must not turn a unit test red


# -- resolve ----------------------------------------------------------------------------------------
def test_thiers(idx):
    p = idx.resolve("Thiers")
    assert isinstance(p, Place)
    assert (p.kind, p.name, p.code, p.departement) == ("commune", "Thiers", "63430", "63")
    assert p.departement_name == "Puy-de-Dôme"
    assert p.postcode == "63300"
    assert p.approximate is False
    assert abs(p.lat - 45.86) < 0.05 and abs(p.lon - 3.55) < 0.05


def test_postcode(idx):
    p = idx.resolve("63300")
    assert p.code == "63430" and p.postcode == "63300"
    assert idx.resolve("99999") is None


def test_departement_by_name_and_number(idx):
    for text in ("dans le Puy-de-Dôme", "puy de dome", "Puy-de-Dôme", "le 63", "dans le 63", "63"):
        p = idx.resolve(text)
        assert p is not None and p.kind == "departement" and p.code == "63", text
    assert idx.resolve("dans le 42").name == "Loire"
    assert idx.resolve("Seine St Denis").code == "93"


def test_montceau(idx):
    for text in ("montceau les mines", "Montceau-les-Mines", "MONTCEAU LES MINES", "Montceau"):
        p = idx.resolve(text)
        assert p is not None and p.name == "Montceau-les-Mines" and p.departement == "71", text


def test_saint_etienne(idx):
    for text in ("st etienne", "Saint-Étienne", "saint etienne", "St-Étienne", "ST ETIENNE"):
        p = idx.resolve(text)
        assert p is not None and p.code == "42218" and p.departement == "42", text


def test_saint_etienne_du_rouvray_stays_distinct(idx):
    p = idx.resolve("Saint Etienne du Rouvray")
    assert p.name == "Saint-Étienne-du-Rouvray" and p.departement == "76"
    assert idx.find_in_text("j'habite à St-Étienne-du-Rouvray").departement == "76"


def test_leading_article(idx):
    assert idx.resolve("Le Creusot").code == "71153"
    assert idx.resolve("creusot").code == "71153"
    assert idx.find_in_text("je vis au Creusot").code == "71153"


def test_homonyms_largest_population(idx):
    brest = idx.resolve("Brest")
    assert brest.departement == "29" and brest.departement_name == "Finistère"
    assert idx.resolve("à brest").departement == "29"


def test_typo(idx):
    assert idx.resolve("Mulhose").name == "Mulhouse"
    assert idx.find_in_text("j'habite à Mulhose").name == "Mulhouse"
    # short names are not guessed
    assert idx.resolve("Brst") is None


def test_arrondissements(idx):
    p = idx.resolve("Lyon 3e")
    assert p.code == "69383" and p.departement == "69"
    assert idx.resolve("Paris 15").code == "75115"
    assert idx.resolve("Marseille 8ème").code == "13208"
    assert idx.resolve("Lyon").code == "69123"


def test_corsica(idx):
    assert idx.departement("2A").name == "Corse-du-Sud"
    assert idx.departement("2b").name == "Haute-Corse"
    assert idx.resolve("2A").code == "2A"
    assert idx.resolve("Ajaccio").departement == "2A"
    assert idx.resolve("Bastia").departement == "2B"
    assert idx.resolve("Haute-Corse").code == "2B"
    assert idx.resolve("Corse").kind == "region"


def test_overseas(idx):
    p = idx.resolve("Les Abymes")
    assert p.code == "97101" and p.departement == "971" and p.departement_name == "Guadeloupe"
    assert idx.resolve("Abymes").code == "97101"
    assert 15.5 < p.lat < 16.6 and -62.0 < p.lon < -61.0
    assert idx.resolve("971").name == "Guadeloupe"
    assert idx.find_in_text("je suis à la Réunion").code == "974"


def test_regions(idx):
    assert idx.resolve("Bretagne").kind == "region"
    assert idx.resolve("Auvergne-Rhône-Alpes").code == "84"
    assert idx.resolve("en Auvergne").code == "84"


def test_lookups_by_code(idx):
    assert idx.commune_by_insee("63430").name == "Thiers"
    assert idx.commune_by_insee("00000") is None
    dep = idx.departement("63")
    assert dep.kind == "departement" and dep.approximate is True
    assert idx.departement("1").code == "01"
    assert idx.departement("20") is None
    assert idx.commune_in_departement("Saint-Denis", "974").departement == "974"


# -- find_in_text -----------------------------------------------------------------------------------
@pytest.mark.parametrize("text, code", [
    ("j'habite à Thiers", "63430"),
    ("j'habite à montceau les mines depuis 3 ans", "71306"),
    ("code postal 63300", "63430"),
    ("mon code postal c'est 63300", "63430"),
    ("je suis dans le 93", "93"),
    ("je vis dans le Puy-de-Dôme", "63"),
    ("des visites d'usine à Brest en novembre", "29019"),
    ("non pas Lyon, Mulhouse", "68224"),
    ("je voulais écrire Perpignan pas Béziers", "66136"),
    ("pas dans le 69, dans le 42", "42"),
    ("j'habite Escoutoux 63300", "63151"),
    ("Thiers (63)", "63430"),
    ("je cherche un job à Sens", "89387"),
    ("l'usine est à Issoire et j'habite à Clermont-Ferrand", "63113"),
    ("des job datings à Saint-Denis de La Réunion ?", "97411"),
])
def test_find_in_text(idx, text, code):
    p = idx.find_in_text(text)
    assert p is not None and p.code == code, (text, p)


def test_postcode_preferred_over_commune_and_departement(idx):
    p = idx.find_in_text("dans le 42, code postal 63300")
    assert p.code == "63430" and p.postcode == "63300"


@pytest.mark.parametrize("text", [
    "j'aime bien faire du sport",
    "je cherche un job",
    "j'ai 19 ans",
    "le 14 juillet",
    "j'habite à côté de la gare",
    "à cause de la distance",
    "à plus",
    "oui",
    "je vais bien merci",
    "je bosse chez Orange",
    "le salaire d'un soudeur c'est combien",
    "je suis salarié",
    "à demain",
    "ça marche",
    "une quiche lorraine",
    "j'habite à la campagne",
])
def test_no_false_positive(idx, text):
    assert idx.find_in_text(text) is None, (text, idx.find_in_text(text))


@pytest.mark.parametrize("text", ["", "   ", "a" * 5000, "bla " * 1250, "😀🏭👍", "<b></b><script>alert(1)</script>",
                                  "\x00\n\t", "ﷺ" * 100])
def test_garbage_returns_none(idx, text):
    assert idx.resolve(text) is None
    assert idx.find_in_text(text) is None


def test_non_string_input(idx):
    assert idx.resolve(None) is None  # type: ignore[arg-type]
    assert idx.find_in_text(None) is None  # type: ignore[arg-type]


def test_html_and_emoji_around_a_name(idx):
    assert idx.find_in_text("<b>Lyon</b>").code == "69123"
    assert idx.find_in_text("😀 j'habite à Thiers 😀").code == "63430"


# -- distance ---------------------------------------------------------------------------------------
def test_distance_paris_lyon(idx):
    paris, lyon = idx.resolve("Paris"), idx.resolve("Lyon")
    d = distance_km(paris.lat, paris.lon, lyon.lat, lyon.lon)
    assert 380 < d < 400
    assert distance_km(45.0, 3.0, 45.0, 3.0) == 0.0


def test_normalize_place():
    assert normalize_place("Saint-Étienne") == "saint etienne"
    assert normalize_place("St  Étienne") == "saint etienne"
    assert normalize_place("L'Haÿ-les-Roses") == "l hay les roses"
    assert normalize_place("Œuilly") == "oeuilly"

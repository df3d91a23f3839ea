"""NLU lookup tables and synonyms are generated from knowledge/, and the committed file is fresh."""
import yaml

from actions.kb import nlu_export


def test_generated_file_is_up_to_date(kb):
    assert not nlu_export.is_stale(kb), "data/nlu/generated/lookups.yml est périmé : lancez `make nlu-lookups`"


def test_tables_come_from_the_knowledge(kb):
    lookups, synonyms = nlu_export.build_tables(kb)
    assert {"metier", "dispositif", "lieu", "situation", "diplome", "interet", "contrainte"} <= set(lookups)
    assert "soudeuse" in lookups["metier"]
    assert "PMSMP" in lookups["dispositif"] or "pmsmp" in [x.lower() for x in lookups["dispositif"]]
    assert "Puy-de-Dôme" in lookups["lieu"] and "Thiers" in lookups["lieu"]
    assert "soudure" in synonyms["soudeur"]
    # a surface form maps to one value only
    seen = {}
    for target, forms in synonyms.items():
        for f in forms:
            assert f.lower() not in seen, (f, target, seen.get(f.lower()))
            seen[f.lower()] = target


def test_rendered_yaml_is_valid_rasa_nlu(kb):
    data = yaml.safe_load(nlu_export.render(kb))
    assert data["version"] == "3.1"
    kinds = {next(iter(k for k in item if k != "examples")) for item in data["nlu"]}
    assert kinds == {"lookup", "synonym"}

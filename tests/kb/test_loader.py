"""Loading and validation of knowledge/: the real files pass, broken copies fail with readable errors."""
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from actions.kb import KnowledgeError, load_knowledge

ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE = ROOT / "knowledge"


def test_real_knowledge_is_valid_and_complete(kb):
    assert len(kb.metiers) >= 45
    assert len(kb.dispositifs) >= 18
    assert len(kb.territoires) == 8
    assert len(kb.evenements) >= 18
    # every entry carries at least one known source
    for group in (kb.metiers, kb.dispositifs, kb.territoires):
        for entry in group.values():
            assert entry.source and all(s in kb.sources for s in entry.source), entry.id
    for e in kb.evenements:
        assert e.source and all(s in kb.sources for s in e.source), e.id


def test_trades_named_in_the_seeds_are_there(kb):
    for name in ("soudeur", "chaudronnier", "tôlier", "technicien de maintenance", "électronicien", "opérateur d'usinage"):
        assert kb.metier_index.find_all(name) or kb.find_metier(name), name


def test_scheme_facts_match_the_seeds(kb):
    pmsmp = kb.dispositifs["pmsmp"]
    assert "1 mois" in pmsmp.duree and "renouvelable" in pmsmp.duree
    assert "statut" in pmsmp.remuneration.lower()
    mrs = kb.dispositifs["mrs"]
    text = " ".join((mrs.nom, mrs.resume, mrs.pour_qui, mrs.demarrer, mrs.duree)).lower()
    assert "sans cv" in text and ("simul" in text or "exercices" in text) and "motivation" in text
    poei = kb.dispositifs["poei"]
    assert any(c.champ == "offre_emploi" for c in poei.conditions)


def test_rome_codes_come_from_the_reference(kb):
    reference = (ROOT.parent / "shared" / "reference" / "rome-4-industrie.md")
    if not reference.exists():
        pytest.skip("../shared/reference absent")
    codes = set(re.findall(r"\b[A-N]\d{4}\b", reference.read_text(encoding="utf-8")))
    for m in kb.metiers.values():
        assert not m.rome or m.rome in codes, (m.id, m.rome)
        assert m.rome or m.rome_note, m.id


def test_lookup_is_accent_case_and_typo_tolerant(kb):
    assert kb.find_metier("Soudeuse").id == "soudeur"
    assert kb.find_metier("CHAUDRONNIERE").id == "chaudronnier"
    assert kb.find_metier("chaudronier").id == "chaudronnier"
    assert kb.find_dispositif("immersion").id == "pmsmp"
    assert kb.find_dispositif("Pmsmp").id == "pmsmp"
    assert kb.find_metier("astronaute") is None




# --- broken copies -------------------------------------------------------------------------------
@pytest.fixture
def broken(knowledge_copy):
    """A copy of knowledge/ that a test can break, and a way to edit one of its files."""
    target = knowledge_copy

    def edit(name, change):
        path = target / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return target

    return target, edit


def _errors(directory):
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(directory)
    return [str(p) for p in info.value.problems]


def test_unknown_vocabulary_value_names_file_entry_and_field(broken):
    directory, edit = broken
    edit("metiers.yml", lambda d: d[0].__setitem__("acces", ["bac_plus_douze"]))
    errors = _errors(directory)
    assert any("knowledge/metiers.yml" in e and "acces" in e and "bac_plus_douze" in e for e in errors), errors


def test_missing_source_is_refused(broken):
    directory, edit = broken
    edit("dispositifs.yml", lambda d: d[0].pop("source"))
    errors = _errors(directory)
    assert any("dispositifs.yml" in e and "source" in e and "manquant" in e for e in errors), errors


def test_unknown_source_id_is_refused(broken):
    directory, edit = broken
    edit("territoires.yml", lambda d: d[0].__setitem__("source", ["blog_inconnu"]))
    assert any("blog_inconnu" in e for e in _errors(directory))


def test_invalid_rome_code_and_duplicate_id(broken):
    directory, edit = broken

    def change(d):
        d[0]["rome"] = "SOUD"
        d[1]["id"] = d[2]["id"]
    edit("metiers.yml", change)
    errors = _errors(directory)
    assert any("rome" in e and "SOUD" in e for e in errors)
    assert any("en double" in e for e in errors)


def test_bad_condition_is_explained(broken):
    directory, edit = broken
    edit("dispositifs.yml", lambda d: d[0].__setitem__("conditions", [{"champ": "pointure", "egal": True, "message": "x"}]))
    assert any("pointure" in e and "conditions[1]" in e for e in _errors(directory))


def test_condition_without_message_or_with_two_operators(broken):
    directory, edit = broken
    edit("dispositifs.yml", lambda d: d[0].__setitem__("conditions", [{"champ": "age", "min": 16, "egal": True}]))
    errors = _errors(directory)
    assert any("exactement un opérateur" in e for e in errors)
    assert any("message manquant" in e for e in errors)


def test_replacement_must_exist(broken):
    directory, edit = broken

    def change(d):
        for e in d:
            if e["statut"] != "actif":
                e["remplace_par"] = "dispositif_fantome"
                return
    edit("dispositifs.yml", change)
    assert any("dispositif_fantome" in e for e in _errors(directory))


def test_synonym_shared_by_two_trades_is_refused(broken):
    directory, edit = broken
    edit("metiers.yml", lambda d: d[1]["synonymes"].append(d[0]["libelle"]["m"]))
    assert any("synonyme" in e for e in _errors(directory))


def test_yaml_syntax_error_gives_line(broken):
    directory, _ = broken
    (directory / "evenements.yml").write_text("- id: x\n  titre: [pas fermé\n", encoding="utf-8")
    errors = _errors(directory)
    assert any("evenements.yml" in e and "ligne" in e for e in errors), errors


def test_event_in_unknown_town_is_refused(broken):
    directory, edit = broken

    def change(d):
        d[0]["commune"] = "Villeimaginaire-sur-Mer"
        d[0].pop("lat", None)
        d[0].pop("lon", None)
    edit("evenements.yml", change)
    assert any("Villeimaginaire" in e for e in _errors(directory))


def test_cli_validate_exit_codes(broken):
    directory, edit = broken
    ok = subprocess.run([sys.executable, "-m", "actions.kb", "validate"], cwd=ROOT, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "valide" in ok.stdout
    edit("metiers.yml", lambda d: d[0].__setitem__("filieres", ["cuisine_moleculaire"]))
    bad = subprocess.run([sys.executable, "-m", "actions.kb", "--dir", str(directory), "validate"],
                         cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode == 1
    assert "cuisine_moleculaire" in bad.stderr and "Traceback" not in bad.stderr


# what a sheet's own text says about working conditions must be in its structured conditions, which the
# ranking reads (a sheet saying "3x8" has shift work, so "pas de travail de nuit" is cautioned)
CONDITION_WORDS = (
    (("travail_poste", "horaires_decales"), r"\b[235] ?x ?8\b|travail post[ée]|horaires post[ée]s|[ée]quipes? altern|de nuit\b"),
    (("horaires_decales",), r"week-?end|dimanche|en continu"),   # what pas_de_weekend clashes with
    (("port_de_charges",), r"charges? lourdes?|pi[eè]ces lourdes|soulever|manutention"),
    (("station_debout",), r"\bdebout\b"),
    (("hauteur",), r"en hauteur|nacelle"),
    (("froid",), r"\bfroid\b"),
    (("bruit",), r"\bbruit|bruyant"),
)


def test_a_sheet_text_and_its_conditions_do_not_contradict_each_other(kb):
    import re
    contradictions = []
    for m in kb.metiers.values():
        text = f"{m.description} {m.realite}".lower()
        for conditions, pattern in CONDITION_WORDS:
            said = re.search(pattern, text)
            if said and not set(conditions) & set(m.conditions):
                contradictions.append(f"{m.id}: « {said.group(0)} » sans {' ou '.join(conditions)}")
    assert not contradictions, "\n".join(contradictions)


def test_a_frequent_answer_has_sources_or_says_why_it_has_none(broken):
    directory, edit = broken
    edit("faq.yml", lambda d: d["questions"][0].pop("source"))
    assert any("faq.yml" in e and "sans_source" in e for e in _errors(directory))
    edit("faq.yml", lambda d: d["questions"][0].update(sans_source="définition courante"))
    load_knowledge(directory)   # valid again
    edit("faq.yml", lambda d: d["questions"][0].update(source=["faq_62"]))
    assert any("faq.yml" in e and "pas les deux" in e for e in _errors(directory))


def test_an_answer_without_a_source_shows_none(kb):
    from actions.kb.nlu_export import render_faq
    entry = kb.faq["sst_sauveteur_secouriste"]
    assert entry.sans_source and not entry.source
    block = render_faq(kb).split("utter_faq/sst_sauveteur_secouriste:")[1].split("utter_faq/")[0]
    assert "(Source" not in block


def test_a_scheme_field_does_not_repeat_the_label_the_card_puts_before_it():
    # the card says "Durée : …", "Rémunération : …" (live turn, 2026-12-04: « Durée : Durée : à voir … »)
    from actions.kb import get_knowledge
    for d in get_knowledge().dispositifs.values():
        for field, label in (("duree", "durée"), ("remuneration", "rémunération")):
            assert not (getattr(d, field) or "").lower().startswith(label), (d.id, field)

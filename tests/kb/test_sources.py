"""Sources have a kind (nature); only official or institutional ones are shown to people, and every
active scheme cites an official one."""
import pytest

from actions.kb.sources import shown_ids, shown_sources
from tests.kb.test_loader import _errors, broken  # noqa: F401  (fixture)

NEVER_SHOWN = ("beincrypto1.de", "allocation-chomage.fr", "empruntis.com", "feelandclic.dev", "clic32", "%2520")


def test_every_source_has_a_kind(kb):
    assert all(s.nature in ("officiel", "institutionnel", "presse", "autre") for s in kb.sources.values())


def test_no_press_or_other_source_is_shown_anywhere(kb):
    cited = [d.source for d in kb.dispositifs.values()] + [f.source for f in kb.faq.values()] + \
            [r.source for r in kb.reperes.values()] + [m.source for m in kb.metiers.values()] + \
            [t.source for t in kb.territoires.values()]
    for ids in cited:
        for sid in shown_ids(kb, ids):
            assert kb.sources[sid].nature in ("officiel", "institutionnel"), sid


@pytest.mark.parametrize("bad", NEVER_SHOWN)
def test_the_audited_bad_links_are_never_shown(kb, bad):
    bad_ids = {s.id for s in kb.sources.values() if bad in s.url}
    assert bad_ids, bad
    for d in kb.dispositifs.values():
        assert not bad_ids & set(shown_ids(kb, d.source)), (d.id, bad)
    assert all(not kb.sources[sid].shown for sid in bad_ids)


def test_every_active_scheme_has_an_official_source(kb):
    for d in kb.dispositifs.values():
        if d.actif:
            assert any(kb.sources[s].nature == "officiel" for s in d.source), d.id


def test_official_sources_come_first(kb):
    shown = shown_sources(kb, kb.dispositifs["cpf"].source, official_first=True)
    assert shown[0] == kb.sources["seed_000"].short
    assert "empruntis.com" not in shown


def test_a_scheme_without_official_source_is_refused(broken):  # noqa: F811
    directory, edit = broken
    edit("dispositifs.yml", lambda d: next(x for x in d if x["id"] == "handimatch").__setitem__("source", ["ref_41", "ref_42"]))
    errors = _errors(directory)
    assert any("dispositifs.yml" in e and "handimatch" in e and "aucune source officielle" in e for e in errors), errors


def test_a_tracking_link_cannot_be_shown(broken):  # noqa: F811
    directory, edit = broken
    def change(d):
        d["ref_35"]["nature"] = "officiel"
        d["ref_13"]["nature"] = "institutionnel"
        d["ref_01"]["nature"] = "officielle"
    edit("sources.yml", change)
    errors = _errors(directory)
    assert any("ref_35" in e and "suivi de clic" in e for e in errors), errors
    assert any("ref_13" in e and "doublement encodée" in e for e in errors), errors
    assert any("ref_01" in e and "nature" in e and "valeurs possibles" in e for e in errors), errors


def test_a_field_source_must_be_one_of_the_entry_sources(broken):  # noqa: F811
    directory, edit = broken
    edit("dispositifs.yml", lambda d: d[0].__setitem__("resume_source", ["ref_52"]))
    errors = _errors(directory)
    assert any("resume_source" in e and "ref_52" in e and "pas dans « source »" in e for e in errors), errors


def test_conseiller_sheets_show_only_official_or_institutional_sources(kb):
    from bot.fiche import dispositif_sheet, metier_sheet
    sheets = [dispositif_sheet(kb, d) for d in kb.dispositifs.values()] + [metier_sheet(kb, m) for m in kb.metiers.values()]
    for sheet in sheets:
        assert sheet["sources"] or sheet.get("note_sources"), sheet["id"]
        for s in sheet["sources"]:
            assert kb.sources[s["id"]].nature in ("officiel", "institutionnel"), (sheet["id"], s["id"])
            assert not any(bad in s["url"] for bad in NEVER_SHOWN)
    soudeur = metier_sheet(kb, kb.metiers["soudeur"])
    text = " ".join(soudeur["arguments"] + [x for sec in soudeur["sections"] for x in sec.get("liste", [])])
    assert "Recrutement possible sans CV ni diplôme" not in text and "On peut y entrer sans diplôme" not in text


def test_a_trade_sheet_puts_each_source_under_what_it_states(kb):
    """metiers.yml `source` names the trade (ROME code, tension): it is never shown under the description."""
    from bot.fiche import metier_sheet
    for m in kb.metiers.values():
        sheet = metier_sheet(kb, m)
        stated = {(s["pour"], s["id"]) for s in sheet["sources"]}
        assert all(pour for pour, _ in stated), m.id
        if m.rome:
            assert ("Code ROME", "rome4") in stated, m.id
        assert not any(pour in ("Le métier", "La réalité du poste") for pour, _ in stated if not m.description_source
                       and not m.realite_source), m.id
        if not m.description_source:
            assert "texte rédigé pour Cap Industrie" in sheet["note_sources"], m.id
            assert (f"fiche ROME {m.rome}" in sheet["note_sources"]) == bool(m.rome), m.id
    soudeur = metier_sheet(kb, kb.metiers["soudeur"])
    assert ("Métier en tension", "seed_001") in {(s["pour"], s["id"]) for s in soudeur["sources"]}


def test_a_trade_text_without_its_own_source_is_not_sourced(kb):
    m = kb.metiers["soudeur"]
    assert m.field_sources("description") == () and m.field_sources("realite") == ()
    assert m.field_sources("en_tension") == m.source and "rome4" in m.source

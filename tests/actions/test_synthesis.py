from actions.synthesis import build_synthesis

SLOTS = {"situation": "demandeur_emploi", "age": "45", "lieu": "Mulhouse", "interets": ["machines"], "contraintes": ["pas_de_nuit"],
         "metiers_proposes": ["technicien_maintenance_industrielle"], "dispositifs_proposes": ["poei", "pmsmp"],
         "evenements_proposes": [], "skipped": ["diplome"]}


def test_markdown_synthesis_has_every_part(kb):
    md = build_synthesis(SLOTS, kb, "abc123").to_markdown()
    for part in ("# Synthèse Cap Industrie — conversation abc123", "## Profil", "45 ans", "Mulhouse", "## Métiers proposés",
                 "## Dispositifs", "POEI", "## Orientation", "France Travail", "## Prochaines étapes"):
        assert part in md, part


def test_empty_conversation(kb):
    syn = build_synthesis({}, kb, "x")
    assert syn.is_empty
    assert "rien de renseigné" in syn.to_markdown()

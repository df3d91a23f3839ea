"""Scheme eligibility evaluated from structured conditions; the unmet condition is named."""
from actions.kb import eligibility as elig
from actions.kb.profile import Profile


def test_apprenticeship_age_limit_and_rqth_waiver(kb):
    assert kb.eligibility("apprentissage", Profile(age=19)).status == elig.ELIGIBLE
    too_old = kb.eligibility("apprentissage", Profile(age=35))
    assert too_old.status == elig.NOT_ELIGIBLE and too_old.unmet
    assert "29" in too_old.unmet[0] or "âge" in too_old.unmet[0]
    assert kb.eligibility("apprentissage", Profile(age=35, rqth=True)).status == elig.ELIGIBLE


def test_unknown_fields_mean_to_check_not_a_guess(kb):
    result = kb.eligibility("apprentissage", Profile())
    assert result.status == elig.TO_CHECK
    assert "age" in result.unknown


def test_poei_needs_registration_and_a_job_offer(kb):
    result = kb.eligibility("poei", Profile(situation="demandeur_emploi", inscrit_france_travail=True, offre_emploi=False))
    assert result.status == elig.NOT_ELIGIBLE
    assert any("offre" in m.lower() or "poste" in m.lower() or "employeur" in m.lower() for m in result.unmet)
    ok = kb.eligibility("poei", Profile(situation="demandeur_emploi", inscrit_france_travail=True, offre_emploi=True))
    assert ok.status == elig.ELIGIBLE


def test_closed_scheme_points_to_its_replacement(kb):
    transco = kb.dispositifs["transitions_collectives"]
    assert not transco.actif and transco.remplace_par == "periode_reconversion"
    assert kb.eligibility("transitions_collectives", Profile(situation="salarie")).status == elig.CLOSED


def test_women_programmes_need_femme(kb):
    assert kb.eligibility("fema", Profile(femme=False)).status == elig.NOT_ELIGIBLE
    assert kb.eligibility("fema", Profile(femme=True)).status == elig.ELIGIBLE


def test_schemes_for_persona(kb):
    young = [r.dispositif.id for r in kb.schemes_for(Profile(age=17, situation="lyceen"), limit=6)]
    assert "apprentissage" in young
    adult = [r.dispositif.id for r in kb.schemes_for(Profile(age=45, situation="salarie"), limit=6)]
    assert "periode_reconversion" in adult
    assert "apprentissage" not in adult          # 45 without RQTH: not eligible, so not proposed
    for ids in (young, adult):
        assert "transitions_collectives" not in ids and "afpr" not in ids


def test_a_disability_said_without_rqth_brings_the_schemes_for_it_first():
    # live turn (2026-12-04): "je suis sourde" then "quelles aides pour moi ?" got GEIQ and immersion
    from actions.kb import get_knowledge
    from actions.kb.profile import Profile
    first = get_knowledge().schemes_for(Profile(situation="demandeur_emploi", contraintes=("handicap",)), limit=2)
    assert "cap_emploi" in [r.dispositif.id for r in first]

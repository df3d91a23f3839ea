"""Answers say what their sources say: no target turned into an entitlement, no duration without its
usual value, no trade said to recruit by MRS, no training path shown under a source that lacks it."""
from actions.kb.profile import Profile
from actions.trades import ActionMetierInfo
from tests.actions.conftest import all_text, ent, make_tracker, run_action


def test_poei_duration_gives_the_usual_value_before_the_maximum(kb):
    duree = kb.dispositifs["poei"].duree
    assert duree.index("400 h") < duree.index("600 h")
    assert "pour certains publics" in duree


def test_contrat_pro_does_not_give_24_months_as_the_maximum(kb):
    duree = kb.dispositifs["contrat_professionnalisation"].duree
    assert "durée maximale" in duree and "à vérifier" in duree


def test_job_dating_is_a_2026_target_not_an_entitlement(kb):
    for did in ("job_dating", "avenir_pro"):
        d = kb.dispositifs[did]
        assert "doit avoir" not in d.pour_qui, did
        # the target is said where its source (seed_000) is the field's source: job_dating, not avenir_pro
        assert "job dating" not in d.pour_qui.lower() or "2026" in d.pour_qui, did
    assert "2026" in kb.dispositifs["job_dating"].pour_qui
    assert "Beaucoup ont lieu" not in kb.dispositifs["job_dating"].resume
    assert "2024" in kb.dispositifs["job_dating"].resume


def test_no_yearly_claim_about_the_semaine_de_l_industrie(kb):
    texts = [f.reponse for f in kb.faq.values()] + [d.resume for d in kb.dispositifs.values()] + \
            [r.texte for r in kb.reperes.values()]
    assert not [t for t in texts if "chaque année en novembre" in t or "revient chaque année" in t]


def test_mrs_reason_says_what_the_source_says(kb):
    recs = kb.recommend(Profile(diplome="sans_diplome"), n=10)
    reasons = [x for r in recs for x in r.reasons if "MRS" in x]
    assert reasons and all("sert aux postes sans diplôme élevé" in x for x in reasons)
    assert not any("recrute" in x and "MRS" in x for x in reasons)


def test_training_paths_are_not_shown_as_sourced(kb):
    for m in kb.metiers.values():
        assert m.field_sources("formations") == m.formations_source
    text = all_text(run_action(ActionMetierInfo(), make_tracker({}, "ask_trade_training", [ent("metier", "technicien_metrologie")],
                                                              "quelle formation pour la métrologie"))[0])
    assert "à confirmer avec votre conseiller" in text and "Source" not in text

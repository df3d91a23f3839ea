"""Trade recommendation: ranked, explained, honest about constraints."""
from actions.kb.profile import Profile


def test_three_trades_each_with_reasons(kb):
    p = Profile(situation="lyceen", age=17, place=kb.places.resolve("Thiers"), interets=("manuel",), contraintes=("sans_permis",))
    recs = kb.recommend(p, n=3)
    assert len(recs) == 3
    assert [r.score for r in recs] == sorted((r.score for r in recs), reverse=True)
    for r in recs:
        assert r.reasons, r.metier.id
        assert "manuel" in r.metier.interets
        assert any("de vos mains" in reason or "mains" in reason for reason in r.reasons)


def test_interests_change_the_ranking(kb):
    hands = kb.recommend(Profile(interets=("manuel",)), n=5)
    computers = kb.recommend(Profile(interets=("informatique",)), n=5)
    assert {r.metier.id for r in hands} != {r.metier.id for r in computers}
    assert all("informatique" in r.metier.interets for r in computers[:3])


def test_no_diploma_favours_trades_open_without_diploma(kb):
    recs = kb.recommend(Profile(diplome="sans_diplome", interets=("machines",)), n=3)
    assert all("sans_diplome" in r.metier.acces or "cap" in r.metier.acces for r in recs)
    assert any("sans diplôme" in reason for r in recs for reason in r.reasons)


def test_night_work_constraint_is_penalised_and_said(kb):
    base = kb.recommend(Profile(interets=("machines",)), n=40)
    night = kb.recommend(Profile(interets=("machines",), contraintes=("pas_de_nuit",)), n=40)
    shift = [r for r in night if "travail_poste" in r.metier.conditions or "horaires_decales" in r.metier.conditions]
    assert shift, "some machine trades involve shift work"
    assert all(r.cautions for r in shift)
    before = {r.metier.id: r.score for r in base}
    assert all(r.score < before[r.metier.id] for r in shift if r.metier.id in before)


def test_ranking_is_deterministic(kb):
    p = Profile(age=45, situation="salarie", interets=("controle", "precision"))
    assert [r.metier.id for r in kb.recommend(p)] == [r.metier.id for r in kb.recommend(p)]


def test_exclude_gives_new_ideas(kb):
    p = Profile(interets=("manuel",))
    first = [r.metier.id for r in kb.recommend(p)]
    second = [r.metier.id for r in kb.recommend(p, exclude=first)]
    assert not set(first) & set(second)


def test_territory_bonus(kb):
    thiers = kb.places.resolve("Thiers")
    t = kb.territoire_of(thiers)
    assert t is not None and "Thiers" in t.nom
    recs = kb.recommend(Profile(place=thiers), n=10)
    # the territory's industries (métallurgie, plasturgie, textile…) are filières of trades: the bonus shows
    assert any(f"Territoire d'industrie {t.nom}" in reason for r in recs for reason in r.reasons)


def test_with_the_level_unknown_long_studies_come_after_shorter_paths():
    # an engineer's trade was the third idea for a 52-year-old former magasinier whose diploma the bot did
    # not know yet (dev stack); with the level unknown such a trade now scores below one open with a CAP
    from actions.kb import get_knowledge
    from actions.kb.profile import Profile
    from actions.kb.recommend import score_metier
    kb = get_knowledge()
    engineer, welder = kb.metiers["ingenieur_procedes"], kb.metiers["soudeur"]
    unknown = Profile(situation="demandeur_emploi", age=52)
    assert score_metier(engineer, unknown, kb.vocab).score < score_metier(welder, unknown, kb.vocab).score
    # one level short of it (licence for an engineer's trade) is neither a bonus nor a penalty; unknown now is
    near = Profile(situation="demandeur_emploi", age=52, diplome="licence")
    assert score_metier(engineer, unknown, kb.vocab).score < score_metier(engineer, near, kb.vocab).score


def test_a_stated_constraint_filters_before_the_score(kb):
    # machines and no night work: among machine trades, every one that clashes comes after every one
    # that does not, whatever their scores, and comes with its caution
    recs = [r for r in kb.recommend(Profile(interets=("machines",), contraintes=("pas_de_nuit",)), n=80)
            if "machines" in r.metier.interets]
    flags = [bool(r.cautions) for r in recs]
    assert True in flags and False in flags
    assert flags == sorted(flags), [(r.metier.id, r.score, r.cautions) for r in recs]
    assert not any(flags[:3])


def test_a_clashing_trade_that_matches_the_liking_beats_one_that_does_not(kb):
    # someone who loves food and cannot work weekends: a food trade with its caution comes before
    # trades that match nothing the person likes (and a food trade without clash comes first)
    recs = kb.recommend(Profile(interets=("alimentation",), contraintes=("pas_de_weekend",)), n=10)
    liked = [r for r in recs if "alimentation" in r.metier.interets]
    others = [r for r in recs if "alimentation" not in r.metier.interets]
    assert liked and others
    assert max(recs.index(r) for r in liked) < min(recs.index(r) for r in others)
    assert not recs[0].cautions
    assert all(r.cautions for r in liked if "horaires_decales" in r.metier.conditions)


def test_ties_go_to_the_trade_most_about_what_the_person_likes(kb):
    recs = kb.recommend(Profile(interets=("textile", "manuel", "precision")), n=3)
    # couturier and maroquinier hold all three likings; a trade with one of three does not come first
    assert {"couturier_industriel", "maroquinier"} <= {r.metier.id for r in recs}



def test_an_engineer_is_not_first_offered_trades_whose_every_entry_is_far_below(kb):
    # live turn (2026-12-04): an engineer with children got conducteur de machines à bois, soudeur, magasinier
    from actions.kb.recommend import _level_rank
    niveaux = kb.vocab["niveaux"]
    top = kb.recommend(Profile(diplome="ingenieur", contraintes=("garde_enfants",)), n=3)
    assert all(max(_level_rank(niveaux, a) or 0 for a in r.metier.acces) >= 3 for r in top), [r.metier.id for r in top]

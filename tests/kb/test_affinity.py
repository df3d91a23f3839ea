"""The closeness of a person's own words to each trade's sheet (actions/kb/affinity.py)."""
from actions.kb import get_knowledge
from actions.kb.profile import Profile


def _top(scores, k=5):
    return [tid for tid, _ in sorted(scores.items(), key=lambda kv: -kv[1])[:k]]


def test_words_no_interest_names_still_point_to_the_trade():
    """Live profile (held-out set I): a youth who customises sneakers and paints on them; no interest word."""
    aff = get_knowledge().affinity
    scores = aff.scores(["Je passe mes journées à customiser des baskets, je peins dessus"])
    assert "peintre_industriel" in _top(scores)
    assert all(0.0 <= v <= 1.0 for v in scores.values()) and max(scores.values()) == 1.0
    assert "soudeur" not in _top(aff.scores(["je couds des robes pour mes nièces"]))


def test_nothing_said_gives_nothing():
    aff = get_knowledge().affinity
    assert aff.scores([]) == {} and aff.scores(["", "   "]) == {}


def test_the_echo_is_the_person_s_own_word_that_a_particular_word_of_the_sheet_meets():
    aff = get_knowledge().affinity
    assert aff.echo(["je fais de la couture le soir"], "couturier_industriel") == "couture"
    # a word every sheet holds ("pièces", "machines") is no reason
    assert aff.echo(["j'aime les machines et les pièces"], "soudeur") is None
    # live conversations: "marchent" is no "marchandises", « licenciée économique » no taste for process engineering
    assert aff.echo(["les manettes quand elles marchent plus"], "magasinier") is None
    assert aff.echo(["comptable, licenciée économique"], "ingenieur_procedes") is None


def test_own_words_break_a_tie_and_are_said_as_a_reason():
    """manuel + précision tie many trades; the person who assembles small electronic boards gets the
    electronics cabler first, with the word of its sheet their words meet."""
    kb = get_knowledge()
    plain = Profile(interets=("manuel", "precision"))
    said = Profile(interets=("manuel", "precision"),
                   propos=("je soude des petits composants électroniques sur des cartes",))
    before = [r.metier.id for r in kb.recommend(plain, n=3)]
    after = kb.recommend(said, n=3)
    assert "monteur_cableur_electronique" not in before
    assert after[0].metier.id in ("monteur_cableur_electronique", "technicien_electronique", "operateur_cms")
    assert any(reason.startswith("vous avez parlé de « ") for reason in after[0].reasons)

"""The constraint classifier learned from knowledge/exemples.yml (actions/kb/phrasings.py)."""
from actions.kb import get_knowledge
from actions.kb.phrasings import PhrasingModel

EXAMPLES = {
    "pas_de_nuit": ["pas de travail de nuit", "les nuits c'est fini pour moi", "je ne veux plus faire les nuits",
                    "l'équipe de nuit non merci", "je dors la nuit, point"],
    "sans_permis": ["j'ai pas le permis", "je me déplace en bus", "je n'ai pas de voiture",
                    "je fais tout à vélo", "pas de permis de conduire"],
}
NEUTRAL = ["bonjour je cherche un métier", "j'aime bricoler", "je suis à Lyon", "merci beaucoup", "j'ai le permis B"]


def test_it_reads_a_constraint_said_in_other_words():
    model = get_knowledge().phrasing_model
    best, p = model.predict("le mercredi j'ai les petits toute la journée")[0]
    assert best == "garde_enfants" and p >= 0.5
    best, p = model.predict("jpeu pa conduire, g jamai eu le code")[0]
    assert best == "sans_permis" and p >= 0.5
    assert all(p < 0.5 for _, p in model.predict("bonjour, je voudrais des idées de métiers"))
    assert model.predict("") == [] and model.predict("   ") == []


def test_the_fitted_model_is_cached_by_content_and_a_broken_cache_is_rebuilt(tmp_path):
    first = PhrasingModel(EXAMPLES, NEUTRAL, cache_dir=tmp_path)
    cached = list(tmp_path.glob("phrasings-*.pkl"))
    assert len(cached) == 1
    again = PhrasingModel(EXAMPLES, NEUTRAL, cache_dir=tmp_path)
    text = "les nuits très peu pour moi"
    assert again.predict(text) == first.predict(text) and again.predict(text)[0][0] == "pas_de_nuit"
    cached[0].write_bytes(b"not a pickle")
    rebuilt = PhrasingModel(EXAMPLES, NEUTRAL, cache_dir=tmp_path)
    assert rebuilt.predict(text) == first.predict(text)
    # other phrasings, another key: the cache of the first is not reused
    PhrasingModel(dict(EXAMPLES, pas_de_nuit=EXAMPLES["pas_de_nuit"][:-1]), NEUTRAL, cache_dir=tmp_path)
    assert len(list(tmp_path.glob("phrasings-*.pkl"))) == 2


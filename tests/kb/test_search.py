"""The knowledge search on its own (actions/kb/search.py): ranking, decisions, near misses, no Rasa."""
import subprocess
import sys

import pytest

from actions.kb import get_knowledge
from actions.kb.search import KnowledgeSearch, Thresholds, fold_query, terms


@pytest.fixture(scope="module")
def search():
    return get_knowledge().search


def best(search, text):
    hits = search.search(text)
    return (hits[0].kind, hits[0].id) if hits else None


def test_folding_keeps_shift_patterns_and_folds_sms_words():
    assert "3x8" in fold_query("les horaires en 3 x 8")
    assert "travailler" in fold_query("bosser la nuit")
    assert terms(["Les", "usines", "de", "la", "région", "2026"]) == ["usines", "region"]


@pytest.mark.parametrize("text, kind, target", [
    ("Je peux essayer un métier avant de me lancer ?", "faq", "essayer_metier_avant"),
    ("Est-ce que je peux me former sans perdre mon salaire ?", "faq", "formation_sans_perdre_salaire"),
    ("les horaires en 3x8 c'est compatible avec des enfants ?", "faq", "horaires_3x8_enfants"),
    ("l'usine c'est sale et dangereux non ?", "faq", "usine_sale_image"),
    ("vous avez un numéro de téléphone ?", "faq", "numero_telephone"),
    ("tourneur fraiseur commande numérique", "metier", "tourneur_fraiseur"),
    ("pilote de ligne automatisée", "metier", "conducteur_installations_automatisees"),
])
def test_clear_questions_are_answered_with_the_right_entry(search, text, kind, target):
    hits = search.search(text)
    decision = search.decide(hits)
    assert decision.action == "answer", hits
    assert (decision.hits[0].kind, decision.hits[0].id) == (kind, target)


def test_the_territory_of_a_named_town_ranks_first(search):
    kind, target = best(search, "C'est quoi le Territoire d'industrie de Thiers ?")
    assert kind in ("faq", "territoire") and "thiers" in target


@pytest.mark.parametrize("text", [
    "Dans l'agroalimentaire on travaille dans le froid ?",     # Lisieux's industries include it
    "usine 4.0 ça veut dire quoi concrètement ?",              # the Pays Compiégnois answer mentions it
    "la métallurgie ça recrute en Normandie ?",                # a region is not the territory
])
def test_a_territory_answers_only_a_message_that_names_one_of_its_places(search, text):
    assert not any(h.kind == "territoire" or h.id.startswith("territoire_") and h.id != "territoire_industrie_c_est_quoi"
                   for h in search.search(text, k=5)), search.search(text, k=5)


def test_a_territory_is_still_found_by_a_town_of_its_own(search):
    assert best(search, "le Doliprane est fabriqué à Lisieux ?") == ("faq", "territoire_lisieux")
    assert best(search, "l'industrie vers Pithiviers") == ("faq", "territoire_nord_loiret")


@pytest.mark.parametrize("text", ["j'aime le foot et les pizzas", "", "😀😀", "<script>alert(1)</script>",
                                  "bonjour, je m'appelle Inès", "ok merci"])
def test_messages_without_knowledge_get_no_answer(search, text):
    assert search.decide(search.search(text)).action != "answer"


def test_several_close_entries_are_offered_as_choices(search):
    decision = search.decide(search.search("conducteur de ligne"))
    assert decision.action == "choices"
    assert all(h.kind == "metier" for h in decision.hits)
    assert sum(h.id.startswith("conducteur_ligne") for h in decision.hits) >= 2


def test_one_hit_per_target_best_first(search):
    hits = search.search("CACES cariste chariot", k=5)
    assert len({(h.kind, h.id) for h in hits}) == len(hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_unknown_words_lower_the_coverage(search):
    full = search.search("numéro de téléphone")[0]
    diluted = search.search("numéro de téléphone xyzzy plouf zorglub")[0]
    assert full.id == diluted.id and diluted.coverage < full.coverage


def test_nlu_lemmas_add_forms_the_base_never_shows(search):
    without = search.query_terms("j'essaierai")
    with_lemmas = search.query_terms("j'essaierai", lemmas=["je", "essayer"])
    assert "essayer" in with_lemmas and "essayer" not in without


@pytest.mark.parametrize("name, target", [
    ("conducteur de ligne automatisée", "conducteur_installations_automatisees"),
    ("tourneur fraiseur sur commande numérique", "tourneur_fraiseur"),
])
def test_near_miss_trade_names_resolve_to_the_nearest_trade(search, name, target):
    assert search.nearest(name, "metier") == target


def test_a_name_without_close_trade_stays_unknown(search):
    assert search.nearest("astronaute", "metier") is None


def test_thresholds_decide_between_answer_choices_and_nothing():
    from actions.kb.search import Decision, Hit
    engine = KnowledgeSearch.__new__(KnowledgeSearch)
    limits = Thresholds(answer_score=4, answer_coverage=0.5, margin=1.2, choice_score=2, choice_coverage=0.3)
    clear = [Hit("faq", "a", "A", 9.0, 0.9), Hit("faq", "b", "B", 3.0, 0.4)]
    close = [Hit("faq", "a", "A", 5.0, 0.9, 2), Hit("faq", "b", "B", 4.8, 0.8, 3), Hit("metier", "c", "C", 1.0, 0.2)]
    weak = [Hit("faq", "a", "A", 1.5, 0.9)]
    twins = [Hit("metier", "a", "A", 6.0, 1.0), Hit("metier", "b", "B", 5.9, 1.0)]
    assert engine.decide(clear, limits) == Decision("answer", (clear[0],))
    assert engine.decide(close, limits) == Decision("choices", tuple(close[:2]))
    assert engine.decide(weak, limits).action == "none"
    one_word = [Hit("faq", "a", "A", 3.5, 1.0, 1), Hit("faq", "b", "B", 3.4, 1.0, 1)]
    assert engine.decide(one_word, limits).action == "none"          # "t nul" offers no questions
    assert engine.decide(twins, limits).action == "choices"      # two trades as close: the person chooses
    assert engine.decide([], limits).action == "none"


def test_the_search_module_imports_no_rasa():
    code = "import sys, actions.kb.search; print(any(m.split('.')[0] in ('rasa', 'rasa_sdk') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_example_phrasings_find_constraints_and_likings_said_otherwise():
    kb = get_knowledge()
    assert kb.exemples["contraintes"] and kb.exemples["interets"]
    assert kb.exemples["neutres"]
    assert kb.exemples["sans_gout"]
    best = kb.liking_model.predict("je passe mes week-ends à bricoler")[0]
    assert best[0] == "manuel" and best[1] > 0.5


@pytest.mark.parametrize("content, named", [
    ("contraintes:\n  pas_de_lune: [\"jamais la lune\"]\n", "pas_de_lune"),      # an unknown id
    ("contraintes: {}\ninterets: {}\nneutres: {a: b}\n", "neutres"),               # neutral sentences not a list
])
def test_broken_examples_are_refused_naming_file_and_entry(knowledge_copy, content, named):
    from actions.kb import KnowledgeError, load_knowledge
    (knowledge_copy / "exemples.yml").write_text(content, encoding="utf-8")
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(knowledge_copy)
    assert "exemples.yml" in str(err.value) and named in str(err.value)


def test_a_question_is_ranked_on_its_nouns_more_than_on_its_verbs():
    # two documents: one shares the (rare) verb of the query, the other its noun; with every word at
    # the same weight the verb's document would win, as "comment l'obtenir ?" (CACES) did for the RQTH
    pos = {"obtenir": "VERB", "passer": "VERB", "rqth": "NOUN", "caces": "NOUN", "permis": "NOUN",
           "demande": "NOUN", "dossier": "NOUN", "cariste": "NOUN"}

    def lemmatizer(texts):
        return [[(w, w, pos.get(w, "NOUN")) for w in t.split()] for t in texts]

    docs = [("faq", "caces", "CACES", "question", "obtenir caces cariste"),
            ("faq", "rqth", "RQTH", "question", "rqth demande dossier handicap"),
            ("faq", "permis", "Permis", "question", "passer permis")]
    engine = KnowledgeSearch(None, lemmatizer=lemmatizer, documents=docs)
    assert engine.search("obtenir rqth")[0].id == "rqth"
    assert engine.search("obtenir caces")[0].id == "caces"      # a verb still counts beside its noun


def test_comment_obtenir_la_rqth_is_about_the_rqth(search):
    assert best(search, "Comment on fait pour obtenir la RQTH ?") == ("faq", "rqth_demande")


def test_an_acronym_named_keeps_the_targets_that_hold_it(kb):
    # extra words must not pull a question about the CQP or the RQTH toward another entry
    assert kb.search.search("c'est quoi un CQP ? l'agence d'interim m'en parle", k=1)[0].id == "cqp_c_est_quoi"
    top = kb.search.search("la RQTH ça dure combien de temps, faut la renouveler ?", k=1)[0]
    assert "rqth" in top.id
    # a situation said with an acronym ("je suis en CDI") is no topic
    assert "cdi" not in kb.search._acronyms


def test_colloquial_bring_is_bring(kb):
    top = kb.search.search("je dois ramener quoi à mon premier rdv mission locale ?", k=1)[0]
    assert top.id == "mission_locale_contact"

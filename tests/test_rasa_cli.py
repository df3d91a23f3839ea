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

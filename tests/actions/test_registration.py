"""The action server registers exactly the custom actions the domain declares (as `rasa run actions` does)."""
from pathlib import Path

import yaml
from rasa_sdk.executor import ActionExecutor

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text(encoding="utf-8"))


def test_every_domain_action_is_registered_and_nothing_abstract_breaks_startup():
    executor = ActionExecutor()
    executor.register_package("actions")
    registered = set(executor.actions)
    declared = set(DOMAIN["actions"])
    assert declared <= registered, declared - registered

"""Hostile input on the REST webhook (credentials.dev.yml), property-based: random and malformed JSON,
huge bodies, any text: never an HTTP 500, never a traceback in a reply.

Runs on the bot that `scripts/test.sh conversations` starts (start_stack, REST channel), which sets
TEST_REST_URL; by hand: TEST_REST_URL=http://127.0.0.1:5105 pytest tests/stack/test_hostile_webhook.py
"""
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile import hostile_json, hostile_text
from tests.stack.conftest import http

TRIED = {"n": 0}
SETTINGS = dict(deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def webhook():
    url = os.environ.get("TEST_REST_URL")
    if not url:
        pytest.fail("TEST_REST_URL n'est pas défini : lancez ce test par « bash scripts/test.sh conversations » "
                    "(ou indiquez l'adresse d'un bot avec le canal REST)", pytrace=False)
    return url.rstrip("/") + "/webhooks/rest/webhook"


def _post(url, body: bytes):
    status, _, text = http("POST", url, {"Content-Type": "application/json"}, body, timeout=30)
    assert status < 500, (status, body[:200], text[:300])
    assert "Traceback" not in text and 'File "' not in text
    return status, text


def test_any_text(webhook):
    @settings(max_examples=80, **SETTINGS)
    @given(text=hostile_text, n=st.integers(0, 10**6))
    def check(text, n):
        TRIED["n"] += 1
        status, body = _post(webhook, json.dumps({"sender": f"hostile-{n}", "message": text}).encode())
        assert status == 200 and isinstance(json.loads(body), list)
    check()


def test_any_json(webhook):
    @settings(max_examples=80, **SETTINGS)
    @given(value=st.one_of(hostile_json, st.dictionaries(st.sampled_from(["sender", "message", "metadata"]),
                                                         hostile_json, max_size=3)))
    def check(value):
        TRIED["n"] += 1
        _post(webhook, json.dumps(value).encode())
    check()


def test_malformed_and_huge_bodies(webhook):
    for body in (b"{pas du json", b"", b"\xff\xfe\x00", b"[" * 10_000, b'{"sender": "a", "message": "x"' ,
                 json.dumps({"sender": "gros", "message": "a" * 10_000}).encode(),
                 json.dumps({"sender": "tres-gros", "message": "b" * 1_000_000}).encode()):
        TRIED["n"] += 1
        status, text = _post(webhook, body)
        assert status in (200, 400, 413), (status, text[:200])
    print(f"\n[hypothesis] webhook REST : {TRIED['n']} requêtes essayées, 0 échec")

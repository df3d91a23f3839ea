"""Hostile input on the web server (property-based, hypothesis): any body on /api/numero, any text as a
conversation number or a sheet search, malformed and huge JSON: never an HTTP 500, never a traceback,
always a short JSON answer."""
import json
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile import hostile_json, hostile_text

TRIED = {"n": 0}
SETTINGS = dict(max_examples=150, deadline=10000,   # a guard against pathological inputs, not a timing test
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


def _check(status, body):
    assert status < 500, (status, body[:300])
    assert "Traceback" not in body and 'File "' not in body
    if status >= 400:
        assert "erreur" in json.loads(body)


def test_any_body_on_numero(web_app):
    @settings(**SETTINGS)
    @given(body=st.one_of(hostile_json.map(lambda v: json.dumps(v).encode()),
                          hostile_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
                          st.binary(max_size=2000),
                          st.just(b"{" * 5000), st.just(json.dumps({"session_id": "a" * 100_000}).encode())))
    def check(body):
        TRIED["n"] += 1

        async def go():
            resp = await web_app.client.post("/api/numero", data=body, headers={"Content-Type": "application/json"})
            return resp.status, await resp.text()
        _check(*web_app.run(go()))
    check()


def test_any_text_as_number_or_search(web_app):
    @settings(**SETTINGS)
    @given(text=hostile_text)
    def check(text):
        TRIED["n"] += 1
        quoted = quote(text.encode("utf-8", "surrogatepass"), safe="")[:6000]

        async def go():
            out = []
            for path in (f"/api/conseiller/synthese/{quoted or 'x'}", f"/api/conseiller/fiche?q={quoted}"):
                resp = await web_app.client.get(path, headers=web_app.auth())
                out.append((resp.status, await resp.text()))
            return out
        for status, body in web_app.run(go()):
            _check(status, body)
    check()


def test_a_huge_body_is_refused_not_crashed(web_app):
    async def go():
        resp = await web_app.client.post("/api/numero", data=b"[" + b"1," * 200_000 + b"1]",
                                         headers={"Content-Type": "application/json"})
        return resp.status, await resp.text()
    status, body = web_app.run(go())
    assert status == 413 and "volumineuse" in json.loads(body)["erreur"]
    print(f"\n[hypothesis] serveur web : {TRIED['n']} entrées essayées, 0 échec")

"""bot/server.py: conversation numbers that are not credentials, closed doors, a quiet access log.

Every door is checked by its HTTP status, on the real application in front of a fake Rasa."""
import json
import logging
import re

import jwt
from aiohttp import WSMsgType

from bot.numbers import conversation_number, normalise_number
from bot.server import AccessLogger
from tests.bot.conftest import JWT_SECRET

SESSION = "3f2a9c0d5b7e4f1a8c6d2e0b9a7f5c3d"


def _numero(web, session=SESSION):
    async def go():
        resp = await web.client.post("/api/numero", json={"session_id": session})
        return resp.status, await resp.json()
    return web.run(go())


def test_number_is_short_keyed_and_not_the_session_id(web_app):
    status, data = _numero(web_app)
    assert status == 200
    number = data["numero"]
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", number)
    assert SESSION not in number and number.replace("-", "").lower() not in SESSION
    assert number == conversation_number(b"secret-des-numeros", SESSION)
    assert number != conversation_number(b"un-autre-secret", SESSION), "the number depends on the server secret"
    assert _numero(web_app)[1]["numero"] == number, "stable for a session"
    assert _numero(web_app, SESSION[::-1])[1]["numero"] != number
    assert normalise_number(number.lower().replace("-", " ")) == number


def test_numero_refuses_malformed_requests(web_app):
    async def go():
        out = []
        for kwargs in ({"data": "{pas du json"}, {"json": ["liste"]}, {"json": {}}, {"json": {"session_id": 12}},
                       {"json": {"session_id": "x" * 10_000}}, {"json": {"session_id": "<script>"}}):
            resp = await web_app.client.post("/api/numero", **kwargs)
            out.append((resp.status, await resp.text()))
        return out
    for status, body in web_app.run(go()):
        assert status == 400, body
        assert "Traceback" not in body and "erreur" in json.loads(body)


def test_conseiller_finds_the_conversation_by_its_number_only(web_app):
    web_app.rasa.trackers[SESSION] = {"sender_id": SESSION, "slots": {"age": 19},
                                      "events": [{"event": "user", "text": "bonjour"}]}
    number = _numero(web_app)[1]["numero"]

    async def go(path):
        resp = await web_app.client.get(path, headers=web_app.auth())
        return resp.status, await resp.text()
    status, body = web_app.run(go(f"/api/conseiller/synthese/{number}"))
    assert status == 200, body
    assert json.loads(body)["conversation_id"] == number and SESSION not in body
    # the session id itself is not a conversation number
    assert web_app.run(go(f"/api/conseiller/synthese/{SESSION}"))[0] == 400
    # a well-formed number nobody was given
    assert web_app.run(go("/api/conseiller/synthese/ZZZZ-ZZZZ"))[0] == 404
    # the JWT went in the Authorization header, the URL carries no token
    seen = [r for r in web_app.rasa.requests if "/tracker" in r["url"]]
    assert seen and all("token" not in r["url"] for r in seen)
    token = seen[-1]["headers"]["Authorization"].split(" ", 1)[1]
    assert jwt.decode(token, JWT_SECRET, algorithms=["HS256"])["user"]["role"] == "admin"


def test_closed_doors_on_the_web_server(web_app):
    """Only the page, its files, /socket.io, /api/numero and the conseiller API are reachable."""
    async def go():
        c = web_app.client
        out = {}
        out["rest webhook"] = (await c.post("/webhooks/rest/webhook", json={"sender": "a", "message": "b"})).status
        out["rasa api tracker"] = (await c.get(f"/conversations/{SESSION}/tracker")).status
        out["rasa api parse"] = (await c.post("/model/parse", json={"text": "x"})).status
        out["rasa status"] = (await c.get("/status")).status
        out["synthese sans jeton"] = (await c.get("/api/conseiller/synthese/ZZZZ-ZZZZ")).status
        out["socket autre origine"] = (await c.get("/socket.io/?EIO=4&transport=polling",
                                                   headers={"Origin": "https://evil.example"})).status
        resp = await c.get("/socket.io/?EIO=4&transport=polling",
                           headers={"Origin": str(c.make_url("")).rstrip("/")})
        out["socket meme origine"] = resp.status
        return out
    doors = web_app.run(go())
    assert doors == {"rest webhook": 404, "rasa api tracker": 404, "rasa api parse": 404, "rasa status": 404,
                     "synthese sans jeton": 401, "socket autre origine": 403, "socket meme origine": 200}, doors


def test_websocket_from_another_origin_is_refused(web_app):
    async def go():
        c = web_app.client
        try:
            await c.ws_connect("/socket.io/?EIO=4&transport=websocket", headers={"Origin": "https://evil.example"})
        except Exception as exc:  # WSServerHandshakeError
            refused = getattr(exc, "status", None)
        else:
            refused = None
        ws = await c.ws_connect("/socket.io/?EIO=4&transport=websocket",
                                headers={"Origin": str(c.make_url("")).rstrip("/")})
        first = await ws.receive(timeout=5)
        await ws.send_str('42["user_uttered",{"message":"bonjour"}]')
        echo = await ws.receive(timeout=5)
        await ws.close()
        return refused, first, echo
    refused, first, echo = web_app.run(go())
    assert refused == 403
    assert first.type == WSMsgType.TEXT and first.data.startswith("0")
    assert echo.data == 'echo:42["user_uttered",{"message":"bonjour"}]'


def test_no_cors_for_other_origins(web_app):
    async def go():
        out = []
        for method, path in (("OPTIONS", "/api/numero"), ("GET", "/config.json"), ("OPTIONS", "/api/conseiller/verifier")):
            resp = await web_app.client.request(method, path, headers={
                "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
            out.append(resp.headers.get("Access-Control-Allow-Origin"))
        return out
    assert web_app.run(go()) == [None, None, None]


def test_browser_config_has_no_secret_and_no_rasa_address(web_app):
    async def go():
        resp = await web_app.client.get("/config.json")
        return resp.status, await resp.json(), resp.headers["Content-Security-Policy"]
    status, cfg, csp = web_app.run(go())
    assert status == 200 and set(cfg) == {"socketPath", "retentionDays"}
    assert "connect-src 'self';" in csp


def test_access_log_has_no_session_id_number_or_query(web_app, caplog):
    number = _numero(web_app)[1]["numero"]

    class Req:
        remote, method = "127.0.0.1", "GET"
        path = f"/api/conseiller/synthese/{number}"
    class Resp:
        status = 200
    logger = logging.getLogger("test.access")
    with caplog.at_level(logging.INFO, logger="test.access"):
        AccessLogger(logger, "").log(Req(), Resp(), 0.01)
        Req.path = "/socket.io/"
        AccessLogger(logger, "").log(Req(), Resp(), 0.01)
    text = caplog.text
    assert number not in text and SESSION not in text and "EIO" not in text
    assert "/api/conseiller/synthese/<numéro>" in text


def test_sticky_routing_by_conversation_number():
    """Two Rasa instances: every socket of a conversation reaches the same one; polling without a number
    always the first; one instance: that one."""
    from bot.server import Settings, pick_upstream

    two = Settings(rasa_url="http://a", rasa_jwt_secret="", conseiller_token="", rasa_urls=("http://a", "http://b"))
    numbers = [conversation_number(b"s", f"session-{i}") for i in range(200)]
    chosen = {n: pick_upstream(two, n) for n in numbers}
    assert all(pick_upstream(two, n) == chosen[n] for n in numbers), "always the same instance for a number"
    share = sum(v == "http://a" for v in chosen.values()) / len(chosen)
    assert 0.35 < share < 0.65, share
    assert {pick_upstream(two, "", websocket=False) for _ in range(20)} == {"http://a"}
    one = Settings(rasa_url="http://a", rasa_jwt_secret="", conseiller_token="", rasa_urls=("http://a",))
    assert {pick_upstream(one, n) for n in numbers[:20]} == {"http://a"}


def test_route_key_is_not_forwarded_to_rasa(web_app):
    async def go():
        resp = await web_app.client.get("/socket.io/?EIO=4&transport=polling&r=K7F3-QZ9X")
        return resp.status
    assert web_app.run(go()) == 200
    forwarded = [r["url"] for r in web_app.rasa.requests if r["url"].startswith("/socket.io/")][-1]
    assert "r=" not in forwarded and "EIO=4" in forwarded

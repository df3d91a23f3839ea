"""bot/server.py in-process (aiohttp test server) in front of a fake Rasa that records what it receives."""
from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List

import jwt
import pytest
from aiohttp import WSMsgType, web
from aiohttp.test_utils import TestClient, TestServer

from bot.server import Settings, create_app

JWT_SECRET = "secret-de-test-jwt"
CONSEILLER = "jeton-conseiller-de-test"


@dataclass
class FakeRasa:
    requests: List[Dict[str, Any]] = field(default_factory=list)
    trackers: Dict[str, Dict[str, Any]] = field(default_factory=dict)
    frames: List[str] = field(default_factory=list)

    def app(self) -> web.Application:
        app = web.Application()

        async def tracker(request: web.Request) -> web.Response:
            self.requests.append({"url": request.path_qs, "headers": dict(request.headers)})
            scheme, _, token = request.headers.get("Authorization", "").partition(" ")
            try:
                payload = jwt.decode(token, JWT_SECRET, algorithms=["HS256"])
                assert scheme == "Bearer" and payload["user"]["role"] == "admin"
            except Exception:
                return web.json_response({"status": "failure"}, status=401)
            cid = request.match_info["cid"]
            return web.json_response(self.trackers.get(cid, {"sender_id": cid, "slots": {}, "events": []}))

        async def socketio(request: web.Request) -> web.StreamResponse:
            self.requests.append({"url": request.path_qs, "headers": dict(request.headers)})
            if request.headers.get("Upgrade", "").lower() != "websocket":
                return web.Response(text='0{"sid":"abc"}', content_type="text/plain")
            ws = web.WebSocketResponse()
            await ws.prepare(request)
            await ws.send_str("0{\"sid\":\"fake\"}")
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    self.frames.append(msg.data)
                    await ws.send_str("echo:" + msg.data)
            return ws

        app.router.add_get("/conversations/{cid}/tracker", tracker)
        app.router.add_route("*", "/socket.io/", socketio)
        return app


@dataclass
class Web:
    client: TestClient
    rasa: FakeRasa
    settings: Settings
    loop: asyncio.AbstractEventLoop

    def run(self, coro):
        return self.loop.run_until_complete(coro)

    def auth(self) -> Dict[str, str]:
        return {"Authorization": f"Bearer {CONSEILLER}"}


@pytest.fixture
def web_app(tmp_path: Path):
    loop = asyncio.new_event_loop()
    rasa = FakeRasa()
    rasa_server = TestServer(rasa.app(), loop=loop)
    loop.run_until_complete(rasa_server.start_server())
    settings = Settings(rasa_url=str(rasa_server.make_url("")).rstrip("/"), rasa_jwt_secret=JWT_SECRET,
                        conseiller_token=CONSEILLER, conversation_secret=b"secret-des-numeros",
                        handoff_db=tmp_path / "handoff.db")
    client = TestClient(TestServer(create_app(settings), loop=loop), loop=loop)
    loop.run_until_complete(client.start_server())
    try:
        yield Web(client, rasa, settings, loop)
    finally:
        loop.run_until_complete(client.close())
        loop.run_until_complete(rasa_server.close())
        loop.close()


def body_json(text: str) -> Any:
    return json.loads(text)

"""A real stack, started like `make run` (scripts/run.sh: supervisor, credentials.yml, JWT), on free ports
near 5705 / 5755 / 5780, with its own tracker store; the chat goes through the web server's /socket.io
as the page does.

    .venv/bin/python -m pytest tests/stack -q        (part `stack` of scripts/test.sh; needs the model)

Environment: MODEL (default models/cap-industrie.tar.gz), STACK_TIMEOUT (default 300 s).
"""
from __future__ import annotations

import asyncio
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

import jwt
import pytest
import socketio

ROOT = Path(__file__).resolve().parents[2]




def http(method: str, url: str, headers: Optional[Dict[str, str]] = None, body: Optional[bytes] = None,
         timeout: float = 10) -> Tuple[int, Dict[str, str], str]:
    import urllib.error
    import urllib.request
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, dict(resp.headers), resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode("utf-8", "replace")


@dataclass
class Stack:
    web_url: str
    rasa_url: str
    action_url: str
    jwt_secret: str
    conseiller_token: str
    run_dir: Path
    tracker_db: Path
    proc: subprocess.Popen

    def pid(self, name: str) -> int:
        return int((self.run_dir / f"{name}.pid").read_text())

    def admin_headers(self, secret: Optional[str] = None) -> Dict[str, str]:
        now = int(time.time())
        token = jwt.encode({"user": {"username": "test", "role": "admin"}, "iat": now, "exp": now + 60},
                           secret or self.jwt_secret, algorithm="HS256")
        return {"Authorization": f"Bearer {token}"}

    def slots(self, sender: str) -> Dict:
        status, _, body = http("GET", f"{self.rasa_url}/conversations/{sender}/tracker", self.admin_headers())
        assert status == 200, (status, body[:200])
        import json
        return json.loads(body)["slots"]

    def wait_up(self, url: str, timeout: float) -> float:
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            try:
                if http("GET", url, timeout=2)[0] == 200:
                    return time.monotonic() - start
            except OSError:
                pass
            time.sleep(0.5)
        pytest.fail(f"{url} ne répond pas après {timeout:.0f} s")


class Chat:
    """One person on the page: socket.io through the web server, with the page's origin."""

    def __init__(self, stack: Stack, session_id: Optional[str] = None) -> None:
        self.stack = stack
        self.session_id = session_id
        self.sio = socketio.AsyncClient(reconnection=False)
        self.replies: asyncio.Queue = asyncio.Queue()
        self.confirmed = asyncio.Event()
        self.sio.on("bot_uttered", self._on_bot)
        self.sio.on("session_confirm", self._on_confirm)

    async def _on_bot(self, data):
        await self.replies.put((time.monotonic(), data))

    async def _on_confirm(self, data):
        self.session_id = data if isinstance(data, str) else data.get("session_id")
        self.confirmed.set()

    async def open(self) -> "Chat":
        await self.sio.connect(self.stack.web_url, socketio_path="/socket.io", transports=["websocket"],
                               headers={"Origin": self.stack.web_url}, wait_timeout=10)
        await self.sio.emit("session_request", {"session_id": self.session_id})
        await asyncio.wait_for(self.confirmed.wait(), 10)
        return self

    async def close(self) -> None:
        await self.sio.disconnect()

    async def say(self, text, timeout: float = 15.0, quiet: float = 1.0,
                  until: Optional[Callable[[str], bool]] = None) -> Tuple[List[str], float]:
        """The bot's texts for this message and the delay of the first one: texts are collected until none
        came for `quiet` seconds, or until one satisfies `until`."""
        while not self.replies.empty():
            self.replies.get_nowait()
        start = time.monotonic()
        await self.sio.emit("user_uttered", {"message": text, "session_id": self.session_id})
        texts: List[str] = []
        first: Optional[float] = None
        while True:
            wait = timeout - (time.monotonic() - start) if first is None else quiet
            try:
                at, data = await asyncio.wait_for(self.replies.get(), max(0.05, wait))
            except asyncio.TimeoutError:
                break
            first = first if first is not None else at - start
            texts.append((data or {}).get("text") or "")
            if until is not None and until(texts[-1]):
                break
        return texts, (first if first is not None else float("inf"))


@pytest.fixture(scope="session")
def stack(make_run) -> Stack:
    """The stack of make run (tests/make_run.py, shared with tests/browser in one pytest session)."""
    return Stack(make_run.web_url, make_run.rasa_url, make_run.action_url, make_run.jwt_secret,
                 make_run.conseiller_token, make_run.run_dir, make_run.tracker_db, make_run.proc)


class LoopThread:
    """An event loop in a thread of its own. The stack tests' coroutines run there whatever the main thread
    holds: in `make test` the browser tests come first in the same pytest session, and Playwright's sync
    API keeps an event loop running in the main thread, where asyncio.run() is refused."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="stack-tests-loop", daemon=True)
        self.thread.start()

    def run(self, coro):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result()

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


def run(coro):
    loop = LoopThread()
    try:
        return loop.run(coro)
    finally:
        loop.close()

"""A real stack, started like `make run` (scripts/run.sh: supervisor, credentials.yml, JWT), on free ports
near 5705 / 5755 / 5780, with its own tracker store; the chat goes through the web server's /socket.io
as the page does.

    .venv/bin/python -m pytest tests/stack -q        (part `stack` of scripts/test.sh; needs the model)

Environment: MODEL (default models/cap-industrie.tar.gz), STACK_TIMEOUT (default 300 s).
"""
from __future__ import annotations

import asyncio
import os
import secrets
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import jwt
import pytest
import socketio
from tests.ports import free_ports

ROOT = Path(__file__).resolve().parents[2]
LOG = ROOT / "build" / "stack-tests.log"




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

    async def say(self, text, timeout: float = 15.0, quiet: float = 1.0) -> Tuple[List[str], float]:
        """The bot's texts for this message and the delay of the first one."""
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
        return texts, (first if first is not None else float("inf"))


@pytest.fixture(scope="session")
def stack(tmp_path_factory) -> Stack:
    model = os.environ.get("MODEL") or "models/cap-industrie.tar.gz"
    model_path = Path(model) if Path(model).is_absolute() else ROOT / model
    if not model_path.is_file():
        pytest.fail(f"modèle introuvable : {model_path} (make train, ou MODEL=…)", pytrace=False)
    rasa_port, action_port, web_port = free_ports([5705, 5755, 5780])
    tmp = tmp_path_factory.mktemp("stack")
    env = dict(os.environ)
    env.update({
        "RASA_PORT": str(rasa_port), "ACTION_PORT": str(action_port), "WEB_PORT": str(web_port),
        "CONSEILLER_TOKEN": secrets.token_urlsafe(24), "RASA_JWT_SECRET": "-" + secrets.token_urlsafe(32),
        "TRACKER_DB": str(tmp / "trackers.db"), "HANDOFF_DB": str(tmp / "handoff.db"),
        "SUPERVISE_RUN_DIR": str(tmp / "run"), "MODEL": str(model_path), "RASA_TELEMETRY_ENABLED": "false",
        "SUPERVISE_MAX_BACKOFF_S": "4", "DEV": "0", "ACTION_TIMEOUT_S": "6",
    })
    LOG.parent.mkdir(parents=True, exist_ok=True)
    log = LOG.open("w", encoding="utf-8")
    proc = subprocess.Popen(["nice", "-n", "10", "bash", "scripts/run.sh"], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    timeout = float(os.environ.get("STACK_TIMEOUT") or 300)
    deadline = time.monotonic() + timeout
    try:
        while "est prêt" not in LOG.read_text(encoding="utf-8", errors="replace"):
            if proc.poll() is not None:
                pytest.fail(f"scripts/run.sh s'est arrêté (code {proc.returncode}), voir {LOG}", pytrace=False)
            if time.monotonic() > deadline:
                pytest.fail(f"la pile n'a pas démarré en {timeout:.0f} s, voir {LOG}", pytrace=False)
            time.sleep(1)
        yield Stack(f"http://127.0.0.1:{web_port}", f"http://127.0.0.1:{rasa_port}",
                    f"http://127.0.0.1:{action_port}", env["RASA_JWT_SECRET"], env["CONSEILLER_TOKEN"],
                    tmp / "run", tmp / "trackers.db", proc)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        log.close()


def run(coro):
    return asyncio.run(coro)

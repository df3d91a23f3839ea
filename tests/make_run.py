"""The stack of `make run` (scripts/run.sh: supervisor, credentials.yml, JWT, web server), started once per
pytest session for the browser tests and the stack tests (`make test` runs both in one session, the browser
first, the fault tests of tests/stack last: one model load instead of two).

Free ports near 5705 / 5755 / 5780, a temporary tracker store, a random conseiller token and JWT secret
(starting with "-", as an argument parser could mistake it for an option), ACTION_TIMEOUT_S=6 and a
supervisor backoff of at most 4 s so the fault tests wait seconds, not minutes.
Environment: MODEL (default models/cap-industrie.tar.gz), STACK_TIMEOUT (default 300 s).
"""
from __future__ import annotations

import contextlib
import os
import secrets
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest
from tests.ports import free_ports

ROOT = Path(__file__).resolve().parents[1]
LOG = ROOT / "build" / "stack-tests.log"


@dataclass
class MakeRun:
    web_url: str
    rasa_url: str
    action_url: str
    rasa_port: int
    jwt_secret: str
    conseiller_token: str
    run_dir: Path
    tracker_db: Path
    tmp: Path
    log: Path
    proc: subprocess.Popen


def tail(path: Path, n: int = 40) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-n:])
    except OSError:
        return "(pas de journal)"


def model_path() -> Path:
    model = os.environ.get("MODEL") or "models/cap-industrie.tar.gz"
    path = Path(model) if Path(model).is_absolute() else ROOT / model
    if not path.is_file():
        pytest.fail(f"modèle introuvable : {path}. Entraînez-le (make train) ou indiquez MODEL=chemin/vers/modele.tar.gz",
                    pytrace=False)
    return path


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=40)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@contextlib.contextmanager
def make_run_stack(tmp: Path) -> Iterator[MakeRun]:
    model = model_path()
    rasa_port, action_port, web_port = free_ports([5705, 5755, 5780])
    env = dict(os.environ)
    env.update({
        "RASA_PORT": str(rasa_port), "ACTION_PORT": str(action_port), "WEB_PORT": str(web_port),
        "CONSEILLER_TOKEN": secrets.token_urlsafe(24), "RASA_JWT_SECRET": "-" + secrets.token_urlsafe(32),
        "TRACKER_DB": str(tmp / "trackers.db"), "HANDOFF_DB": str(tmp / "handoff.db"),
        "SUPERVISE_RUN_DIR": str(tmp / "run"), "MODEL": str(model), "RASA_TELEMETRY_ENABLED": "false",
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
                pytest.fail(f"scripts/run.sh s'est arrêté (code {proc.returncode}) :\n{tail(LOG)}\n"
                            f"--- logs/rasa.log ---\n{tail(ROOT / 'logs' / 'rasa.log', 20)}", pytrace=False)
            if time.monotonic() > deadline:
                pytest.fail(f"la pile n'a pas démarré en {timeout:.0f} s :\n{tail(LOG)}", pytrace=False)
            time.sleep(1)
        yield MakeRun(f"http://127.0.0.1:{web_port}", f"http://127.0.0.1:{rasa_port}",
                      f"http://127.0.0.1:{action_port}", rasa_port, env["RASA_JWT_SECRET"],
                      env["CONSEILLER_TOKEN"], tmp / "run", tmp / "trackers.db", tmp, LOG, proc)
    finally:
        _stop(proc)
        log.close()

"""Keep the three processes of Cap Industrie up: action server, Rasa server, web page.

    python scripts/supervise.py        (started by scripts/run.sh, which checks ports and the knowledge base)

Each process writes to logs/<name>.log (appended across restarts). When one stops, the supervisor
writes one line, in the terminal and in that log::

    [supervise] rasa s'est arrêté (code -9) : redémarrage dans 2 s (redémarrage n° 2)

and starts it again after a backoff (1 s, 2 s, 4 s … 30 s at most; back to 1 s once it has run for
60 s). Conversations live in the tracker store (SQLite), so a restarted Rasa goes on with the slots.
The retention purge (scripts/purge.py, RETENTION_DAYS) runs at start and every hour.
SIGTERM / SIGINT stop the three processes and the supervisor. Pids are in .data/run/<name>.pid
(SUPERVISE_RUN_DIR to change).

Environment: RASA_PORT ACTION_PORT WEB_PORT MODEL ENDPOINTS CREDENTIALS (set by scripts/run.sh),
RASA_JWT_SECRET (API of Rasa, read by scripts/rasa_run.py), SUPERVISE_MAX_BACKOFF_S.
"""
from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

STABLE_AFTER_S = 60.0
PURGE_EVERY_S = 3600.0


def say(line: str, log_path: Optional[Path] = None) -> None:
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    text = f"{stamp} [supervise] {line}"
    print(text, flush=True)
    if log_path is not None:
        with open(log_path, "a", encoding="utf-8") as fh:
            fh.write(text + "\n")


def backoff(consecutive_failures: int, max_s: float) -> float:
    """1, 2, 4, 8 … seconds, at most max_s."""
    return min(max_s, 2.0 ** max(0, consecutive_failures - 1))


@dataclass
class Child:
    name: str
    argv: List[str]
    env: Dict[str, str]
    log: Path
    proc: Optional[subprocess.Popen] = None
    started: float = 0.0
    restarts: int = 0
    failures: int = 0
    restart_at: Optional[float] = None
    pidfile: Path = field(default=Path("."))

    def start(self) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        out = open(self.log, "ab")
        self.proc = subprocess.Popen(self.argv, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        out.close()
        self.started = time.monotonic()
        self.restart_at = None
        self.pidfile.write_text(f"{self.proc.pid}\n", encoding="utf-8")

    def terminate(self) -> None:
        """SIGTERM to the child's process group; stop() waits for it."""
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)

    def stop(self, timeout: float = 15.0) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=max(0.1, timeout))
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=5)
        except ProcessLookupError:
            pass


def stop_all(procs: List["Child"], timeout: float = 15.0) -> None:
    """All children told to stop at once (a server's graceful shutdown does not wait for another's), each
    killed if it is still there `timeout` seconds later."""
    for child in reversed(procs):
        child.terminate()
    deadline = time.monotonic() + timeout
    for child in reversed(procs):
        child.stop(deadline - time.monotonic())


def children(env: Dict[str, str]) -> List[Child]:
    py = sys.executable
    rasa_port, action_port, web_port = env["RASA_PORT"], env["ACTION_PORT"], env["WEB_PORT"]
    logs = ROOT / "logs"
    run_dir = Path(env.get("SUPERVISE_RUN_DIR") or ROOT / ".data" / "run")
    run_dir.mkdir(parents=True, exist_ok=True)
    secrets = ("RASA_JWT_SECRET", "CONSEILLER_TOKEN", "CAP_CONVERSATION_SECRET")
    # each process gets only the secrets it needs: Rasa its JWT secret, the web server all three
    action_env = {k: v for k, v in env.items() if k not in secrets}
    action_env["SANIC_HOST"] = "127.0.0.1"
    rasa_env = {k: v for k, v in env.items() if k not in secrets[1:]}
    web_env = dict(env)
    specs = [
        ("actions", [py, "-m", "rasa_sdk", "--actions", "actions", "--port", action_port], action_env),
        ("rasa", [py, "scripts/rasa_run.py", "--model", env["MODEL"], "--endpoints", env["ENDPOINTS"],
                  "--credentials", env.get("CREDENTIALS") or "credentials.yml",
                  "--interface", "127.0.0.1", "--port", rasa_port, "--enable-api"], rasa_env),
        ("web", [py, "-m", "bot.server", "--host", "127.0.0.1", "--port", web_port], web_env),
    ]
    out = [Child(name, argv, cenv, logs / f"{name}.log", pidfile=run_dir / f"{name}.pid")
           for name, argv, cenv in specs]
    return out


def purge(env: Dict[str, str]) -> None:
    try:
        from scripts.purge import purge_all

        report = purge_all(env)
        if report["conversations"] or report["numbers"]:
            say(f"rétention {report['days']} j : {report['conversations']} conversation(s) et "
                f"{report['numbers']} numéro(s) supprimés")
    except Exception as exc:  # the bot keeps running; the line says why the purge did not happen
        say(f"purge de rétention impossible : {exc.__class__.__name__}: {exc}")


def main() -> int:
    env = dict(os.environ)
    max_backoff = float(env.get("SUPERVISE_MAX_BACKOFF_S") or 30)
    procs = children(env)
    stopping = False

    def on_signal(signum, _frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    purge(env)
    last_purge = time.monotonic()
    for child in procs:
        child.start()
        say(f"{child.name} démarré (pid {child.proc.pid})", child.log)
    try:
        while not stopping:
            now = time.monotonic()
            for child in procs:
                if child.restart_at is not None:
                    if now >= child.restart_at:
                        child.start()
                        say(f"{child.name} redémarré (pid {child.proc.pid}, redémarrage n° {child.restarts})",
                            child.log)
                    continue
                code = child.proc.poll()
                if code is None:
                    if child.failures and now - child.started > STABLE_AFTER_S:
                        child.failures = 0
                    continue
                child.failures += 1
                child.restarts += 1
                delay = backoff(child.failures, max_backoff)
                child.restart_at = now + delay
                say(f"{child.name} s'est arrêté (code {code}) : redémarrage dans {delay:.0f} s "
                    f"(redémarrage n° {child.restarts})", child.log)
            if now - last_purge > PURGE_EVERY_S:
                purge(env)
                last_purge = now
            time.sleep(0.3)
    finally:
        say("arrêt des serveurs…")
        stop_all(procs)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""scripts/supervise.py and scripts/rasa_run.py without starting Rasa: backoff, secrets, restarts."""
import os
import signal
import subprocess
import sys
import time

from scripts import rasa_run, supervise


def test_backoff_doubles_up_to_the_limit():
    assert [supervise.backoff(n, 30) for n in range(1, 8)] == [1, 2, 4, 8, 16, 30, 30]


def test_jwt_secret_never_on_the_command_line_form_that_breaks_argparse():
    argv = rasa_run.build_argv(["--enable-api", "--port", "5005"], {"RASA_JWT_SECRET": "-commence-par-un-tiret"})
    assert "--jwt-secret=-commence-par-un-tiret" in argv and "--jwt-method=HS256" in argv
    assert "-commence-par-un-tiret" not in argv, "never as a separate argument"
    import argparse
    p = argparse.ArgumentParser()
    p.add_argument("--jwt-secret")
    p.add_argument("--jwt-method")
    known, _ = p.parse_known_args(argv[2:])
    assert known.jwt_secret == "-commence-par-un-tiret"
    # without a secret the API is not enabled at all
    assert "--enable-api" not in rasa_run.build_argv(["--enable-api"], {})


def test_each_process_gets_only_its_secrets(tmp_path):
    env = {"RASA_PORT": "1", "ACTION_PORT": "2", "WEB_PORT": "3", "MODEL": "m", "ENDPOINTS": "e",
           "RASA_JWT_SECRET": "jwt", "CONSEILLER_TOKEN": "cons", "CAP_CONVERSATION_SECRET": "num",
           "SUPERVISE_RUN_DIR": str(tmp_path)}
    procs = {c.name: c for c in supervise.children(env)}
    assert "jwt" not in " ".join(procs["rasa"].argv), "the JWT secret is not on Rasa's command line"
    assert procs["rasa"].env["RASA_JWT_SECRET"] == "jwt" and "CONSEILLER_TOKEN" not in procs["rasa"].env
    assert not {"RASA_JWT_SECRET", "CONSEILLER_TOKEN", "CAP_CONVERSATION_SECRET"} & set(procs["actions"].env)
    assert procs["web"].env["CONSEILLER_TOKEN"] == "cons"
    assert procs["rasa"].argv[-1] == "--enable-api" and "credentials.yml" in procs["rasa"].argv


def test_a_killed_child_is_restarted_with_a_line_in_its_log(tmp_path):
    """The real loop, on a stand-in child (a sleeping Python) instead of the three servers."""
    log = tmp_path / "child.log"
    # run main() in a subprocess so that its signal handlers and sleep loop are real
    code = (
        "import os, sys, time\n"
        f"sys.path.insert(0, {os.getcwd()!r})\n"
        "from scripts import supervise\n"
        f"log = {str(log)!r}\n"
        "child = supervise.Child('enfant', [sys.executable, '-c', 'import time; time.sleep(60)'], dict(os.environ),\n"
        f"    supervise.Path(log), pidfile=supervise.Path({str(tmp_path / 'enfant.pid')!r}))\n"
        "supervise.children = lambda env: [child]\n"
        "supervise.purge = lambda env: None\n"
        "sys.exit(supervise.main())\n")
    sup = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        pidfile = tmp_path / "enfant.pid"
        deadline = time.monotonic() + 10
        while not pidfile.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        first = int(pidfile.read_text())
        os.kill(first, signal.SIGKILL)
        deadline = time.monotonic() + 10
        second = first
        while second == first and time.monotonic() < deadline:
            time.sleep(0.2)
            second = int(pidfile.read_text())
        assert second != first, "the child was not restarted"
        text = log.read_text(encoding="utf-8")
        assert "enfant s'est arrêté (code -9) : redémarrage dans 1 s (redémarrage n° 1)" in text
        assert "enfant redémarré" in text
        os.kill(second, 0)  # alive
    finally:
        sup.send_signal(signal.SIGTERM)
        out, _ = sup.communicate(timeout=20)
    assert sup.returncode == 0, out
    assert "arrêt des serveurs" in out

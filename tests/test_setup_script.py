"""scripts/setup.sh: clear message and non-zero exit without Python 3.10; a no-op when up to date (its
duration is measured by make bench-kb, not asserted here: a loaded machine must not turn a unit test red)."""
import os
import shutil
import subprocess

import pytest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_fails_clearly_without_python_310(tmp_path):
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "setup.sh", repo / "scripts" / "setup.sh")
    shutil.copytree(ROOT / "requirements", repo / "requirements")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "cat", "sha256sum", "cut", "dirname", "python3"):
        found = shutil.which(tool)
        if found and tool != "python3":
            (bin_dir / tool).symlink_to(found)
    # a python3 that is not 3.10
    (bin_dir / "python3").write_text("#!/bin/sh\necho 'Python 3.11.7'\nexit 0\n")
    (bin_dir / "python3").chmod(0o755)
    env = {"PATH": str(bin_dir), "HOME": str(tmp_path / "home")}
    result = subprocess.run(["bash", "scripts/setup.sh"], cwd=repo, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "Python 3.10 introuvable" in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2 and "Traceback" not in result.stderr
    assert not (repo / ".venv").exists()


def test_second_run_is_a_no_op():
    if not (ROOT / ".venv" / ".cap-industrie-stamp").exists():
        pytest.skip("pas d'environnement installé à réutiliser (make setup)")
    stamp = (ROOT / ".venv" / ".cap-industrie-stamp").read_text()
    result = subprocess.run(["bash", "scripts/setup.sh"], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env=dict(os.environ))
    assert result.returncode == 0 and "à jour" in result.stdout
    assert "pip install" not in result.stdout and (ROOT / ".venv" / ".cap-industrie-stamp").read_text() == stamp


def _run_sh(env_extra):
    env = dict(os.environ, **env_extra)
    return subprocess.run(["bash", "scripts/run.sh"], cwd=ROOT, capture_output=True, text=True, timeout=60, env=env)


def test_run_refuses_a_missing_model_in_one_line():
    result = _run_sh({"MODEL": "/nonexistent/model.tar.gz"})
    assert result.returncode != 0
    assert result.stderr.strip().startswith("ERREUR : modèle introuvable") and len(result.stderr.strip().splitlines()) == 1


def test_run_refuses_a_taken_port_in_one_line(tmp_path):
    import socket

    model = tmp_path / "m.tar.gz"
    model.write_bytes(b"")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        result = _run_sh({"MODEL": str(model), "ACTION_PORT": str(port)})
    assert result.returncode != 0
    assert f"le port {port} est déjà utilisé" in result.stderr and len(result.stderr.strip().splitlines()) == 1

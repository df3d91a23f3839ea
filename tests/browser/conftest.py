"""Browser tests of the Cap Industrie web front (pytest + Playwright, Debian's Chromium).

The whole stack (action server, Rasa, bot/server.py) is started once per test session with
scripts/run.sh on free ports, with a temporary tracker database and a random conseiller token
(tests/make_run.py; `make test` runs these tests and tests/stack in one session, on one stack).

    .venv/bin/python -m pytest tests/browser -q

Environment:
    MODEL               model to load (default models/cap-industrie.tar.gz)
    STACK_TIMEOUT       seconds to wait for the stack to be ready (default 300)
    BROWSER_HEADLESS=0  show the browser
Chromium comes from Debian (scripts/install_browser.sh), never from `playwright install`.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]




def http_get(url: str, headers: Optional[Dict[str, str]] = None, timeout: float = 10):
    """(status, headers, body text) — HTTP errors are returned, not raised."""
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.headers, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode("utf-8")


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@contextlib.contextmanager
def web_server(rasa_port: int, conseiller_token: Optional[str] = None):
    """A second `python -m bot.server` on a free port (e.g. without CONSEILLER_TOKEN, or towards a dead Rasa)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("CONSEILLER_TOKEN", "RASA_URL", "RASA_PUBLIC_URL")}
    env["RASA_PORT"] = str(rasa_port)
    if conseiller_token:
        env["CONSEILLER_TOKEN"] = conseiller_token
    proc = subprocess.Popen([sys.executable, "-m", "bot.server", "--host", "127.0.0.1", "--port", str(port)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                http_get(base + "/", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("python -m bot.server ne démarre pas", pytrace=False)
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@dataclass
class Stack:
    web_url: str
    rasa_url: str
    rasa_port: int
    conseiller_token: str
    rasa_token: str
    proc: subprocess.Popen
    tmp: Path

    def auth(self) -> Dict[str, str]:
        return {"Authorization": f"Bearer {self.conseiller_token}"}


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium")
    if not path:
        pytest.fail("Chromium est introuvable (commande « chromium »). Installez-le avec : "
                    "sudo bash scripts/install_browser.sh", pytrace=False)
    return path


@pytest.fixture(scope="session")
def stack(make_run, chromium_path) -> Stack:
    """The stack of make run (tests/make_run.py, shared with tests/stack in one pytest session)."""
    status, _, _ = http_get(make_run.web_url + "/")
    assert status == 200, f"la page d'accueil répond {status}"
    return Stack(make_run.web_url, make_run.rasa_url, make_run.rasa_port, make_run.conseiller_token,
                 make_run.jwt_secret, make_run.proc, make_run.tmp)


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS,
                               headless=os.environ.get("BROWSER_HEADLESS", "1") != "0")
    except Exception as exc:
        pw.stop()
        pytest.fail(f"Chromium ne démarre pas ({exc}). Réinstallez-le : sudo bash scripts/install_browser.sh", pytrace=False)
    yield b
    b.close()
    pw.stop()


class PageProblems:
    """JavaScript errors and console errors (CSP violations show up there) seen by a page."""

    def __init__(self, page) -> None:
        self.errors: List[str] = []
        self.dialogs: List[str] = []
        page.on("pageerror", lambda exc: self.errors.append(f"exception : {exc}"))
        page.on("console", lambda msg: self.errors.append(f"console : {msg.text}") if msg.type == "error" else None)

        def on_dialog(dialog):
            self.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)

    def assert_clean(self) -> None:
        assert not self.dialogs, f"boîte de dialogue inattendue : {self.dialogs}"
        assert not self.errors, "erreurs dans la page :\n" + "\n".join(self.errors)


@pytest.fixture()
def new_page(browser):
    """Factory: a fresh browser context (own localStorage) and page; closed at the end of the test."""
    contexts = []

    def make(**kwargs):
        options = {"viewport": {"width": 1280, "height": 860}, "locale": "fr-FR"}
        options.update(kwargs)
        ctx = browser.new_context(**options)
        ctx.set_default_timeout(20_000)
        contexts.append(ctx)
        page = ctx.new_page()
        page.problems = PageProblems(page)
        return page

    yield make
    for ctx in contexts:
        ctx.close()


def screenshot(page, name: str, full_page: bool = False) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


@pytest.fixture(scope="session")
def journey(stack, browser):
    """A young person's whole journey, done by clicking the quick replies (and typing age and town).

    Asserts each step on the way; returns what later tests need (conversation number, proposed trades,
    texts). Screenshots: build/screenshots/01-… to 04-….
    """
    import re

    from chat_page import TRADE_BUTTONS, click_reply, open_chat, say, session_id

    ctx = browser.new_context(viewport={"width": 1280, "height": 860}, locale="fr-FR")
    ctx.set_default_timeout(20_000)
    page = ctx.new_page()
    problems = PageProblems(page)
    steps: Dict[str, str] = {}
    try:
        steps["accueil"] = open_chat(page, stack.web_url)
        assert re.search(r"bonjour|bienvenue", steps["accueil"], re.I), steps["accueil"]
        screenshot(page, "01-accueil")

        # a request is served at once, followed by one question
        steps["trouver"] = click_reply(page, "Trouver un métier pour moi")
        assert re.search(r"métiers qui pourraient", steps["trouver"], re.I), steps["trouver"]
        assert re.search(r"aimez", steps["trouver"], re.I), f"une question sur les goûts était attendue : {steps['trouver']!r}"
        screenshot(page, "02-premieres-idees")
        steps["interet"] = click_reply(page, re.compile(r"^Les machines", re.I))
        assert re.search(r"noté", steps["interet"], re.I) and re.search(r"mises à jour", steps["interet"], re.I), \
            f"le bot devait dire ce qu'il a compris et mettre ses idées à jour : {steps['interet']!r}"
        # several facts in one message, said indirectly, fill the profile
        steps["profil"] = say(page, "g 17 ans, je suis en première bac pro à Thiers")
        assert "17 ans" in steps["profil"] and "Thiers" in steps["profil"], steps["profil"]
        steps["contrainte"] = say(page, "par contre pas de travail de nuit")
        assert re.search(r"pas de travail de nuit", steps["contrainte"], re.I), steps["contrainte"]
        assert re.search(r"métiers qui pourraient|mises à jour", steps["contrainte"], re.I), \
            f"le bot devait proposer trois métiers : {steps['contrainte']!r}"
        trades = page.locator(TRADE_BUTTONS)
        assert trades.count() >= 3, f"trois boutons de métiers attendus, vus : {trades.all_inner_texts()}"
        trade_titles = [t.strip() for t in trades.all_inner_texts()[-3:]]
        screenshot(page, "03-trois-metiers")

        chosen = trade_titles[0]
        steps["fiche"] = click_reply(page, re.compile("^" + re.escape(chosen) + "$", re.I))
        screenshot(page, "04-fiche-metier")
        cid = session_id(page)
        user_texts = page.locator("#messages .msg--user .msg__bubble").all_inner_texts()
        problems.assert_clean()
        return {"session_id": cid, "trades": trade_titles, "chosen": chosen, "steps": steps, "user_texts": user_texts}
    except Exception:
        screenshot(page, "00-echec-parcours", full_page=True)
        raise
    finally:
        ctx.close()

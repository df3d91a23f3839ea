"""Helpers to drive the public chat page (bot/static/index.html) from Playwright."""
from __future__ import annotations

import re
import time
from typing import List, Pattern, Union

BOT = "#messages .msg--bot"
USER = "#messages .msg--user"
QUICK = "#messages .quick-reply"
TRADE_BUTTONS = '#messages .quick-reply[data-payload^="/ask_trade_info"]'
REPLY_TIMEOUT_MS = 45_000


def bot_count(page) -> int:
    return page.locator(BOT).count()


def bot_texts(page) -> List[str]:
    return page.locator(f"{BOT} .msg__bubble").all_inner_texts()


def last_bot_text(page) -> str:
    texts = bot_texts(page)
    return texts[-1] if texts else ""


def replies_since(page, before: int) -> str:
    """All bot texts received after the first `before` bot messages, joined."""
    return "\n".join(bot_texts(page)[before:])


def wait_reply(page, before: int, timeout_ms: int = REPLY_TIMEOUT_MS) -> str:
    """Wait for at least one new bot message, then until the bot has finished (no new message for
    0.8 s and the typing indicator is hidden). Returns the new bot text."""
    try:
        page.wait_for_function("n => document.querySelectorAll('#messages .msg--bot').length > n",
                               arg=before, timeout=timeout_ms)
    except Exception as exc:  # a clear message instead of a bare timeout
        banner = page.locator("#banner")
        shown = banner.inner_text() if banner.is_visible() else "(pas de bandeau d'erreur)"
        raise AssertionError(f"le bot n'a pas répondu en {timeout_ms / 1000:.0f} s ; bandeau : {shown} ; "
                             f"dernier message du bot : {last_bot_text(page)!r}") from exc
    count, stable_since = bot_count(page), time.monotonic()
    while time.monotonic() - stable_since < 0.8:
        time.sleep(0.1)
        now = bot_count(page)
        if now != count:
            count, stable_since = now, time.monotonic()
    page.wait_for_function("() => document.getElementById('typing').hidden", timeout=timeout_ms)
    return replies_since(page, before)


def open_chat(page, base_url: str) -> str:
    """Open the page and wait for the welcome message; returns its text."""
    page.goto(base_url + "/")
    text = wait_reply(page, 0)
    page.wait_for_function("() => /^[A-Za-z0-9_.:@-]{8,}$/.test(document.getElementById('session-id').textContent)")
    return text


def session_id(page) -> str:
    return page.locator("#session-id").inner_text().strip()


def say(page, text: str) -> str:
    """Type a message and press Enter; returns the bot's answer."""
    before = bot_count(page)
    box = page.get_by_label("Votre message à Cap Industrie")
    box.fill(text)
    box.press("Enter")
    return wait_reply(page, before)


def click_reply(page, title: Union[str, Pattern[str]]) -> str:
    """Click the quick reply whose title matches; returns the bot's answer."""
    pattern = title if isinstance(title, re.Pattern) else re.compile(re.escape(title), re.I)
    buttons = page.locator(QUICK).filter(has_text=pattern)
    available = page.locator(QUICK).all_inner_texts()
    assert buttons.count() >= 1, f"aucun bouton « {pattern.pattern} » parmi {available} ; dernier message : {last_bot_text(page)!r}"
    before = bot_count(page)
    buttons.first.click()
    return wait_reply(page, before)

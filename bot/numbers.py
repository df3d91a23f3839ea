"""Conversation numbers that are not credentials.

The web page's session id (Rasa's sender id) joins a conversation: whoever knows it can reconnect to
it over socket.io and read the profile. It stays in the page. What the person gives a conseiller is a
short *conversation number* derived from it with a server secret::

    number = first 40 bits of HMAC-SHA256(secret, sender_id), in 8 characters of Crockford base 32

The number cannot be turned back into the session id without the secret, and joining a conversation
with it opens an empty one. The web server records (number -> sender id) in a small hand-off table
when the page asks for its number; the conseiller view looks conversations up there.

    CAP_CONVERSATION_SECRET   the secret (default: .data/conversation.secret, created on first use, 0600)
    HANDOFF_DB                the hand-off table (default: .data/handoff.db, SQLite)
"""
from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import sqlite3
import time
from pathlib import Path
from typing import Iterable, Optional

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SECRET_FILE = ROOT / ".data" / "conversation.secret"
DEFAULT_HANDOFF_DB = ROOT / ".data" / "handoff.db"
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
CODE_LENGTH = 8
NUMBER_RE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")
_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


def load_secret(env: Optional[dict] = None, path: Optional[Path] = None, create: bool = True) -> bytes:
    env = os.environ if env is None else env
    given = (env.get("CAP_CONVERSATION_SECRET") or "").strip()
    if given:
        return given.encode("utf-8")
    path = Path(path or env.get("CAP_CONVERSATION_SECRET_FILE") or DEFAULT_SECRET_FILE)
    if path.is_file():
        value = path.read_text(encoding="utf-8").strip()
        if value:
            return value.encode("utf-8")
    if not create:
        raise FileNotFoundError(f"secret des numéros de conversation introuvable ({path})")
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(value + "\n")
    return value.encode("utf-8")


def conversation_number(secret: bytes, sender_id: str) -> str:
    digest = hmac.new(secret, sender_id.encode("utf-8"), hashlib.sha256).digest()
    n = int.from_bytes(digest[:5], "big")  # 40 bits
    chars = []
    for _ in range(CODE_LENGTH):
        chars.append(ALPHABET[n & 31])
        n >>= 5
    code = "".join(reversed(chars))
    return f"{code[:4]}-{code[4:]}"


def normalise_number(raw: str) -> Optional[str]:
    """'k7f3 qz9x', 'K7F3QZ9X', 'K7F3-QZ9X' -> 'K7F3-QZ9X'; None when it cannot be a number."""
    s = re.sub(r"[\s\-_.]+", "", raw or "").upper().translate(_READ_AS)
    if len(s) != CODE_LENGTH:
        return None
    s = f"{s[:4]}-{s[4:]}"
    return s if NUMBER_RE.match(s) else None


def find_sender(secret: bytes, number: str, senders: Iterable[str]) -> Optional[str]:
    """The sender id among `senders` whose number is `number` (for tools that read the tracker store)."""
    wanted = normalise_number(number)
    if not wanted:
        return None
    for sender in senders:
        if hmac.compare_digest(conversation_number(secret, sender), wanted):
            return sender
    return None


class HandoffTable:
    """number -> sender id, written when the page asks for its number (SQLite, one small table)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as con:
            con.execute("CREATE TABLE IF NOT EXISTS handoff (number TEXT PRIMARY KEY, sender_id TEXT NOT NULL, "
                        "created REAL NOT NULL)")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=5)

    def register(self, number: str, sender_id: str) -> None:
        with self._connect() as con:
            con.execute("INSERT INTO handoff (number, sender_id, created) VALUES (?, ?, ?) "
                        "ON CONFLICT(number) DO UPDATE SET sender_id = excluded.sender_id, created = excluded.created",
                        (number, sender_id, time.time()))

    def lookup(self, number: str) -> Optional[str]:
        with self._connect() as con:
            row = con.execute("SELECT sender_id FROM handoff WHERE number = ?", (number,)).fetchone()
        return row[0] if row else None

    def purge(self, before: float) -> int:
        with self._connect() as con:
            return con.execute("DELETE FROM handoff WHERE created < ?", (before,)).rowcount

    def forget_sender(self, sender_id: str) -> int:
        with self._connect() as con:
            return con.execute("DELETE FROM handoff WHERE sender_id = ?", (sender_id,)).rowcount

"""French rendering of knowledge-built answers: short bubbles, lists, labels, buttons.

Static wording lives in domain.yml responses; everything built from knowledge/ goes through here,
so that every bubble stays short (BUBBLE_MAX characters before its buttons) and reads the same way.
Pure Python (no rasa_sdk import).
"""
from __future__ import annotations

import json
import re
from typing import Any, Dict, Iterable, List, Optional, Sequence

BUBBLE_MAX = 450


def join_fr(items: Iterable[str]) -> str:
    """'a', 'a et b', 'a, b et c'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]


def de(word: str) -> str:
    """"de soudeur", "d'automaticien", "d'électricien" (elision before a vowel or a mute h)."""
    return ("d'" if word[:1].lower() in "aâàeéèêëiîïoôuûùyh" else "de ") + word


def cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def sentence(text: str) -> str:
    """Capitalised, ending with a full stop (unless it already ends with punctuation)."""
    text = (text or "").strip()
    if not text:
        return ""
    text = cap(text)
    return text if text[-1] in ".!?…:" else text + "."


def first_sentence(text: str, limit: int = 200) -> str:
    """The first sentence of a knowledge text, cut at a word boundary when too long."""
    text = (text or "").strip()
    m = re.search(r"(?<=[.!?])\s", text)
    first = text[:m.start()] if m else text
    return shorten(first, limit)


def shorten(text: str, limit: int) -> str:
    text = (text or "").strip()
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    cut = cut[:cut.rfind(" ")] if " " in cut else cut
    return cut.rstrip(",;:") + "…"


def bubble(lines: Sequence[str], limit: int = BUBBLE_MAX) -> str:
    """Lines joined into one bubble of at most `limit` characters: lines that don't fit are dropped
    from the end (the caller puts the essential first and offers the rest behind a button)."""
    out: List[str] = []
    size = 0
    for line in (l for l in lines if l):
        extra = len(line) + (1 if out else 0)
        if size + extra > limit:
            if not out:
                out.append(shorten(line, limit))
            break
        out.append(line)
        size += extra
    return "\n".join(out)


def button(title: str, intent: str, **entities: Any) -> Dict[str, str]:
    payload = f"/{intent}"
    entities = {k: v for k, v in entities.items() if v not in (None, "")}
    if entities:
        payload += json.dumps(entities, ensure_ascii=False)
    return {"title": title, "payload": payload}


def main_menu() -> List[Dict[str, str]]:
    return [
        button("Des idées de métiers", "ask_trade_ideas"),
        button("Les dispositifs pour moi", "check_eligibility"),
        button("Événements près de chez moi", "ask_events"),
        button("Parler à un conseiller", "ask_human"),
    ]


def numbered(items: Sequence[str]) -> List[str]:
    return [f"{i}. {item}" for i, item in enumerate(items, start=1)]


def said_back(parts: Sequence[str]) -> Optional[str]:
    """'C'est noté : 43 ans, Compiègne.' for what the person just told."""
    parts = [p for p in parts if p]
    if not parts:
        return None
    return f"C'est noté : {join_fr(parts)}."

"""Classify messages the NLU cannot help with (pure Python, shared by the NLU guard and the fallback).

Returns a reason code, or None for a normal message:
  empty      nothing but spaces
  emoji      only emoji / symbols / punctuation
  too_long   more than MAX_CHARS characters
  foreign    clearly another language (English, Spanish, German, Italian, Arabic script…)
  markup     HTML or script tags
  url        nothing but a web address
"""
from __future__ import annotations

import re
import unicodedata
from typing import Optional

MAX_CHARS = 1000
_WORD = re.compile(r"[a-zA-Zà-ÿÀ-ß']+")

_FR = set("""je tu il elle on nous vous ils elles le la les un une des de du et ou mais est suis es sont
ai as a avez avons pas ne que qui quoi quel quelle comment pour avec dans sur chez moi toi mon ma mes
ton ta tes votre vos notre ce cet cette ces ça ca bonjour salut merci oui non travail métier metier
veux voudrais peux faire aime habite ans bien très tres plus""".split())
_FOREIGN = {
    "en": set("""the is are am you what how can do does i my me want work job hello please where which
    who would could should will with from this that there have has about find looking for and of to in
    factory any an speak english""".split()),
    "es": set("""el los las es está estoy quiero trabajo hola gracias dónde donde como cómo por favor
    tengo soy una necesito buscar busco puedo trabajar empleo quiero""".split()),
    "de": set("""ich bin du ist und nicht ein eine arbeit wie was wo möchte bitte danke hallo habe""".split()),
    "it": set("""sono lavoro voglio ciao grazie dove come perché cerco della questo""".split()),
}


def _is_symbolic(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return cat[0] in ("S", "P", "Z", "C") or cat == "Mn" or ch.isspace()


def classify(text: Optional[str]) -> Optional[str]:
    if text is None or not text.strip():
        return "empty"
    stripped = text.strip()
    if len(stripped) > MAX_CHARS:
        return "too_long"
    if all(_is_symbolic(ch) for ch in stripped):
        return "emoji"
    if looks_like_markup(stripped):
        return "markup"
    if re.fullmatch(r"(?:https?://|www\.)\S+", stripped):
        return "url"
    letters = [ch for ch in stripped if ch.isalpha()]
    if letters:
        non_latin = sum(1 for ch in letters if not ("LATIN" in unicodedata.name(ch, "")))
        if non_latin / len(letters) > 0.6:
            return "foreign"
    words = [w.lower() for w in _WORD.findall(stripped)]
    if len(words) >= 3:
        fr = sum(1 for w in words if w in _FR)
        for vocab in _FOREIGN.values():
            hits = sum(1 for w in words if w in vocab)
            if hits >= 2 and hits / len(words) >= 0.4 and fr <= max(1, hits // 3):
                return "foreign"
    return None


def looks_like_markup(text: str) -> bool:
    return bool(re.search(r"<\s*/?\s*[a-zA-Z][^>]*>", text or ""))

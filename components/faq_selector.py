"""Frequent-question selector: which entry of knowledge/faq.yml a message is closest to, in seconds.

Rasa's ResponseSelector learnt the 183 entries (about 1,100 question variants) in ≈ 230 s of a 320 s
training on 2 cores (60 epochs of a neural network), for a ranking the actions only use as a second
opinion beside the knowledge search (actions/faq.py). This component learns the same ranking with a
multinomial logistic regression over TF-IDF features of the words, their lemmas and character n-grams,
plus the spaCy sentence vector, which trains in a few seconds and writes the parse data exactly as the
ResponseSelector does (`response_selector` → `faq` → `response` / `ranking`), so nothing downstream
changes: `intent_response_key` "faq/<id>", `utter_action` "utter_faq/<id>", a `confidence` in [0, 1].
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

import numpy as np
import scipy.sparse as sp

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import (RESPONSE_SELECTOR_PREDICTION_KEY, RESPONSE_SELECTOR_PROPERTY_NAME,
                                RESPONSE_SELECTOR_RANKING_KEY, RESPONSE_SELECTOR_RESPONSES_KEY,
                                RESPONSE_SELECTOR_RETRIEVAL_INTENTS, RESPONSE_SELECTOR_UTTER_ACTION_KEY,
                                SPACY_DOCS)
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, PREDICTED_CONFIDENCE_KEY, TEXT, TEXT_TOKENS
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from actions.kb.text import strip_accents

logger = logging.getLogger(__name__)

MODEL_FILE = "faq_selector.joblib"


def fold(text: str) -> str:
    """Lower case, no accents, apostrophes unified: 'Qu’est-ce' and 'qu'est ce' read alike."""
    return strip_accents((text or "").lower().replace("’", "'").replace("œ", "oe"))


def words_and_lemmas(message: Message) -> str:
    """The message's words followed by the spaCy lemmas that differ from them ('recrutent' → 'recruter')."""
    text = fold(message.get(TEXT) or "")
    words = set(text.split())
    lemmas = [fold(t.lemma) for t in (message.get(TEXT_TOKENS) or []) if t.lemma]
    extra = [lemma for lemma in lemmas if lemma and lemma not in words]
    return " ".join([text, *extra])


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class FaqSelector(GraphComponent):
    """Logistic regression over sparse TF-IDF and dense spaCy features, for one retrieval intent."""

    @staticmethod
    def required_components() -> List[type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "retrieval_intent": "faq",
            "C": 20.0,              # inverse regularisation of the logistic regression
            "dense_weight": 0.5,    # weight of the spaCy sentence vector beside the two TF-IDF blocks
            "char_ngrams": [2, 5],
            "ranking_length": 10,
            "random_seed": 42,
        }

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 model: Optional[Dict[str, Any]] = None) -> None:
        self.config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "FaqSelector":
        return cls(config, model_storage, resource)

    # --- features -----------------------------------------------------------------------------------
    @staticmethod
    def _vector(message: Message) -> Optional[np.ndarray]:
        doc = message.get(SPACY_DOCS[TEXT])
        return np.asarray(doc.vector, dtype=np.float32) if doc is not None and doc.has_vector else None

    def _dense(self, messages: List[Message]) -> np.ndarray:
        """The spaCy sentence vectors, unit length, weighted; zeros for a message without one (emoji, unknown
        words), always as wide as in training (a narrower block would not fit the classifier)."""
        size = self._model["dense_size"]
        dense = np.zeros((len(messages), size), dtype=np.float32)
        for i, m in enumerate(messages):
            v = self._vector(m)
            if v is not None and len(v) == size:
                norm = float(np.linalg.norm(v))
                dense[i] = v / norm if norm else v
        return dense * float(self.config["dense_weight"])

    def _features(self, messages: List[Message]):
        texts = [words_and_lemmas(m) for m in messages]
        words = self._model["words"].transform(texts)
        chars = self._model["chars"].transform(texts)
        return sp.hstack([words, chars, sp.csr_matrix(self._dense(messages))]).tocsr()

    # --- training -----------------------------------------------------------------------------------
    def train(self, training_data: TrainingData) -> Resource:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        intent = self.config["retrieval_intent"]
        examples = [m for m in training_data.intent_examples
                    if m.get(INTENT) == intent and m.get(INTENT_RESPONSE_KEY) and m.get(TEXT)]
        if not examples:
            logger.warning("FaqSelector: no example of the retrieval intent '%s', nothing learnt", intent)
            return self._resource
        texts = [words_and_lemmas(m) for m in examples]
        low, high = self.config["char_ngrams"]
        self._model = {
            "words": TfidfVectorizer(analyzer="word", token_pattern=r"(?u)\b\w+\b", ngram_range=(1, 2),
                                     sublinear_tf=True).fit(texts),
            "chars": TfidfVectorizer(analyzer="char_wb", ngram_range=(low, high), sublinear_tf=True).fit(texts),
            "dense_size": next((len(v) for v in map(self._vector, examples) if v is not None), 0),
        }
        labels = [m.get(INTENT_RESPONSE_KEY) for m in examples]
        classifier = LogisticRegression(C=float(self.config["C"]), max_iter=3000,
                                        random_state=int(self.config["random_seed"]))
        classifier.fit(self._features(examples), labels)
        self._model["classifier"] = classifier
        self._model["responses"] = {key: value for key, value in (training_data.responses or {}).items()
                                    if key.startswith(f"utter_{intent}/")}
        self._persist()
        logger.info("FaqSelector: %d entries learnt from %d questions", len(classifier.classes_), len(examples))
        return self._resource

    def _persist(self) -> None:
        import joblib

        with self._storage.write_to(self._resource) as directory:
            joblib.dump(self._model, directory / MODEL_FILE)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "FaqSelector":
        import joblib

        model = None
        try:
            with model_storage.read_from(resource) as directory:
                path = directory / MODEL_FILE
                if path.exists():
                    model = joblib.load(path)
        except ValueError:
            logger.warning("FaqSelector: no trained model found, the selector will stay silent")
        return cls(config, model_storage, resource, model)

    # --- inference ----------------------------------------------------------------------------------
    def process(self, messages: List[Message]) -> List[Message]:
        if not self._model or "classifier" not in self._model:
            return messages
        texts = [m for m in messages if (m.get(TEXT) or "").strip() and not (m.get(TEXT) or "").startswith("/")]
        if not texts:
            return messages
        classifier = self._model["classifier"]
        probabilities = classifier.predict_proba(self._features(texts))
        intent = self.config["retrieval_intent"]
        for message, row in zip(texts, probabilities):
            order = np.argsort(-row)[: int(self.config["ranking_length"])]
            key = str(classifier.classes_[order[0]])
            utter = "utter_" + key
            prediction = {
                RESPONSE_SELECTOR_PREDICTION_KEY: {
                    RESPONSE_SELECTOR_RESPONSES_KEY: self._model["responses"].get(utter) or [{TEXT: key}],
                    PREDICTED_CONFIDENCE_KEY: float(row[order[0]]),
                    INTENT_RESPONSE_KEY: key,
                    RESPONSE_SELECTOR_UTTER_ACTION_KEY: utter,
                },
                RESPONSE_SELECTOR_RANKING_KEY: [
                    {"id": int(i), PREDICTED_CONFIDENCE_KEY: float(row[i]),
                     INTENT_RESPONSE_KEY: str(classifier.classes_[i])} for i in order],
            }
            properties = message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {}
            properties[RESPONSE_SELECTOR_RETRIEVAL_INTENTS] = [intent]
            properties[intent] = prediction
            message.set(RESPONSE_SELECTOR_PROPERTY_NAME, properties, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

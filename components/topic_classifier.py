"""DIET for the conversation's intents, without the frequent-questions retrieval intent.

knowledge/faq.yml covers every theme (hours, pay, schemes, women, disability…), so as a DIET intent
`faq` absorbed questions of the other intents (ask_scheme → faq, ask_trade_pay → faq… on tests/nlu/).
Here DIET learns the other intents only; the ResponseSelector still learns faq/<id> and reports its
best entry on every message, and the actions decide when that entry is the better answer
(actions/faq.py): when they lack their own subject, and before any "je n'ai pas compris".
"""
from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.diet_classifier import DIETClassifier
from rasa.shared.nlu.constants import INTENT
from rasa.shared.nlu.training_data.training_data import TrainingData

RETRIEVAL_INTENT = "faq"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR],
    is_trainable=True,
)
class TopicDIETClassifier(DIETClassifier):
    def train(self, training_data: TrainingData) -> Resource:
        kept = [m for m in training_data.training_examples if m.get(INTENT) != RETRIEVAL_INTENT]
        filtered = TrainingData(training_examples=kept, entity_synonyms=training_data.entity_synonyms,
                                regex_features=training_data.regex_features, lookup_tables=training_data.lookup_tables,
                                responses=training_data.responses)
        return super().train(filtered)

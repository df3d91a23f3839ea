"""NLU component: the spaCy lemmas of each message, added to the parse data as `lemmas`.

SpacyNLP already lemmatised the message; the knowledge search (actions/kb/search.py) reads these
lemmas from the tracker instead of running spaCy a second time in the action server.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import TEXT, TEXT_TOKENS
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

LEMMAS = "lemmas"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class LemmaExporter(GraphComponent):
    @staticmethod
    def required_components() -> List[type]:
        return [Tokenizer]

    @classmethod
    def create(
        cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
        execution_context: ExecutionContext,
    ) -> "LemmaExporter":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            tokens = message.get(TEXT_TOKENS) or []
            if message.get(TEXT):
                lemmas = [t.lemma or t.text for t in tokens][:200]
                message.set(LEMMAS, lemmas, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

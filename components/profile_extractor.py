"""NLU component: deterministic entities (places, ages, situations, constraints, interests, trades,
schemes, references to a list, follow-up aspects) from the knowledge base.

The rules live in actions/kb/extract.py (pure Python, unit-tested); this component only runs them on
each message and merges their entities with those of the other extractors, so `rasa test nlu`
measures them and the dialogue actions read entities instead of re-parsing text.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from actions.kb.extract import get_extractor


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class ProfileExtractor(GraphComponent):
    @classmethod
    def create(
        cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
        execution_context: ExecutionContext,
    ) -> "ProfileExtractor":
        return cls()

    def __init__(self) -> None:
        self._extractor = get_extractor()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            found = [f.as_rasa(text) for f in self._extractor.extract(text)]
            if found:
                kept = [e for e in message.get(ENTITIES, []) if e.get("entity") not in {f["entity"] for f in found}]
                message.set(ENTITIES, kept + found, add_to_output=True)
        return messages

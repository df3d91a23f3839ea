"""NLU component: route empty, emoji-only, very long or foreign-language messages to the fallback, and
never read a question as small talk (goodbye, thanks, greeting).

The classifier would otherwise guess an intent for them. The fallback action
(actions/fallback.py) reads the same classification to answer each case in French.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from actions.context import PROFILE_ENTITIES, asks, requested_action
from actions.input_checks import classify

FALLBACK_INTENT = "nlu_fallback"
SMALL_TALK = {"goodbye", "thanks", "greet"}
CHAT = {"chitchat", "out_of_scope", "skip"}
# the intent of a request said in words (actions/context.py, requested_action)
REQUEST_INTENTS = {"action_suggest_metiers": "ask_trade_ideas", "action_recap": "ask_recap",
                   "action_verifier_eligibilite": "check_eligibility"}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class InputGuard(GraphComponent):
    @classmethod
    def create(
        cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
        execution_context: ExecutionContext,
    ) -> "InputGuard":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._no_small_talk_for_a_question(message)
            if classify(message.get(TEXT)) is None:
                continue
            message.set(INTENT, {"name": FALLBACK_INTENT, "confidence": 1.0}, add_to_output=True)
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != FALLBACK_INTENT]
            message.set(INTENT_RANKING_KEY, [{"name": FALLBACK_INTENT, "confidence": 1.0}] + ranking, add_to_output=True)
            message.set(ENTITIES, [], add_to_output=True)
        return messages

    @staticmethod
    def _no_small_talk_for_a_question(message: Message) -> None:
        """Small talk never takes a request or a question: "t'as des idées ?" read as chitchat, "et un truc
        plus créatif ?" read as a goodbye that ended the conversation (live turns, 2026-12-04). A request in
        words (actions/context.py, REQUESTS) gets its intent; another question of three words or more that
        was read as a goodbye, a thank-you or a greeting gets the best intent of the ranking that is not."""
        text = message.get(TEXT) or ""
        intent = (message.get(INTENT) or {}).get("name")
        if intent not in SMALL_TALK | CHAT or text.startswith("/"):
            return
        request = REQUEST_INTENTS.get(requested_action(text) or "")
        if request:
            message.set(INTENT, {"name": request, "confidence": 1.0}, add_to_output=True)
            return
        if intent in {"goodbye", "thanks"} and len(text.split()) >= 3 and \
                any(e.get("entity") in PROFILE_ENTITIES for e in message.get(ENTITIES) or []):
            # "jveux pas faire de nuit plus tard" read as a goodbye ("à plus tard", live turn 2026-12-04):
            # a message that tells something about the person is information
            message.set(INTENT, {"name": "inform", "confidence": 1.0}, add_to_output=True)
            return
        if intent not in SMALL_TALK or len(text.split()) < 3 or not asks(text):
            return
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") not in SMALL_TALK | {FALLBACK_INTENT}]
        if ranking:
            message.set(INTENT, dict(ranking[0]), add_to_output=True)

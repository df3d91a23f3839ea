"""Run a dialogue action on a hand-built tracker and read what it said (financial-demo style)."""
import asyncio
from typing import Any, Dict, List, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

DOMAIN: Dict[str, Any] = {}


def make_tracker(slots: Optional[Dict[str, Any]] = None, intent: str = "inform", entities: Optional[List[Dict]] = None,
                 text: str = "", events: Optional[List[Dict]] = None, sender: str = "test-user",
                 active_loop: Optional[str] = None) -> Tracker:
    entities = entities or []
    latest = {"intent": {"name": intent, "confidence": 1.0}, "entities": entities, "text": text}
    events = events if events is not None else [{"event": "user", "text": text, "parse_data": latest}]
    return Tracker(sender, dict(slots or {}), latest, events, False, None,
                   {"name": active_loop} if active_loop else {}, "action_listen")


def ent(entity: str, value: str) -> Dict[str, Any]:
    return {"entity": entity, "value": value, "start": 0, "end": len(value)}


def run_action(action, tracker: Tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    return dispatcher.messages, events


def all_text(messages) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def slot_events(events) -> Dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


@pytest.fixture
def run():
    return run_action

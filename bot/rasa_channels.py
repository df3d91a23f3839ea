"""Rasa input channels of Cap Industrie: Rasa's socket.io and REST channels, with a guard.

Named in credentials.yml (socket.io only: what the web page uses through bot/server.py) and in
credentials.dev.yml (socket.io + REST: tests, replays, `make run DEV=1`)::

    bot.rasa_channels.GuardedSocketIOInput:
      ...

The guard around each message:

* a custom action that fails (action server down or broken) or a turn that says nothing gets a
  French apology instead of silence; the profile is untouched (no event is written for the failed
  action, the slots already in the tracker store stay);
* a turn that takes longer than ``CAP_TURN_DEADLINE_S`` (default 3 s: an action server that hangs, a
  saturated machine) gets a French "un instant" at that deadline; the turn goes on, and on socket.io
  its answer follows when it comes (or the apology, if an action then fails). The REST channel (tests,
  replays, benchmarks: never the public) waits ``CAP_REST_TURN_DEADLINE_S`` (default 30 s) instead, so
  that a loaded test machine does not turn slow answers into "un instant";
* a message that is not text (a number, a list, an object: hostile or broken clients) is read as
  empty text, which the bot answers like any empty message; a sender id that is not a short string
  is refused.

The REST channel also answers malformed requests (invalid JSON, a list instead of an object, a missing
sender) with HTTP 400 and a short French message instead of Rasa's HTTP 500.
"""
from __future__ import annotations

import asyncio
import contextvars
import json
import logging
import os
import re
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint, response
from sanic.request import Request

log = logging.getLogger("cap_industrie.channel")

APOLOGY = ("Désolé, je rencontre un problème technique et je ne peux pas vous répondre correctement "
           "pour le moment. Votre profil est conservé : réessayez dans un instant.")
SLOW = "Je mets plus de temps que d'habitude à vous répondre : un instant, s'il vous plaît."
SENDER_ID = re.compile(r"^[A-Za-z0-9_.:@-]{1,128}$")
MAX_TEXT = 20_000  # longer texts are cut here; actions/input_checks.py answers "too long" well below
MAX_BODY = 256 * 1024


def turn_deadline(name: str = "CAP_TURN_DEADLINE_S", default: float = 3.0) -> float:
    try:
        return max(0.5, float(os.environ.get(name) or default))
    except ValueError:
        return default


# -- failed actions of the current turn ----------------------------------------------------------------
# Rasa's processor catches the exception of a custom action that cannot run and logs it
# ("Encountered an exception while running action …"); the turn goes on without its events. The log
# record is emitted inside the task of the turn, so a context variable tells which turn it was.
_TURN: contextvars.ContextVar[Optional[Dict[str, Any]]] = contextvars.ContextVar("cap_turn", default=None)


class _FailedActionWatcher(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        turn = _TURN.get()
        if turn is not None and record.levelno >= logging.ERROR:
            turn["failed"] = True


_WATCHER = _FailedActionWatcher()
for _name in ("rasa.core.processor", "rasa.core.actions.action"):
    logging.getLogger(_name).addHandler(_WATCHER)


class _CountingOutput:
    """Wraps the output channel of a turn: counts what the bot sent."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.sent = 0

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if name.startswith("send_") and callable(attr):
            async def counted(*args: Any, **kwargs: Any) -> Any:
                self.sent += 1
                return await attr(*args, **kwargs)
            return counted
        return attr


def _clean(message: UserMessage) -> bool:
    """Normalise a message in place; False when it must be dropped (unusable sender)."""
    if not isinstance(message.sender_id, str) or not SENDER_ID.match(message.sender_id):
        log.warning("message ignoré : identifiant de conversation invalide")
        return False
    if not isinstance(message.text, str):
        message.text = ""
    elif len(message.text) > MAX_TEXT:
        message.text = message.text[:MAX_TEXT]
    if not isinstance(message.metadata, dict):
        message.metadata = {}
    return True


def guarded(on_new_message: Callable[[UserMessage], Awaitable[Any]],
            deadline: Optional[float] = None) -> Callable[[UserMessage], Awaitable[None]]:
    """on_new_message with the guard described in the module docstring."""

    async def handle(message: UserMessage) -> None:
        if not _clean(message):
            return
        out = message.output_channel
        counting = _CountingOutput(out)
        message.output_channel = counting  # type: ignore[assignment]
        turn: Dict[str, Any] = {"failed": False}

        async def run() -> None:
            _TURN.set(turn)
            try:
                await on_new_message(message)
            except Exception:  # never a traceback to the person; the log keeps it
                log.exception("échec du traitement d'un message")
                turn["failed"] = True

        limit = deadline or turn_deadline()
        task = asyncio.ensure_future(run())  # not cancelled at the deadline: the turn may still finish
        done, _ = await asyncio.wait({task}, timeout=limit)
        if not done:
            log.warning("tour plus long que %.1f s : « un instant » envoyé, le tour continue", limit)
            await _say(out, message.sender_id, SLOW)
            task.add_done_callback(lambda _t: asyncio.ensure_future(_after(turn, counting, out, message.sender_id)))
            return
        await _after(turn, counting, out, message.sender_id)

    return handle


async def _after(turn: Dict[str, Any], counting: "_CountingOutput", out: Any, recipient: Text) -> None:
    if turn["failed"] or counting.sent == 0:
        if turn["failed"]:
            log.error("une action n'a pas pu s'exécuter : excuses envoyées")
        await _say(out, recipient, APOLOGY)


async def _say(out: Any, recipient: Text, text: Text) -> None:
    try:
        await out.send_text_message(recipient, text)
    except Exception:
        log.exception("impossible d'envoyer le message d'excuses")


# -- channels ----------------------------------------------------------------------------------------
class GuardedSocketIOInput(SocketIOInput):
    """Rasa's socket.io channel (same events, same /socket.io path) with the guard."""

    @classmethod
    def name(cls) -> Text:
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return super().blueprint(guarded(on_new_message))


class GuardedRestInput(RestInput):
    """Rasa's REST channel (POST /webhooks/rest/webhook) with the guard and 400 on malformed input."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        handle = guarded(on_new_message, deadline=turn_deadline("CAP_REST_TURN_DEADLINE_S", 30.0))
        bp = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @bp.route("/", methods=["GET"])
        async def health(_: Request):
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request):
            if len(request.body or b"") > MAX_BODY:
                return _bad(413, "Requête trop volumineuse.")
            try:
                body = request.json
            except Exception:
                return _bad(400, "Requête invalide : le corps doit être un objet JSON.")
            if not isinstance(body, dict):
                return _bad(400, "Requête invalide : le corps doit être un objet JSON.")
            sender = body.get("sender")
            if not isinstance(sender, str) or not SENDER_ID.match(sender):
                return _bad(400, "Requête invalide : « sender » doit être un identifiant court "
                                 "(lettres, chiffres, _ . : @ -).")
            text = body.get("message")
            metadata = body.get("metadata")
            collector = CollectingOutputChannel()
            await handle(UserMessage(text if isinstance(text, str) else "", collector, sender,
                                     input_channel=self.name(),
                                     metadata=metadata if isinstance(metadata, dict) else None))
            return response.json(collector.messages)

        return bp


def _bad(status: int, message: str):
    return response.json({"erreur": message, "statut": status}, status=status,
                         dumps=lambda o: json.dumps(o, ensure_ascii=False))

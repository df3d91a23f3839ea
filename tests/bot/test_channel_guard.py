"""The guard of the Rasa channels (bot/rasa_channels.py), on stand-in turns: a failed action, a silent
turn or a turn past the deadline gets the French apology; broken messages never reach Rasa as such."""
import asyncio
import logging
import time

from bot.rasa_channels import APOLOGY, SLOW, guarded


class Out:
    def __init__(self):
        self.sent = []

    def name(self):
        return "test"

    async def send_text_message(self, recipient, text, **kwargs):
        self.sent.append(text)

    async def send_response(self, recipient, message):
        self.sent.append(message.get("text"))


class Msg:
    def __init__(self, text="bonjour", sender="abc123", metadata=None):
        self.text, self.sender_id, self.metadata = text, sender, metadata
        self.output_channel = Out()


def _run(turn, msg, deadline=1.0):
    out = msg.output_channel
    start = time.monotonic()
    asyncio.run(guarded(turn, deadline=deadline)(msg))
    return out.sent, time.monotonic() - start


def test_a_normal_turn_is_untouched():
    async def turn(m):
        await m.output_channel.send_response(m.sender_id, {"text": "Bonjour !"})
    assert _run(turn, Msg())[0] == ["Bonjour !"]


def test_a_failed_custom_action_gets_the_apology():
    async def turn(m):  # what Rasa's processor does when the action server cannot be reached
        logging.getLogger("rasa.core.processor").error("Encountered an exception while running action 'x'")
    sent, _ = _run(turn, Msg())
    assert sent == [APOLOGY] and "Désolé" in APOLOGY and "profil est conservé" in APOLOGY


def test_a_failure_in_another_turn_does_not_leak_into_this_one():
    async def failing(m):
        logging.getLogger("rasa.core.processor").error("boom")

    async def fine(m):
        await asyncio.sleep(0.05)
        await m.output_channel.send_response(m.sender_id, {"text": "ok"})

    async def both():
        a, b = Msg(sender="a1"), Msg(sender="b2")
        out_a, out_b = a.output_channel, b.output_channel
        await asyncio.gather(guarded(failing)(a), guarded(fine)(b))
        return out_a.sent, out_b.sent
    assert asyncio.run(both()) == ([APOLOGY], ["ok"])


def test_a_silent_turn_or_an_exception_gets_the_apology():
    async def silent(m):
        return None

    async def crash(m):
        raise RuntimeError("boom")
    assert _run(silent, Msg())[0] == [APOLOGY]
    assert _run(crash, Msg())[0] == [APOLOGY]


def test_a_slow_turn_says_a_moment_at_the_deadline_then_its_answer():
    async def slow(m):
        await asyncio.sleep(1.0)
        await m.output_channel.send_response(m.sender_id, {"text": "la réponse"})

    async def go():
        msg = Msg()
        out = msg.output_channel
        start = time.monotonic()
        await guarded(slow, deadline=0.3)(msg)
        at_deadline = (list(out.sent), time.monotonic() - start)
        await asyncio.sleep(1.2)  # the turn goes on (socket.io: its answer reaches the page)
        return at_deadline, out.sent
    (first, took), later = asyncio.run(go())
    assert first == [SLOW] and took < 0.8 and "un instant" in SLOW
    assert later == [SLOW, "la réponse"]


def test_a_hung_turn_whose_action_then_fails_ends_with_the_apology():
    async def hung(m):
        await asyncio.sleep(0.6)
        logging.getLogger("rasa.core.processor").error("Encountered an exception while running action 'x'")

    async def go():
        msg = Msg()
        out = msg.output_channel
        await guarded(hung, deadline=0.2)(msg)
        await asyncio.sleep(0.8)
        return out.sent
    assert asyncio.run(go()) == [SLOW, APOLOGY]


def test_broken_messages_are_normalised_or_dropped():
    seen = []

    async def turn(m):
        seen.append((m.text, m.metadata))
        await m.output_channel.send_response(m.sender_id, {"text": "ok"})
    _run(turn, Msg(text=12345, metadata="pas un objet"))
    _run(turn, Msg(text="x" * 50_000))
    assert seen[0] == ("", {}) and len(seen[1][0]) == 20_000
    for sender in (None, 42, "", "a" * 500, "<script>", "../../etc"):
        assert _run(turn, Msg(sender=sender))[0] == [], sender
    assert len(seen) == 2


def test_deadlines_socketio_3s_rest_30s(monkeypatch):
    from bot.rasa_channels import turn_deadline

    monkeypatch.delenv("CAP_TURN_DEADLINE_S", raising=False)
    monkeypatch.delenv("CAP_REST_TURN_DEADLINE_S", raising=False)
    assert turn_deadline() == 3.0
    assert turn_deadline("CAP_REST_TURN_DEADLINE_S", 30.0) == 30.0
    monkeypatch.setenv("CAP_TURN_DEADLINE_S", "pas un nombre")
    assert turn_deadline() == 3.0
    monkeypatch.setenv("CAP_TURN_DEADLINE_S", "0")
    assert turn_deadline() == 0.5

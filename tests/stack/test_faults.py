"""Faults on the stack `make run` starts: the supervisor restarts what dies; the conversation goes on."""
import os
import signal
import time

from bot.rasa_channels import APOLOGY, SLOW
from tests.stack.conftest import ROOT, Chat, run


def _log(name):
    return (ROOT / "logs" / f"{name}.log").read_text(encoding="utf-8", errors="replace")


def test_action_server_down_apology_within_3s_then_recovery(stack):
    pid = stack.pid("actions")

    async def go():
        chat = await Chat(stack).open()
        await chat.say("j'ai 19 ans, j'habite à Lille")
        os.kill(pid, signal.SIGKILL)
        time.sleep(0.3)
        down, delay = await chat.say("quels métiers pour moi ?", timeout=5)
        # back after the supervisor's backoff
        waited = stack.wait_up(f"{stack.action_url}/health", 60)
        up, _ = await chat.say("quels métiers pour moi ?", timeout=15)
        await chat.close()
        return chat.session_id, down, delay, waited, up
    sender, down, delay, waited, up = run(go())
    print(f"\n[pannes] serveur d'actions tué : excuses en {delay:.2f} s, de retour en {waited:.1f} s")
    assert APOLOGY in down and delay < 3.0, (down, delay)
    assert stack.pid("actions") != pid
    assert "actions s'est arrêté (code -9)" in _log("actions")
    assert up and APOLOGY not in up, up
    assert stack.slots(sender).get("age") == "19" and stack.slots(sender).get("lieu"), "profile intact"


def test_action_server_hung_un_instant_then_apology_then_recovery(stack):
    """A hung action server (SIGSTOP) is given up after ACTION_TIMEOUT_S (6 s here, 20 s by default),
    not Rasa's 300 s: "un instant" at 3 s, then the apology; once it runs again, the next turn is answered."""
    stack.wait_up(f"{stack.action_url}/health", 60)
    pid = stack.pid("actions")

    async def go():
        chat = await Chat(stack).open()
        await chat.say("j'ai 24 ans, j'habite à Amiens")
        os.kill(pid, signal.SIGSTOP)
        try:
            start = time.monotonic()
            hung, first = await chat.say("quels métiers pour moi ?", timeout=5, quiet=12,
                                         until=lambda text: text == APOLOGY)
            total = time.monotonic() - start
        finally:
            os.kill(pid, signal.SIGCONT)
        up, _ = await chat.say("quels métiers pour moi ?", timeout=15)
        await chat.close()
        return chat.session_id, hung, first, total, up
    sender, hung, first, total, up = run(go())
    print(f"\n[pannes] serveur d'actions figé : « un instant » en {first:.1f} s, excuses en {total:.1f} s (ACTION_TIMEOUT_S=6)")
    assert hung and hung[0] == SLOW and first < 3.5, (hung, first)
    assert APOLOGY in hung, hung
    assert up and APOLOGY not in up and SLOW not in up, up
    assert stack.slots(sender).get("age") == "24", "profile intact"


def test_rasa_killed_mid_conversation_restarts_with_the_slots(stack):
    pid = stack.pid("rasa")

    async def before():
        chat = await Chat(stack).open()
        await chat.say("bonjour, j'ai 43 ans et j'habite à Compiègne")
        await chat.close()
        return chat.session_id
    sender = run(before())
    assert stack.slots(sender).get("age") == "43"
    os.kill(pid, signal.SIGKILL)
    waited = stack.wait_up(f"{stack.rasa_url}/", 300)

    async def after():
        chat = await Chat(stack, session_id=sender).open()  # the page reconnects with its stored id
        texts, _ = await chat.say("quels métiers pour moi ?", timeout=20)
        await chat.close()
        return chat.session_id, texts
    same, texts = run(after())
    print(f"\n[pannes] Rasa tué : de retour en {waited:.0f} s, conversation reprise avec ses créneaux")
    assert same == sender
    assert stack.pid("rasa") != pid
    assert "rasa s'est arrêté (code -9)" in _log("rasa")
    assert texts and APOLOGY not in texts
    slots = stack.slots(sender)
    assert slots.get("age") == "43" and slots.get("lieu"), slots

"""Retention on the running stack: once the purge has removed a conversation, coming back with its session
id (the same browser, a shared computer) opens an empty profile."""
import time

from scripts import purge
from tests.stack.conftest import Chat, run


def test_after_the_retention_window_the_profile_is_gone(stack):
    async def first():
        chat = await Chat(stack).open()
        await chat.say("j'ai 22 ans et j'habite à Roubaix")
        await chat.close()
        return chat.session_id
    sender = run(first())
    assert stack.slots(sender).get("age") == "22"
    env = {"RETENTION_DAYS": "30", "TRACKER_DB": str(stack.tracker_db),
           "HANDOFF_DB": str(stack.tracker_db.parent / "handoff.db")}
    assert purge.purge_all(env, now=time.time() + 29 * 86400)["conversations"] == 0, "still inside the window"
    assert stack.slots(sender).get("age") == "22"
    report = purge.purge_all(env, now=time.time() + 31 * 86400)
    assert report["conversations"] >= 1

    async def again():
        chat = await Chat(stack, session_id=sender).open()
        texts, _ = await chat.say("vous vous souvenez de mon âge ?")
        await chat.close()
        return texts
    texts = run(again())
    assert texts and "22" not in " ".join(texts) and "Roubaix" not in " ".join(texts)
    assert not stack.slots(sender).get("age") and not stack.slots(sender).get("lieu")

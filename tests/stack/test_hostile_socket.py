"""Hostile input through the page's own way in (socket.io via the web server), property-based: every
message gets an answer, none shows a traceback; broken frames do not take the server down."""
import asyncio

import aiohttp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile import hostile_text
from tests.stack.conftest import Chat, LoopThread, http, run

TRIED = {"n": 0}


CHATS = 4   # people writing at once: 60 messages in 15 rounds


def test_any_text_gets_an_answer_without_traceback(stack):
    loop = LoopThread()

    async def open_all():
        return [await Chat(stack).open() for _ in range(CHATS)]

    async def say_all(chats, texts):
        return await asyncio.gather(*(chat.say(text, timeout=10, quiet=0.5) for chat, text in zip(chats, texts)))

    async def close_all(chats):
        await asyncio.gather(*(chat.close() for chat in chats))

    chats = loop.run(open_all())
    try:
        @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
        @given(texts=st.lists(hostile_text, min_size=CHATS, max_size=CHATS))
        def check(texts):
            TRIED["n"] += len(texts)
            for text, (replies, delay) in zip(texts, loop.run(say_all(chats, texts))):
                assert replies, f"no answer to {text[:80]!r}"
                joined = "\n".join(replies)
                assert "Traceback" not in joined and "Exception" not in joined
        check()
    finally:
        loop.run(close_all(chats))
        loop.close()
    print(f"\n[hypothesis] socket.io : {TRIED['n']} messages essayés par {CHATS} personnes à la fois, 0 échec")


def test_broken_frames_and_events_leave_the_server_up(stack):
    async def go():
        async with aiohttp.ClientSession() as s:
            for frame in ("42garbage", "42[\"user_uttered\",12]", "42[\"user_uttered\",{\"message\":{\"a\":1},"
                          "\"session_id\":\"abc\"}]", "42[\"session_request\",[1,2,3]]", "4" + "x" * 60_000,
                          "42[" + "[" * 5000 + "]" * 5000 + "]"):
                try:
                    async with s.ws_connect(f"{stack.web_url}/socket.io/?EIO=4&transport=websocket",
                                            headers={"Origin": stack.web_url}) as ws:
                        await ws.receive(timeout=5)
                        await ws.send_str("40")
                        await ws.send_str(frame)
                        await asyncio.sleep(0.3)
                except (aiohttp.ClientError, asyncio.TimeoutError):
                    pass
        chat = await Chat(stack).open()
        texts, _ = await chat.say("bonjour")
        await chat.close()
        return texts
    assert run(go()), "the bot still answers after broken frames"
    assert http("GET", f"{stack.web_url}/sante")[0] == 200
    assert http("GET", f"{stack.rasa_url}/")[0] == 200

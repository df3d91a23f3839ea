"""Hostile input through the page's own way in (socket.io via the web server), property-based: every
message gets an answer, none shows a traceback; broken frames do not take the server down."""
import asyncio

import aiohttp
from hypothesis import HealthCheck, given, settings

from tests.hostile import hostile_text
from tests.stack.conftest import Chat, http, run

TRIED = {"n": 0}


def test_any_text_gets_an_answer_without_traceback(stack):
    loop = asyncio.new_event_loop()
    chat = loop.run_until_complete(Chat(stack).open())
    try:
        @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
        @given(text=hostile_text)
        def check(text):
            TRIED["n"] += 1
            texts, delay = loop.run_until_complete(chat.say(text, timeout=10, quiet=0.5))
            assert texts, f"no answer to {text[:80]!r}"
            joined = "\n".join(texts)
            assert "Traceback" not in joined and "Exception" not in joined
        check()
    finally:
        loop.run_until_complete(chat.close())
        loop.close()
    print(f"\n[hypothesis] socket.io : {TRIED['n']} messages essayés, 0 échec")


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

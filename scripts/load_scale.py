"""Load on one or two Rasa instances sharing a PostgreSQL tracker store and a Redis lock store; counts
what the tracker store kept (scripts/test_scale.sh starts everything).

    python scripts/load_scale.py --urls http://127.0.0.1:5707,http://127.0.0.1:5708 --users 20 --seconds 60 \
        --pg postgresql://cap@127.0.0.1:5732/rasa --label "deux instances"

Each of the USERS conversations sends numbered messages one after the other for SECONDS seconds,
THINK seconds after each reply (default 3), message k going to instance k % len(urls) (the worst case for locking: every turn of a conversation
changes instance). One more conversation sends its messages two at a time, one to each instance at once
(a double click). Then, from the events table: a message is *lost* if its user event is missing, *doubled*
if it is there twice, *reordered* if the user events of a sequential conversation are not in the order
sent; a turn is *interleaved* if another user event comes between a user event and the bot's answer to it.
With --web URL the users chat as the page does instead: socket.io through the web server (bot/server.py),
which proxies each conversation to one Rasa instance chosen from its conversation number (`r`, from
POST /api/numero): sticky routing, so that two turns of one conversation never run on two instances at
once (RasaHQ/rasa#9213). The double-click conversation then sends two messages at once on its socket.
Appends a line to results/scale.md and exits non-zero on any loss, doubling, reordering or interleaving.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Dict, List

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ["merci", "c'est quoi une immersion ?", "au revoir", "combien gagne un soudeur ?"]
# the guard's apology, or its "un instant" at 3 s (bot/rasa_channels.py)
APOLOGY = ("problème technique", "un instant")


async def send(session, url, sender, text, latencies, errors):
    start = time.perf_counter()
    try:
        async with session.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}) as resp:
            body = await resp.json(content_type=None)
            if resp.status != 200 or not body:
                errors.append(resp.status)
            elif any(a in (m.get("text") or "") for m in body for a in APOLOGY):
                errors.append("excuses")
    except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
        errors.append(exc.__class__.__name__)
    latencies.append(time.perf_counter() - start)


async def talk(sender, say, deadline, sent, think):
    """One sequential conversation: numbered messages until the deadline, `think` s after each reply;
    say(k, text) sends message k and waits for its reply."""
    k = 0
    await asyncio.sleep(think * (hash(sender) % 100) / 100)  # the users do not all type at the same instant
    while time.monotonic() < deadline:
        text = f"{TEXTS[k % len(TEXTS)]} #{k}"
        sent.setdefault(sender, []).append(text)
        await say(k, text)
        k += 1
        await asyncio.sleep(think)


async def user(session, urls, sender, deadline, sent, latencies, errors, think):
    await talk(sender, lambda k, text: send(session, urls[k % len(urls)], sender, text, latencies, errors),
               deadline, sent, think)


async def double_clicker(session, urls, sender, deadline, sent, latencies, errors):
    k = 0
    while time.monotonic() < deadline:
        pair = [f"merci #{k}", f"merci #{k + 1}"]
        sent.setdefault(sender, []).extend(pair)
        await asyncio.gather(*(send(session, urls[i % len(urls)], sender, t, latencies, errors)
                               for i, t in enumerate(pair)))
        k += 2


class PageUser:
    """One person on the page: socket.io through the web server, routed by the conversation number."""

    def __init__(self, web: str, http) -> None:
        import socketio

        self.web, self.http = web, http
        self.session_id = uuid.uuid4().hex
        self.sio = socketio.AsyncClient(reconnection=False)
        self.replies: asyncio.Queue = asyncio.Queue()
        self.sio.on("bot_uttered", self.replies.put)
        self.confirmed = asyncio.Event()
        self.sio.on("session_confirm", lambda _data: self.confirmed.set())

    async def open(self) -> None:
        async with self.http.post(f"{self.web}/api/numero", json={"session_id": self.session_id}) as resp:
            number = (await resp.json())["numero"]
        await self.sio.connect(f"{self.web}?r={number}", socketio_path="/socket.io", transports=["websocket"],
                               headers={"Origin": self.web}, wait_timeout=20)
        await self.sio.emit("session_request", {"session_id": self.session_id})
        await asyncio.wait_for(self.confirmed.wait(), 20)

    async def say(self, text: str, latencies, errors, timeout: float = 60) -> None:
        while not self.replies.empty():
            self.replies.get_nowait()
        start = time.perf_counter()
        await self.sio.emit("user_uttered", {"message": text, "session_id": self.session_id})
        try:
            first = await asyncio.wait_for(self.replies.get(), timeout)
            if any(a in ((first or {}).get("text") or "") for a in APOLOGY):
                errors.append("excuses")
        except asyncio.TimeoutError:
            errors.append("sans réponse")
        latencies.append(time.perf_counter() - start)


async def page_user(web, http, deadline, sent, latencies, errors, think, senders):
    person = PageUser(web, http)
    senders.append(person.session_id)
    try:
        await person.open()
    except Exception as exc:  # noqa: BLE001 - counted, and the run goes on with the others
        errors.append(f"connexion : {exc.__class__.__name__}")
        return
    try:
        await talk(person.session_id, lambda k, text: person.say(text, latencies, errors), deadline, sent, think)
    finally:
        await person.sio.disconnect()


async def page_double_clicker(web, http, deadline, sent, latencies, errors):
    person = PageUser(web, http)
    await person.open()
    k = 0
    try:
        while time.monotonic() < deadline:
            pair = [f"merci #{k}", f"merci #{k + 1}"]
            sent.setdefault(person.session_id, []).extend(pair)
            start = time.perf_counter()
            for t in pair:
                await person.sio.emit("user_uttered", {"message": t, "session_id": person.session_id})
            for _ in pair:   # one answer each
                try:
                    await asyncio.wait_for(person.replies.get(), 60)
                except asyncio.TimeoutError:
                    errors.append("sans réponse")
            latencies.append(time.perf_counter() - start)
            k += 2
            await asyncio.sleep(0.5)
    finally:
        await person.sio.disconnect()


def stored_events(pg: str, senders: List[str]) -> Dict[str, List[dict]]:
    import psycopg2

    con = psycopg2.connect(pg)
    try:
        cur = con.cursor()
        cur.execute("SELECT sender_id, type_name, data FROM events WHERE sender_id = ANY(%s) ORDER BY id", (senders,))
        out: Dict[str, List[dict]] = {s: [] for s in senders}
        for sender, type_name, data in cur.fetchall():
            out[sender].append({"type": type_name, **json.loads(data)})
        return out
    finally:
        con.close()


def check(sent: Dict[str, List[str]], events: Dict[str, List[dict]], sequential: List[str]) -> dict:
    lost = doubled = reordered = interleaved = 0
    for sender, texts in sent.items():
        users = [e.get("text") for e in events[sender] if e["type"] == "user"]
        for t in texts:
            n = users.count(t)
            lost += n == 0
            doubled += max(0, n - 1)
        # the messages that were stored must be in the order sent (a missing one is counted as lost)
        kept = [u for u in users if u in texts]
        if sender in sequential and kept != [t for t in texts if t in kept]:
            reordered += 1
        # a turn ends with action_listen: two user events without one between them = two turns at once
        kinds = ["listen" if e["type"] == "action" and e.get("name") == "action_listen" else e["type"]
                 for e in events[sender] if e["type"] == "user" or e["type"] == "action"]
        kinds = [k for k in kinds if k in ("user", "listen")]
        interleaved += sum(1 for a, b in zip(kinds, kinds[1:]) if a == b == "user")
    return {"lost": lost, "doubled": doubled, "reordered": reordered, "interleaved": interleaved}


async def main_async(args) -> int:
    urls = [u.rstrip("/") for u in args.urls.split(",")]
    run_id = uuid.uuid4().hex[:6]
    sent: Dict[str, List[str]] = {}
    latencies: List[float] = []
    errors: list = []
    deadline = time.monotonic() + args.seconds
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        if args.web:
            senders: List[str] = []
            tasks = [page_user(args.web.rstrip("/"), session, deadline, sent, latencies, errors, args.think, senders)
                     for _ in range(args.users)]
            if len(urls) > 1 or args.double:
                tasks.append(page_double_clicker(args.web.rstrip("/"), session, deadline, sent, latencies, errors))
        else:
            senders = [f"scale-{run_id}-{i:02d}" for i in range(args.users)]
            clicker = f"scale-{run_id}-double"
            tasks = [user(session, urls, s, deadline, sent, latencies, errors, args.think) for s in senders]
            if len(urls) > 1 or args.double:
                tasks.append(double_clicker(session, urls, clicker, deadline, sent, latencies, errors))
        await asyncio.gather(*tasks)
    # a turn answered with the apology at the deadline goes on in Rasa: wait until the backlog is written
    total = sum(len(v) for v in sent.values())
    drain_start, last, last_change = time.monotonic(), -1, time.monotonic()
    while time.monotonic() - drain_start < args.drain:
        events = stored_events(args.pg, list(sent))
        n = sum(1 for evs in events.values() for e in evs if e["type"] == "user")
        if n >= total:
            break
        if n != last:
            last, last_change = n, time.monotonic()
        elif time.monotonic() - last_change > 20:
            break
        await asyncio.sleep(2)
    drained = time.monotonic() - drain_start
    events = stored_events(args.pg, list(sent))
    result = check(sent, events, senders)
    apologies = errors.count("excuses")
    lat = sorted(latencies)
    p50 = statistics.median(lat) * 1000 if lat else 0
    p95 = lat[int(0.95 * (len(lat) - 1))] * 1000 if lat else 0
    line = (f"| {time.strftime('%Y-%m-%d %H:%M')} | {args.label}, {args.think:g} s entre réponse et message | {len(urls)} | "
            f"{args.users}+{len(sent) - args.users} | "
            f"{args.seconds} s | {total} | {result['lost']} | {result['doubled']} | {result['reordered']} | "
            f"{result['interleaved']} | {len(errors) - apologies} | {apologies} | {total / args.seconds:.1f} | {p50:.0f} / {p95:.0f} ms |")
    out = ROOT / "results" / "scale.md"
    out.parent.mkdir(exist_ok=True)
    if not out.exists():
        out.write_text("| date | essai | instances Rasa | conversations | durée | messages envoyés | perdus | doublés | "
                       "désordre | tours entremêlés | erreurs HTTP | excuses ou « un instant » (tour > 3 s) | messages/s | latence p50 / p95 |\n"
                       "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n", encoding="utf-8")
    with out.open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")
    print(f"[scale] {args.label} : {total} messages envoyés, perdus {result['lost']}, doublés {result['doubled']}, "
          f"désordre {result['reordered']}, tours entremêlés {result['interleaved']}, erreurs {len(errors) - apologies}, "
          f"excuses {apologies}, fin d'écriture {drained:.0f} s après la charge, "
          f"{total / args.seconds:.1f} msg/s, p50 {p50:.0f} ms, p95 {p95:.0f} ms")
    bad = result["lost"] or result["doubled"] or result["reordered"] or result["interleaved"]
    return 1 if bad else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--urls", required=True)
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--pg", required=True)
    ap.add_argument("--label", default="")
    ap.add_argument("--think", type=float, default=3.0, help="seconds a user waits between a reply and the next message")
    ap.add_argument("--drain", type=int, default=180, help="seconds to wait for turns still running after the load")
    ap.add_argument("--double", action="store_true", help="also the double-click conversation with one instance")
    ap.add_argument("--web", default="", help="chat through this web server's /socket.io (bot/server.py, which "
                    "routes each conversation to one of --urls) instead of each instance's REST channel")
    args = ap.parse_args()
    if not (1 <= args.users <= 50 and 5 <= args.seconds <= 300):
        ap.error("bounded load: 1-50 users, 5-300 seconds")
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())

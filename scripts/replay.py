"""Replay test conversations (tests/conversations/*.yml) against a running bot and diff each turn.

    python scripts/replay.py [FILE_OR_DIR ...] [--url http://127.0.0.1:5005] [--tracker-db .data/x.db]
                             [--report results/replay.md] [--min-pass 1.0]

Each user turn is sent to the REST channel; the bot's bubbles (text and button titles) are checked
against the turn's `expect` (action, any, all, none). The actions that ran are read from the SQLite
tracker store (--tracker-db), so `action:` can be checked without Rasa's HTTP API. Every turn is also
checked for: a non-empty reply, no "je n'ai pas compris" (unless `allow_fallback: true`), no bubble
longer than BUBBLE_LIMIT characters, and never the same question asked twice in a row.

Exit code: 0 when the share of passing turns is at least --min-pass (default 1.0: any mismatch fails)
and no question was repeated; 1 otherwise; 2 when the bot cannot be reached.
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
import unicodedata
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import yaml

BUBBLE_LIMIT = 500
NOT_UNDERSTOOD = ("je n'ai pas bien compris", "je ne suis toujours pas sur de comprendre", "je n'ai pas bien saisi")
IGNORED_ACTIONS = {"action_listen", "action_extract_slots", "action_validate_slot_mappings", "action_session_start"}


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text).lower().replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c))


@dataclass
class TurnResult:
    conversation: str
    index: int
    user: str
    reply: str
    actions: List[str]
    problems: List[str] = field(default_factory=list)
    useless: bool = False
    repeated_question: bool = False
    expected: str = ""

    @property
    def got(self) -> str:
        """What the bot did, in the terms of `expected`: the actions that ran and the start of the reply."""
        reply = " ".join(self.reply.split())
        actions = ", ".join(self.actions) or "(actions inconnues)"
        return f"{actions} : « {reply[:160]}{'…' if len(reply) > 160 else ''} »" if reply else f"{actions} : (réponse vide)"

    @property
    def ok(self) -> bool:
        return not self.problems


def post(url: str, sender: str, message: str, timeout: float = 30.0) -> List[Dict[str, Any]]:
    body = json.dumps({"sender": sender, "message": message}).encode("utf-8")
    req = urllib.request.Request(f"{url.rstrip('/')}/webhooks/rest/webhook", data=body,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return json.loads(resp.read().decode("utf-8") or "[]")


def turn_actions(db: Optional[str], sender: str) -> List[str]:
    """Actions (and response names) of the latest turn of `sender`, from the SQL tracker store."""
    if not db:
        return []
    for _ in range(5):
        try:
            con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
            rows = con.execute("SELECT type_name, action_name, data FROM events WHERE sender_id = ? ORDER BY id",
                               (sender,)).fetchall()
            con.close()
            break
        except sqlite3.OperationalError:
            time.sleep(0.2)
    else:
        return []
    out: List[str] = []
    for type_name, action_name, data in reversed(rows):
        if type_name == "user":
            break
        if type_name == "action" and action_name and action_name not in IGNORED_ACTIONS:
            out.append(action_name)
        elif type_name == "bot":
            try:
                utter = (json.loads(data).get("metadata") or {}).get("utter_action")
            except (ValueError, AttributeError):
                utter = None
            if utter:
                out.append(utter)
    return list(reversed(out))


def bubbles_text(messages: Sequence[Dict[str, Any]]) -> str:
    parts = []
    for m in messages:
        if m.get("text"):
            parts.append(m["text"])
        parts += [b.get("title", "") for b in m.get("buttons") or []]
    return "\n".join(parts)


def last_question(messages: Sequence[Dict[str, Any]]) -> Optional[str]:
    """The question the bot ends its turn with (the last bubble ending with '?'), folded."""
    for m in reversed(messages):
        text = (m.get("text") or "").strip()
        if text.endswith("?"):
            return fold(text.splitlines()[-1])
    return None


def check_turn(turn: Dict[str, Any], messages: List[Dict[str, Any]], actions: List[str]) -> List[str]:
    expect = turn.get("expect") or {}
    reply = fold(bubbles_text(messages))
    problems: List[str] = []
    if not messages or not reply.strip():
        problems.append("réponse vide")
    if not turn.get("allow_fallback") and any(p in reply for p in NOT_UNDERSTOOD):
        problems.append("« je n'ai pas compris »")
    long = [len(m.get("text") or "") for m in messages if len(m.get("text") or "") > BUBBLE_LIMIT]
    if long:
        problems.append(f"bulle trop longue ({max(long)} caractères > {BUBBLE_LIMIT})")
    wanted = expect.get("action")
    if wanted:
        wanted = [wanted] if isinstance(wanted, str) else list(wanted)
        if not set(wanted) & set(actions):
            problems.append(f"action attendue {' ou '.join(wanted)}, obtenu {', '.join(actions) or '(aucune)'}")
    any_words = expect.get("any") or []
    if any_words and not any(fold(w) in reply for w in any_words):
        problems.append(f"aucun de {any_words}")
    for w in expect.get("all") or []:
        if fold(w) not in reply:
            problems.append(f"manque « {w} »")
    for w in expect.get("none") or []:
        if fold(w) in reply:
            problems.append(f"ne devrait pas contenir « {w} »")
    return problems


def describe_expect(turn: Dict[str, Any]) -> str:
    """The turn's expectation in words (for the report's 'attendu' column)."""
    expect = turn.get("expect") or {}
    parts: List[str] = []
    wanted = expect.get("action")
    if wanted:
        wanted = [wanted] if isinstance(wanted, str) else list(wanted)
        parts.append("action " + " ou ".join(wanted))
    if expect.get("any"):
        parts.append("un de " + " / ".join(f"« {w} »" for w in expect["any"]))
    if expect.get("all"):
        parts.append("tous " + ", ".join(f"« {w} »" for w in expect["all"]))
    if expect.get("none"):
        parts.append("aucun de " + " / ".join(f"« {w} »" for w in expect["none"]))
    if not turn.get("allow_fallback"):
        parts.append("pas de « je n'ai pas compris »")
    return " ; ".join(parts) or "une réponse non vide"


def replay_file(path: Path, url: str, db: Optional[str]) -> List[TurnResult]:
    conv = yaml.safe_load(path.read_text(encoding="utf-8"))
    cid = conv.get("id") or path.stem
    sender = f"replay-{cid}-{uuid.uuid4().hex[:8]}"
    results: List[TurnResult] = []
    previous_question: Optional[str] = None
    for i, turn in enumerate(conv.get("turns") or [], start=1):
        user = str(turn.get("user", ""))
        messages = post(url, sender, user)
        actions = turn_actions(db, sender)
        result = TurnResult(cid, i, user, bubbles_text(messages), actions, check_turn(turn, messages, actions),
                            expected=describe_expect(turn))
        result.useless = (not messages) or any(p in fold(result.reply) for p in NOT_UNDERSTOOD)
        question = last_question(messages)
        if question and question == previous_question:
            result.repeated_question = True
            result.problems.append(f"même question deux fois de suite : « {question[:80]} »")
        previous_question = question
        results.append(result)
    return results


def collect(paths: Sequence[str]) -> List[Path]:
    files: List[Path] = []
    for p in paths:
        path = Path(p)
        files += sorted(path.glob("*.yml")) if path.is_dir() else [path]
    return files


def cell(text: str, limit: int = 400) -> str:
    """One Markdown table cell: one line, pipes escaped, bounded."""
    text = " ".join(str(text).split()).replace("|", "\\|")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def report(results: List[TurnResult], files: int) -> str:
    turns = len(results)
    passed = sum(r.ok for r in results)
    convs: Dict[str, bool] = {}
    for r in results:
        convs[r.conversation] = convs.get(r.conversation, True) and r.ok
    useless = sum(r.useless for r in results)
    repeated = sum(r.repeated_question for r in results)
    lines = ["# Rejeu des conversations de test", "",
             f"- fichiers : {files}, tours : {turns}",
             f"- tours conformes : {passed}/{turns} ({100 * passed / max(turns, 1):.1f} %)",
             f"- conversations entièrement conformes : {sum(convs.values())}/{len(convs)}",
             f"- tours sans réponse utile (vide ou « pas compris ») : {useless} ({100 * useless / max(turns, 1):.1f} %)",
             f"- même question deux fois de suite : {repeated}", ""]
    failed = [r for r in results if not r.ok]
    first: Dict[str, TurnResult] = {}
    for r in failed:
        first.setdefault(r.conversation, r)
    if first:
        lines += ["## Conversations en écart : premier tour qui diverge", "",
                  "| conversation | tour | message | attendu | obtenu | écart |", "|---|---|---|---|---|---|"]
        lines += [f"| {cell(r.conversation)} | {r.index} | {cell(r.user, 100)} | {cell(r.expected, 160)} | "
                  f"{cell(r.got, 220)} | {cell('; '.join(r.problems), 200)} |" for r in first.values()]
        lines.append("")
    if failed:
        lines += ["## Tous les tours en écart", ""]
    for r in failed:
        lines.append(f"### {r.conversation}, tour {r.index} : « {r.user[:120]} »")
        lines += [f"- ✗ {p}" for p in r.problems]
        lines.append(f"- attendu : {r.expected}")
        lines.append(f"- actions : {', '.join(r.actions) or '(inconnues)'}")
        reply = r.reply.replace("\n", " ⏎ ")
        lines.append(f"- réponse : {reply[:400]}")
        lines.append("")
    return "\n".join(lines)


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", default=["tests/conversations"])
    ap.add_argument("--url", default="http://127.0.0.1:5005")
    ap.add_argument("--tracker-db", default=None, help="SQLite tracker store of the running bot (to check actions)")
    ap.add_argument("--report", default="results/replay.md")
    ap.add_argument("--min-pass", type=float, default=1.0, help="share of turns that must pass (default: all)")
    args = ap.parse_args(argv)
    files = collect(args.paths)
    if not files:
        print("[replay] aucune conversation trouvée", file=sys.stderr)
        return 2
    results: List[TurnResult] = []
    t0 = time.time()
    for n, path in enumerate(files, start=1):
        try:
            got = replay_file(path, args.url, args.tracker_db)
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            print(f"[replay] le bot ne répond pas sur {args.url} : {exc}", file=sys.stderr)
            return 2
        results += got
        bad = sum(not r.ok for r in got)
        print(f"[replay] {n}/{len(files)} {path.name} : {len(got) - bad}/{len(got)} tours conformes", flush=True)
        for r in got:
            if not r.ok:
                print(f"    ✗ tour {r.index} « {r.user[:70]} » : {'; '.join(r.problems)}")
                print(f"      → {r.reply.replace(chr(10), ' ⏎ ')[:200]}")
    text = report(results, len(files))
    Path(args.report).parent.mkdir(parents=True, exist_ok=True)
    Path(args.report).write_text(text + "\n", encoding="utf-8")
    print("\n".join(text.splitlines()[2:8]))
    print(f"[replay] rapport : {args.report} ({time.time() - t0:.0f} s)")
    turns = len(results)
    share = sum(r.ok for r in results) / max(turns, 1)
    repeated = sum(r.repeated_question for r in results)
    return 0 if share >= args.min_pass and repeated == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

"""Freeze a real conversation from the SQLite tracker store as a test conversation and a Rasa test story.

    python scripts/export_story.py SENDER [--db .data/trackers.db] [--name NAME]
                                   [--out tests/conversations/exported_NAME.yml]
                                   [--story-out tests/stories/exported_NAME.yml] [--force]
    python scripts/export_story.py --code K7F3-QZ9X [--db …]          (the number the conseiller view asks for)
    python scripts/export_story.py                                       (lists the latest conversations)

SENDER is the conversation's sender id (spaces are ignored, a unique prefix is enough). The web page
does not show it: it shows a *conversation number* (bot/numbers.py, a keyed hash of the sender id),
which `--code` maps back by hashing the sender ids of the database with the server's secret
(CAP_CONVERSATION_SECRET or .data/conversation.secret).

Writes (a) a conversation for scripts/replay.py: each user turn with an `expect` block holding the
actions that ran (`action:`, any of them passes) and a short fragment of the bot's reply (`any:`; one
per variant when the response has several), the full reply in a comment, so that a tester edits the
expectations; (b) a Rasa test story (user text, the intent the NLU gave, the action the policy chose;
follow-up actions and slot events are left out because `rasa test core` runs no action).

Events are read with the schema of Rasa's SQLTrackerStore: table `events` (id, sender_id, type_name,
timestamp, intent_name, action_name, data) where `data` is the event as JSON.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Set, Tuple

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from scripts.replay import IGNORED_ACTIONS, NOT_UNDERSTOOD, bubbles_text, fold  # noqa: E402

FOLLOWUP_POLICY = "followup_action"      # rasa.shared.core.constants.FOLLOWUP_ACTION
FRAGMENT_WORDS = 6
WORD = re.compile(r"[a-z0-9]+")
PAYLOAD = re.compile(r"^/([A-Za-z0-9_/]+)(\{.*\})?\s*$", re.S)


@dataclass
class Turn:
    user: str
    intent: Optional[str]
    entities: List[Dict[str, Any]]
    timestamp: float
    actions: List[str] = field(default_factory=list)          # every action that ran, in order
    predicted: List[str] = field(default_factory=list)        # chosen by a policy (not follow-ups)
    bubbles: List[Dict[str, Any]] = field(default_factory=list)
    templates: List[Optional[str]] = field(default_factory=list)


# -- reading the tracker store -----------------------------------------------------------------------
def connect(db: str) -> sqlite3.Connection:
    if not Path(db).exists():
        raise SystemExit(f"[export] base de conversations introuvable : {db} (DB=… pour en choisir une autre)")
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)


def recent(db: str, limit: int = 15) -> List[Dict[str, Any]]:
    """The latest conversations that have at least one user message."""
    con = connect(db)
    rows = con.execute(
        "SELECT sender_id, COUNT(*), MAX(timestamp), MIN(id) FROM events WHERE type_name = 'user' "
        "GROUP BY sender_id ORDER BY MAX(id) DESC LIMIT ?", (limit,)).fetchall()
    out = []
    for sender, n, last, _ in rows:
        first = con.execute("SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id LIMIT 1",
                            (sender,)).fetchone()
        text = (json.loads(first[0]).get("text") or "") if first else ""
        out.append({"sender": sender, "turns": n, "last": last, "first": text})
    con.close()
    return out


def resolve_sender(db: str, wanted: str) -> str:
    """The sender id for an exact id, or for a unique prefix (spaces ignored, as the conseiller view does)."""
    wanted = re.sub(r"\s+", "", wanted or "")
    if not wanted:
        raise SystemExit("[export] numéro de conversation vide")
    con = connect(db)
    try:
        if con.execute("SELECT 1 FROM events WHERE sender_id = ? LIMIT 1", (wanted,)).fetchone():
            return wanted
        like = wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        found = [r[0] for r in con.execute(
            "SELECT DISTINCT sender_id FROM events WHERE sender_id LIKE ? ESCAPE '\\' LIMIT 3", (like,))]
    finally:
        con.close()
    if len(found) == 1:
        return found[0]
    if found:
        raise SystemExit(f"[export] « {wanted} » désigne plusieurs conversations ({', '.join(found)}…) : "
                         "donnez le numéro complet")
    raise SystemExit(f"[export] aucune conversation « {wanted} » dans {db}")


def resolve_number(db: str, number: str) -> Optional[str]:
    """The sender id whose conversation number (bot/numbers.py) is `number`; None if none (or no secret here)."""
    from bot.numbers import find_sender, load_secret, normalise_number

    if not normalise_number(number):
        return None
    try:
        secret = load_secret(create=False)
    except FileNotFoundError:
        print("[export] secret des numéros introuvable (CAP_CONVERSATION_SECRET, .data/conversation.secret) : "
              "le numéro est lu comme un identifiant de conversation", file=sys.stderr)
        return None
    con = connect(db)
    try:
        senders = [r[0] for r in con.execute("SELECT DISTINCT sender_id FROM events")]
    finally:
        con.close()
    return find_sender(secret, number, senders)


def read_turns(db: str, sender: str) -> List[Turn]:
    con = connect(db)
    rows = con.execute("SELECT type_name, action_name, data FROM events WHERE sender_id = ? ORDER BY id",
                       (sender,)).fetchall()
    con.close()
    turns: List[Turn] = []
    for type_name, action_name, raw in rows:
        try:
            data = json.loads(raw or "{}")
        except ValueError:
            continue
        if type_name == "user":
            parse = data.get("parse_data") or {}
            intent = (parse.get("intent") or {}).get("name")
            entities = [{"entity": e.get("entity"), "value": e.get("value"),
                         **({"role": e["role"]} if e.get("role") else {})}
                        for e in parse.get("entities") or [] if e.get("entity")]
            turns.append(Turn(str(data.get("text") or ""), intent, entities, float(data.get("timestamp") or 0)))
        elif not turns:
            continue
        elif type_name == "action":
            name = action_name or data.get("name")
            if name and name not in IGNORED_ACTIONS:
                if name not in turns[-1].actions:
                    turns[-1].actions.append(name)
                if data.get("policy") != FOLLOWUP_POLICY:
                    turns[-1].predicted.append(name)
        elif type_name == "bot":
            meta = data.get("metadata") or {}
            extra = data.get("data") or {}
            turns[-1].bubbles.append({"text": data.get("text") or "", "buttons": extra.get("buttons") or []})
            turns[-1].templates.append(meta.get("utter_action") or meta.get("template"))
    return [t for t in turns if t.user.strip() or t.intent]


# -- expectations ------------------------------------------------------------------------------------
def load_responses(root: Path = ROOT) -> Dict[str, List[str]]:
    """Response name -> texts of its variants, from domain.yml and data/ (retrieval responses)."""
    out: Dict[str, List[str]] = {}
    files = [root / "domain.yml"] + sorted((root / "data").rglob("*.yml"))
    for path in files:
        if not path.exists():
            continue
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError:
            continue
        if not isinstance(doc, dict):
            continue
        for name, variants in (doc.get("responses") or {}).items():
            texts = [v.get("text") for v in variants or [] if isinstance(v, dict) and v.get("text")]
            if texts:
                out[name] = texts
    return out


def generic_words(root: Path = ROOT) -> Set[str]:
    """Words of the bot's fixed phrasing (domain.yml and the dialogue actions' source): a fragment made of
    them says little about what a reply is about ("Voici trois métiers qui…")."""
    words: Set[str] = set()
    for path in [root / "domain.yml"] + sorted((root / "actions").glob("*.py")):
        if path.exists():
            words.update(WORD.findall(fold(path.read_text(encoding="utf-8"))))
    return words


def fragment(text: str, generic: Set[str] = frozenset(), words: int = FRAGMENT_WORDS) -> Tuple[Optional[str], Tuple[int, int]]:
    """A short piece of `text` that says what the reply is about, and its score: among the clauses of its
    first lines (cut at punctuation, at most `words` words each, a contiguous slice of the original), the
    one with the most words outside `generic`, then the most words of 4 letters or more; the earliest on
    a tie."""
    best, best_score = None, (-1, -1)
    for line in [ln for ln in text.splitlines() if ln.strip()][:4]:
        for clause in re.split(r"[.!?:;,()«»\"*\[\]]+", line):
            clause = clause.strip(" -–—'’\t\u00a0\u202f")
            if not re.search(r"[^\W\d_]{3}", clause):
                continue
            m = re.match(r"\s*(?:\S+\s+){0,%d}\S+" % (words - 1), clause)
            piece = (m.group(0) if m else clause).strip()
            long_words = {w for w in WORD.findall(fold(piece)) if len(w) >= 4}
            score = (len(long_words - generic), len(long_words))
            if score > best_score:
                best, best_score = piece, score
    return best, best_score


def expected_fragments(turn: Turn, responses: Dict[str, List[str]], generic: Set[str] = frozenset()) -> List[str]:
    """Fragments for `any:`: the best fragment among the reply's bubbles, leaving out responses of the
    domain that have several variants (the bot picks one at random); when only such bubbles are left, one
    fragment per variant of the first."""
    reply = fold(bubbles_text(turn.bubbles))
    best, best_score, varied = None, (-1, -1), None
    for bubble, template in zip(turn.bubbles, turn.templates):
        if not (bubble.get("text") or "").strip():
            continue
        variants = responses.get(template or "", [])
        if len(variants) > 1:
            varied = varied or variants
            continue
        frag, score = fragment(bubble["text"], generic)
        if frag and fold(frag) in reply and score > best_score:
            best, best_score = frag, score
    if best:
        return [best]
    if varied:
        frags = [f for f, _ in (fragment(v, generic) for v in varied) if f and "{" not in f]
        if len(frags) == len(varied):
            return list(dict.fromkeys(frags))
    return []


def is_fallback(turn: Turn) -> bool:
    reply = fold(bubbles_text(turn.bubbles))
    return any(p in reply for p in NOT_UNDERSTOOD)


# -- writing -----------------------------------------------------------------------------------------
def q(value: Any) -> str:
    """A YAML scalar: JSON strings are valid YAML double-quoted scalars."""
    return json.dumps(value, ensure_ascii=False)


def comment(text: str, limit: int = 160) -> str:
    one = " ⏎ ".join(ln.strip() for ln in text.splitlines() if ln.strip())
    return one if len(one) <= limit else one[: limit - 1] + "…"


def conversation_yaml(cid: str, sender: str, turns: Sequence[Turn], responses: Dict[str, List[str]],
                      generic: Set[str] = frozenset()) -> str:
    when = dt.datetime.fromtimestamp(turns[0].timestamp).strftime("%Y-%m-%d %H:%M") if turns else "?"
    lines = [f"# Exporté de la conversation {sender} ({when}) par scripts/export_story.py (make export-story).",
             "# À relire : gardez dans `any:` un mot qui dit que la réponse est la bonne, retirez ce qui peut",
             "# changer sans être une régression (ordre d'une liste, chiffres), ajoutez `all:` / `none:`.",
             f"id: {q(cid)}",
             'persona: "exporté"',
             f"description: {q(f'Conversation réelle {sender} du {when}, exportée pour test de non-régression')}",
             "turns:"]
    for turn in turns:
        lines.append(f"  - user: {q(turn.user)}")
        reply = bubbles_text(turn.bubbles)
        lines.append(f"    # bot : {comment(reply) or '(rien)'}")
        if turn.intent:
            lines.append(f"    # intention : {turn.intent}")
        if is_fallback(turn):
            lines.append("    allow_fallback: true      # le bot n'avait pas compris : à corriger ou à garder ?")
        expect: List[str] = []
        if turn.actions:
            acts = turn.actions[0] if len(turn.actions) == 1 else turn.actions
            expect.append(f"      action: {q(acts)}")
        frags = expected_fragments(turn, responses, generic)
        if frags:
            expect.append(f"      any: {q(frags)}")
        lines.append("    expect:" + ("" if expect else " {}"))
        lines += expect
    return "\n".join(lines) + "\n"


def story_yaml(cid: str, sender: str, turns: Sequence[Turn]) -> str:
    lines = [f"# Exporté de la conversation {sender} par scripts/export_story.py : le texte des personnes,",
             "# l'intention donnée par la NLU ce jour-là et l'action choisie par la politique (sans les",
             "# actions de relais FollowupAction ni les créneaux : rasa test core n'exécute pas les actions).",
             'version: "3.1"', "", "stories:", f"- story: {q(f'exporté : {cid}')}", "  steps:"]
    for turn in turns:
        m = PAYLOAD.match(turn.user)
        if m or not turn.user.strip():
            # a button payload ("/inform{...}") or an intent sent as such: no text to give to the NLU
            intent = (m.group(1) if m else None) or turn.intent
            if not intent:
                continue
            lines.append(f"  - intent: {intent}")
            try:
                ents = json.loads(m.group(2)) if m and m.group(2) else {}
            except ValueError:
                ents = {}
            if isinstance(ents, dict) and ents:
                lines.append("    entities:")
                lines += [f"    - {k}: {q(v)}" for k, v in ents.items()]
        else:
            lines.append("  - user: |")
            lines += [f"      {ln}" if ln.strip() else "" for ln in turn.user.strip("\n").splitlines()]
            if turn.intent:
                lines.append(f"    intent: {turn.intent}")
        for action in turn.predicted[:1]:
            lines.append(f"  - action: {action}")
    return "\n".join(lines) + "\n"


def slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_")
    return (s or "conversation")[:40]


def write(path: Path, text: str, force: bool) -> None:
    if path.exists() and not force:
        raise SystemExit(f"[export] {path} existe déjà : FORCE=1 (--force) pour l'écraser, ou NAME=… / OUT=…")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sender", nargs="?", default="", help="sender id (numéro de conversation)")
    ap.add_argument("--code", default="", help="the conversation number as the conseiller view asks for it")
    ap.add_argument("--db", default=".data/trackers.db", help="SQLite tracker store (default: that of make run)")
    ap.add_argument("--name", default="", help="file name part: exported_<name>.yml (default: from the sender)")
    ap.add_argument("--out", default="", help="conversation file (default tests/conversations/exported_<name>.yml)")
    ap.add_argument("--story-out", default="", help="story file (default tests/stories/exported_<name>.yml)")
    ap.add_argument("--force", action="store_true", help="overwrite existing files")
    args = ap.parse_args(argv)
    wanted = args.sender or args.code
    if not wanted:
        convs = recent(args.db)
        print(f"[export] indiquez une conversation : make export-story SENDER=… (ou CODE=…) ; dernières de {args.db} :")
        for c in convs:
            when = dt.datetime.fromtimestamp(c["last"]).strftime("%Y-%m-%d %H:%M") if c["last"] else "?"
            print(f"  {c['sender']:40s} {when}  {c['turns']:3d} messages  « {c['first'][:50]} »")
        return 2
    sender = (args.code and resolve_number(args.db, args.code)) or resolve_sender(args.db, wanted)
    turns = read_turns(args.db, sender)
    if not turns:
        raise SystemExit(f"[export] la conversation {sender} n'a aucun message de la personne")
    name = slug(args.name or sender)
    cid = f"exported_{name}"
    out = Path(args.out or ROOT / "tests" / "conversations" / f"{cid}.yml")
    story_out = Path(args.story_out or ROOT / "tests" / "stories" / f"{cid}.yml")
    responses = load_responses()
    write(out, conversation_yaml(cid, sender, turns, responses, generic_words()), args.force)
    write(story_out, story_yaml(cid, sender, turns), args.force)
    print(f"[export] {sender} : {len(turns)} tours")
    print(f"[export] conversation à rejouer : {out}   (make replay FILE={out})")
    print(f"[export] histoire de test      : {story_out}   (make test-stories)")
    print("[export] relisez les attentes (`any:`, `action:`) avant de les versionner.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

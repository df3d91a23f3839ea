"""Readable report of `rasa test core` on the test stories, and the gate of `make test-stories`.

    python scripts/stories_report.py [results/stories] [--stories tests/stories] [--out results/stories.md]

Reads the --out folder of `rasa test core` (failed_test_stories.yml, story_report.json) and writes a
Markdown report: for each failed story, the turn where it diverged (the first step Rasa marked with
`# predicted: …`), the user's message, what the story expected and what the model predicted, then the
other mismatches of the same story. Rasa writes those marks as YAML comments, so the file is read line
by line, not with a YAML loader (which would drop them).

Exit code: 0 when no story failed, 1 when at least one did (or when Rasa's output is missing: a gate
that cannot read its input must not pass), 2 on bad arguments.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import yaml

STORY_RE = re.compile(r"^- story:\s*(?P<name>.+?)\s*$")
STEP_RE = re.compile(r"^\s*(?P<dash>-\s+)?(?P<kind>intent|action|bot):\s*(?P<value>.*?)\s*(?:#\s*(?P<comment>.*))?$")
USER_RE = re.compile(r"^\s*(?:-\s+)?user:\s*(?P<value>.*)$")
# "predicted: inform: j'ai [18](age) ans"  (intent)   /   "predicted: action_profil"  (action)
PREDICTED_INTENT_RE = re.compile(r"^predicted:\s*(?P<intent>[^:\s]+)(?::\s*(?P<message>.*))?$")
PREDICTED_ACTION_RE = re.compile(r"^predicted:\s*(?P<action>\S+)(?P<rest>.*)$")
# Rasa appends the story's file to its name: "jeune : … (/…/tests/stories/jeune.yml)" (or "(None)")
SOURCE_RE = re.compile(r"^(?P<name>.*?)\s*\((?P<source>[^()]+\.ya?ml|None)\)$")
ENTITY_MD_RE = re.compile(r"\[([^\]]+)\](?:\(([^)]*)\)|\{[^}]*\})")


@dataclass
class Mismatch:
    turn: int              # 1-based number of the user message the step belongs to (0: before any)
    kind: str              # "intent" or "action"
    expected: str
    predicted: str
    message: str = ""      # the user's text (from the comment, or from the test story)

    def describe(self) -> str:
        if self.kind == "intent":
            if self.expected == self.predicted:
                return f"entités différentes (intention {self.expected} correcte)"
            return f"intention {self.expected} attendue, {self.predicted} prédite"
        return f"action {self.expected} attendue, {self.predicted} prédite"


@dataclass
class FailedStory:
    name: str
    source: str = ""
    mismatches: List[Mismatch] = field(default_factory=list)
    steps: List[str] = field(default_factory=list)   # "intent greet", "action action_profil", …

    @property
    def first(self) -> Optional[Mismatch]:
        return self.mismatches[0] if self.mismatches else None


def _relative(path: str) -> str:
    """tests/stories/x.yml rather than /home/…/tests/stories/x.yml when the file is in this repository."""
    try:
        return str(Path(path).resolve().relative_to(Path(__file__).resolve().parents[1]))
    except ValueError:
        return path


def strip_entities(message: str) -> str:
    """'j'ai [18](age) ans' -> "j'ai 18 ans"."""
    return ENTITY_MD_RE.sub(r"\1", message).strip()


def parse_failed_stories(text: str) -> List[FailedStory]:
    """The failed stories of Rasa's failed_test_stories.yml, with their `# predicted:` marks."""
    stories: List[FailedStory] = []
    current: Optional[FailedStory] = None
    turn = 0
    pending_user: Optional[Mismatch] = None      # an intent mismatch whose text may follow on `user:`
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        m = STORY_RE.match(line)
        if m:
            name, source = m.group("name").strip().strip("'\""), ""
            s = SOURCE_RE.match(name)
            if s:
                name, source = s.group("name").strip(), s.group("source").strip()
                source = "" if source == "None" else _relative(source)
            current, turn, pending_user = FailedStory(name, source), 0, None
            stories.append(current)
            continue
        if current is None:
            continue
        u = USER_RE.match(line)
        if u:
            value = u.group("value").strip()
            if value in ("|", "|-", "|+", ">", ">-"):
                block = []
                while i < len(lines) and (not lines[i].strip() or lines[i].startswith(" " * 6)):
                    block.append(lines[i].strip())
                    i += 1
                value = " ".join(b for b in block if b)
            if line.lstrip().startswith("-"):      # `- user:` opens a new turn (its intent may follow)
                turn += 1
            if pending_user is not None and not pending_user.message:
                pending_user.message = strip_entities(value.strip("'\""))
            continue
        m = STEP_RE.match(line)
        if not m:
            continue
        kind, value, comment = m.group("kind"), m.group("value").strip().strip("'\""), (m.group("comment") or "").strip()
        if kind == "intent":
            if m.group("dash"):                    # `- intent:` opens a new turn (its text may follow)
                turn += 1
            current.steps.append(f"intent {value}")
            pending_user = None
            p = PREDICTED_INTENT_RE.match(comment) if comment else None
            if p:
                mm = Mismatch(turn, "intent", value, p.group("intent"), strip_entities(p.group("message") or ""))
                current.mismatches.append(mm)
                pending_user = mm
        elif kind == "action":
            current.steps.append(f"action {value}")
            p = PREDICTED_ACTION_RE.match(comment) if comment else None
            if p:
                current.mismatches.append(Mismatch(turn, "action", value, (p.group("action") + p.group("rest")).strip()))
    return [s for s in stories if s.mismatches]


def story_user_texts(stories_dir: Path) -> Dict[str, List[str]]:
    """For each test story name: the text of its user messages, in order (to name the diverging turn)."""
    out: Dict[str, List[str]] = {}
    paths = sorted(stories_dir.glob("*.yml")) if stories_dir.is_dir() else ([stories_dir] if stories_dir.exists() else [])
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for story in data.get("stories") or []:
            texts = [str(step.get("user", "")).strip() for step in story.get("steps") or []
                     if isinstance(step, dict) and ("user" in step or "intent" in step)]
            out[str(story.get("story", ""))] = [strip_entities(t) for t in texts]
    return out


def load_summary(folder: Path) -> Dict[str, int]:
    """Correct / total stories from story_report.json (Rasa >= 3 writes conversation_accuracy)."""
    path = folder / "story_report.json"
    if not path.exists():
        return {}
    report = json.loads(path.read_text(encoding="utf-8"))
    acc = report.get("conversation_accuracy") or {}
    out = {k: int(acc[k]) for k in ("correct", "total", "with_warnings") if k in acc}
    for key in ("accuracy",):
        if isinstance(report.get(key), (int, float)):
            out["action_accuracy_pct"] = round(100 * report[key])
    return out


def cell(text: str, limit: int = 160) -> str:
    text = " ".join(str(text).split()).replace("|", "\\|")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render(failed: List[FailedStory], summary: Dict[str, int], texts: Dict[str, List[str]]) -> str:
    total = summary.get("total")
    correct = summary.get("correct")
    if total is None:
        head = f"- histoires en échec : {len(failed)}"
    else:
        head = f"- histoires correctes : {correct}/{total} ; en échec : {len(failed)}"
    lines = ["# Histoires de test (`rasa test core`, tests/stories/)", "", head]
    if "action_accuracy_pct" in summary:
        lines.append(f"- actions correctement prédites : {summary['action_accuracy_pct']} %")
    lines.append("")
    if not failed:
        lines += ["Aucune histoire en échec.", ""]
        return "\n".join(lines)
    lines += ["## Premier écart de chaque histoire en échec", "",
              "| histoire | tour | message | attendu | prédit |", "|---|---|---|---|---|"]
    for story in failed:
        first = story.first
        message = first.message or _text_of_turn(texts, story.name, first.turn)
        lines.append(f"| {cell(story.name, 80)} | {first.turn} | {cell(message, 100)} | "
                     f"{first.kind} `{first.expected}` | `{cell(first.predicted, 120)}` |")
    lines.append("")
    lines.append("## Détail")
    for story in failed:
        lines += ["", f"### {story.name}" + (f" ({story.source})" if story.source else ""), ""]
        for n, mm in enumerate(story.mismatches):
            message = mm.message or _text_of_turn(texts, story.name, mm.turn)
            mark = "premier écart" if n == 0 else "écart suivant"
            lines.append(f"- {mark}, tour {mm.turn} « {cell(message, 120)} » : {mm.describe()}")
        lines.append(f"- étapes attendues : {' → '.join(story.steps)}")
    lines.append("")
    return "\n".join(lines)


def _text_of_turn(texts: Dict[str, List[str]], story: str, turn: int) -> str:
    got = texts.get(story) or []
    return got[turn - 1] if 0 < turn <= len(got) else ""


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", nargs="?", default="results/stories", help="--out folder of rasa test core")
    ap.add_argument("--stories", default="tests/stories", help="the test stories (to quote the user's message)")
    ap.add_argument("--out", default="results/stories.md")
    args = ap.parse_args(argv)
    folder = Path(args.folder)
    failed_file = folder / "failed_test_stories.yml"
    summary = load_summary(folder)
    if not failed_file.exists() and not summary:
        print(f"[histoires] ✗ résultats de rasa test core introuvables dans {folder}", file=sys.stderr)
        return 1
    failed = parse_failed_stories(failed_file.read_text(encoding="utf-8")) if failed_file.exists() else []
    if summary.get("total") is not None and summary.get("correct", 0) < summary["total"] and not failed:
        # Rasa counted failures that the file does not show: never report green on unreadable output
        print(f"[histoires] ✗ {summary['total'] - summary['correct']} histoire(s) en échec selon story_report.json, "
              f"mais aucun écart lisible dans {failed_file}", file=sys.stderr)
        return 1
    text = render(failed, summary, story_user_texts(Path(args.stories)))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    for line in text.splitlines()[2:4]:
        print(f"[histoires] {line[2:]}")
    for story in failed:
        first = story.first
        message = first.message or _text_of_turn(story_user_texts(Path(args.stories)), story.name, first.turn)
        print(f"[histoires] ✗ {story.name} — tour {first.turn} « {cell(message, 70)} » : {first.describe()}")
    print(f"[histoires] rapport : {out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Held-out long-tail questions (tests/longtail/questions.yml) against the running bot.

    python scripts/eval_longtail.py --url http://127.0.0.1:5105 [--report results/longtail.md]

Each question opens a new conversation; an answer is on topic when it contains one of the question's
`any` keywords (case- and accent-insensitive), "not understood" when it is a fallback or empty.
"""
from __future__ import annotations

import argparse
import sys
import uuid
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from scripts.replay import NOT_UNDERSTOOD, bubbles_text, fold, post  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="http://127.0.0.1:5105")
    ap.add_argument("--file", default="tests/longtail/questions.yml")
    ap.add_argument("--report", default="results/longtail.md")
    args = ap.parse_args(argv)
    questions = yaml.safe_load(Path(args.file).read_text(encoding="utf-8"))["questions"]
    right = not_understood = 0
    misses = []
    for i, q in enumerate(questions, start=1):
        reply = fold(bubbles_text(post(args.url, f"longtail-{uuid.uuid4().hex[:10]}", q["q"])))
        ok = any(fold(k) in reply for k in q["any"])
        lost = not reply.strip() or any(p in reply for p in NOT_UNDERSTOOD)
        right += ok
        not_understood += lost
        if not ok:
            misses.append(f"- [{q['topic']}] « {q['q']} » → {reply[:160]!r}")
        if i % 50 == 0:
            print(f"[longtail] {i}/{len(questions)}…", flush=True)
    n = len(questions)
    lines = ["# Questions de longue traîne (tenues à part)", "",
             f"- questions : {n}",
             f"- réponse sur le bon sujet : {right}/{n} ({100 * right / n:.1f} %)",
             f"- « je n'ai pas compris » ou vide : {not_understood}/{n} ({100 * not_understood / n:.1f} %)", "",
             "## Réponses hors sujet", ""] + misses
    Path(args.report).parent.mkdir(parents=True, exist_ok=True)
    Path(args.report).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines[2:5]))
    print(f"[longtail] rapport : {args.report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

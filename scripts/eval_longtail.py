"""Held-out long-tail questions (tests/longtail/*.yml, written apart, never trained on) against the
running bot; make eval-longtail starts its own bot, make test runs it as a gate (tests/thresholds.yml).

    python scripts/eval_longtail.py --url http://127.0.0.1:5105 [--file F ...] [--report results/longtail.md]
        [--min-right 0.85] [--max-lost 0.05]

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
    ap.add_argument("--file", nargs="*", default=sorted(str(p) for p in Path("tests/longtail").glob("*.yml")))
    ap.add_argument("--report", default="results/longtail.md")
    ap.add_argument("--min-right", type=float, default=0.0, help="fail below this share on topic")
    ap.add_argument("--max-lost", type=float, default=1.0, help="fail above this share not understood")
    args = ap.parse_args(argv)
    questions = []
    for name in args.file:
        for q in yaml.safe_load(Path(name).read_text(encoding="utf-8"))["questions"]:
            questions.append(dict(q, set=Path(name).stem))
    right = not_understood = 0
    misses = []
    per_set = {}
    for i, q in enumerate(questions, start=1):
        reply = fold(bubbles_text(post(args.url, f"longtail-{uuid.uuid4().hex[:10]}", q["q"])))
        ok = any(fold(k) in reply for k in q["any"])
        lost = not reply.strip() or any(p in reply for p in NOT_UNDERSTOOD)
        right += ok
        not_understood += lost
        tally = per_set.setdefault(q["set"], [0, 0, 0])
        tally[0] += 1
        tally[1] += ok
        tally[2] += lost
        if not ok:
            misses.append(f"- [{q['topic']}] « {q['q']} » → {reply[:160]!r}")
        if i % 50 == 0:
            print(f"[longtail] {i}/{len(questions)}…", flush=True)
    n = len(questions)
    lines = ["# Questions de longue traîne (tenues à part)", "",
             f"- questions : {n}",
             f"- réponse sur le bon sujet : {right}/{n} ({100 * right / n:.1f} %)",
             f"- « je n'ai pas compris » ou vide : {not_understood}/{n} ({100 * not_understood / n:.1f} %)", ""]
    for name, (count, ok, lost) in sorted(per_set.items()):
        lines.append(f"- {name} : {ok}/{count} sur le bon sujet ({100 * ok / count:.1f} %), "
                     f"{lost} non compris ({100 * lost / count:.1f} %)")
    lines += ["",
             "## Réponses hors sujet", ""] + misses
    Path(args.report).parent.mkdir(parents=True, exist_ok=True)
    Path(args.report).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(line for line in lines[2:lines.index("## Réponses hors sujet")] if line))
    print(f"[longtail] rapport : {args.report}")
    failed = right / n < args.min_right or not_understood / n > args.max_lost
    if failed:
        print(f"[longtail] ÉCHEC : seuils {args.min_right:.0%} sur le bon sujet, {args.max_lost:.0%} non compris au plus")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

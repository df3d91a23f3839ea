"""Summarise results/ of `make eval` and write the figures into the README between markers."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- eval:start -->", "<!-- eval:end -->"
TARGETS = {"intent_macro_f1": 0.92, "entity_f1": 0.85, "stories_correct": 1.0}


def count_stories(folder: Path) -> int:
    total = 0
    for path in sorted(folder.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        total += len(data.get("stories") or [])
    return total


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--readme", type=Path, default=None)
    args = parser.parse_args()
    res = ROOT / "results"
    intents = json.loads((res / "nlu" / "intent_report.json").read_text())
    reports = [p for p in sorted((res / "nlu").glob("*_report.json"))
               if p.name not in ("intent_report.json", "response_selection_report.json")]
    entities = json.loads(reports[0].read_text()) if reports else {k: {"f1-score": float("nan")} for k in ("micro avg", "macro avg")}
    errors = json.loads((res / "nlu" / "intent_errors.json").read_text()) if (res / "nlu" / "intent_errors.json").exists() else []
    n_utt = sum(v["support"] for k, v in intents.items() if isinstance(v, dict) and "support" in v and k not in ("micro avg", "macro avg", "weighted avg"))
    confusions = Counter((e["intent"], e["intent_prediction"]["name"]) for e in errors)
    failed_file = res / "stories" / "failed_test_stories.yml"
    failed = 0
    if failed_file.exists():
        failed = len((yaml.safe_load(failed_file.read_text(encoding="utf-8")) or {}).get("stories") or [])
    total = count_stories(ROOT / "tests" / "stories")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    summary = {
        "date": dt.date.today().isoformat(),
        "commit": commit,
        "nlu_test_utterances": n_utt,
        "intent_macro_f1": round(intents["macro avg"]["f1-score"], 4),
        "intent_accuracy": round(intents.get("accuracy", intents.get("micro avg", {}).get("f1-score", 0)), 4),
        "entity_f1": round(entities["micro avg"]["f1-score"], 4),
        "entity_macro_f1": round(entities["macro avg"]["f1-score"], 4),
        "entity_f1_by_type": {k: round(v["f1-score"], 3) for k, v in entities.items()
                              if isinstance(v, dict) and k not in ("micro avg", "macro avg", "weighted avg")},
        "test_stories": total,
        "test_stories_failed": failed,
        "stories_correct": round((total - failed) / total, 4) if total else 0.0,
        "top_confusions": [f"{a} → {b} ({n})" for (a, b), n in confusions.most_common(8)],
    }
    summary["targets_met"] = all(summary[k] >= v for k, v in TARGETS.items())
    (res / "eval.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(summary, indent=2, ensure_ascii=False))

    if args.readme and args.readme.exists():
        block = "\n".join([
            START,
            f"Mesuré le {summary['date']} sur le commit `{summary['commit']}` par `make eval` (détail : `results/eval.json`).",
            "",
            "| mesure | valeur | objectif |",
            "|---|---|---|",
            f"| intentions, F1 macro ({n_utt} phrases de `tests/nlu/`) | {summary['intent_macro_f1']:.3f} | ≥ 0,92 |",
            f"| entités, F1 (micro) | {summary['entity_f1']:.3f} | ≥ 0,85 |",
            f"| histoires de test correctes | {total - failed}/{total} | 100 % |",
            "",
            "Confusions restantes : " + ("; ".join(summary["top_confusions"]) or "aucune") + ".",
            END,
        ])
        text = args.readme.read_text(encoding="utf-8")
        if START in text and END in text:
            text = text[: text.index(START)] + block + text[text.index(END) + len(END):]
            args.readme.write_text(text, encoding="utf-8")
            print(f"[eval] figures written to {args.readme}")
    return 0 if summary["targets_met"] else 1


if __name__ == "__main__":
    sys.exit(main())

"""NLU gate: fail when the intent macro-F1 on tests/nlu/ is below the threshold of tests/thresholds.yml.

    python scripts/nlu_gate.py results/nlu      (the --out folder of `rasa test nlu`)

Prints the figure, the threshold, and the most frequent confusions, so a regression is explained.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import yaml


def main(out: str) -> int:
    root = Path(__file__).resolve().parents[1]
    threshold = float(yaml.safe_load((root / "tests" / "thresholds.yml").read_text())["nlu_intent_macro_f1_min"])
    report = json.loads((Path(out) / "intent_report.json").read_text(encoding="utf-8"))
    f1 = report["macro avg"]["f1-score"]
    print(f"[nlu] intent macro-F1 sur tests/nlu/ : {f1:.3f} (seuil {threshold:.3f})")
    errors_file = Path(out) / "intent_errors.json"
    if errors_file.exists():
        errors = json.loads(errors_file.read_text(encoding="utf-8"))
        pairs = Counter((e["intent"], e["intent_prediction"]["name"]) for e in errors)
        for (wanted, got), n in pairs.most_common(8):
            print(f"[nlu]   {wanted} → {got} : {n}")
    if f1 < threshold:
        print(f"[nlu] ✗ en dessous du seuil : voir {out}/intent_errors.json", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "results/nlu"))

"""NLU gate: fail when the intent macro-F1 on tests/nlu/ is below the threshold of tests/thresholds.yml.

    python scripts/nlu_gate.py [results/nlu]                  (the --out folder of `rasa test nlu`)
    python scripts/nlu_gate.py results/nlu --write-baseline   (make nlu-baseline: refresh the baseline)

Prints the figure and the threshold (kept in one place: tests/thresholds.yml, nlu_intent_macro_f1_min),
then what changed against the committed baseline tests/nlu_baseline.json (per-intent F1 and the
counts of each confusion "expected → predicted"), so that a regression is explained, and the most
frequent confusions. Exit code 1 below the threshold (or when Rasa's report is missing), else 0.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

import yaml

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "tests" / "nlu_baseline.json"
THRESHOLDS = ROOT / "tests" / "thresholds.yml"
AGGREGATES = {"accuracy", "micro avg", "macro avg", "weighted avg"}
F1_CHANGE = 0.02          # a per-intent F1 change smaller than this is noise on ~20 phrases per intent


def threshold(path: Path = THRESHOLDS) -> float:
    return float(yaml.safe_load(path.read_text(encoding="utf-8"))["nlu_intent_macro_f1_min"])


def summarise(out: Path) -> Dict[str, Any]:
    """Macro-F1, per-intent F1 and confusion counts from the --out folder of `rasa test nlu`."""
    report = json.loads((out / "intent_report.json").read_text(encoding="utf-8"))
    per_intent = {k: round(float(v["f1-score"]), 4) for k, v in sorted(report.items())
                  if k not in AGGREGATES and isinstance(v, dict) and "f1-score" in v}
    errors_file = out / "intent_errors.json"
    errors = json.loads(errors_file.read_text(encoding="utf-8")) if errors_file.exists() else []
    pairs = Counter(f"{e['intent']} → {(e.get('intent_prediction') or {}).get('name')}" for e in errors)
    return {
        "macro_f1": round(float(report["macro avg"]["f1-score"]), 4),
        "utterances": int(sum(v["support"] for k, v in report.items() if k not in AGGREGATES
                              and isinstance(v, dict) and "support" in v)),
        "per_intent_f1": per_intent,
        "confusions": dict(sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))),
    }


def changed_confusions(now: Dict[str, Any], base: Dict[str, Any]) -> List[Tuple[str, int, int]]:
    """(pair, count in the baseline, count now) for every confusion whose count changed, largest first."""
    a, b = base.get("confusions") or {}, now.get("confusions") or {}
    out = [(pair, int(a.get(pair, 0)), int(b.get(pair, 0))) for pair in set(a) | set(b)
           if int(a.get(pair, 0)) != int(b.get(pair, 0))]
    return sorted(out, key=lambda t: (-abs(t[2] - t[1]), -t[2], t[0]))


def changed_intents(now: Dict[str, Any], base: Dict[str, Any], min_change: float = F1_CHANGE) -> List[Tuple[str, float, float]]:
    """(intent, F1 in the baseline, F1 now) when it moved by at least min_change (None: intent absent)."""
    a, b = base.get("per_intent_f1") or {}, now.get("per_intent_f1") or {}
    out = []
    for intent in sorted(set(a) | set(b)):
        before, after = a.get(intent), b.get(intent)
        if before is None or after is None or abs(after - before) >= min_change:
            out.append((intent, before, after))
    return sorted(out, key=lambda t: ((t[2] or 0) - (t[1] or 0), t[0]))


def _fmt(x: Optional[float]) -> str:
    return "absente" if x is None else f"{x:.3f}"


def compare_lines(now: Dict[str, Any], base: Dict[str, Any]) -> List[str]:
    lines = [f"[nlu] par rapport à la référence tests/nlu_baseline.json ({base.get('date', '?')}, "
             f"commit {base.get('commit', '?')}, F1 macro {base.get('macro_f1', float('nan')):.3f}) :"]
    intents = changed_intents(now, base)
    for intent, before, after in intents:
        lines.append(f"[nlu]   F1 {intent} : {_fmt(before)} → {_fmt(after)}")
    confusions = changed_confusions(now, base)
    for pair, before, after in confusions:
        tag = "nouvelle" if before == 0 else ("disparue" if after == 0 else ("en hausse" if after > before else "en baisse"))
        lines.append(f"[nlu]   confusion {pair} : {before} → {after} ({tag})")
    if not intents and not confusions:
        lines.append("[nlu]   aucune confusion ni F1 par intention changé")
    return lines


def commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True).stdout.strip() or "?"
    except OSError:
        return "?"


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", nargs="?", default="results/nlu", help="--out folder of rasa test nlu")
    ap.add_argument("--baseline", type=Path, default=BASELINE)
    ap.add_argument("--thresholds", type=Path, default=THRESHOLDS)
    ap.add_argument("--write-baseline", action="store_true", help="write the figures as the new baseline")
    args = ap.parse_args(argv)
    out = Path(args.out)
    if not (out / "intent_report.json").exists():
        print(f"[nlu] ✗ {out}/intent_report.json introuvable : rasa test nlu n'a pas produit de rapport", file=sys.stderr)
        return 1
    now = summarise(out)
    minimum = threshold(args.thresholds)
    print(f"[nlu] intent macro-F1 sur tests/nlu/ ({now['utterances']} phrases) : {now['macro_f1']:.3f} "
          f"(seuil {minimum:.3f}, tests/thresholds.yml)")
    if args.write_baseline:
        fingerprint = ROOT / "models" / ".fingerprint"      # which training (scripts/train.sh writes it)
        data = {"date": dt.date.today().isoformat(), "commit": commit(),
                "model_fingerprint": fingerprint.read_text().strip()[:12] if fingerprint.exists() else None, **now}
        args.baseline.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"[nlu] référence écrite : {args.baseline} (à committer avec le changement qui l'explique)")
    elif args.baseline.exists():
        base = json.loads(args.baseline.read_text(encoding="utf-8"))
        print("\n".join(compare_lines(now, base)))
    else:
        print(f"[nlu] pas de référence {args.baseline} : make nlu-baseline pour la créer")
    if now["confusions"]:
        print("[nlu] confusions les plus fréquentes :")
    for pair, n in list(now["confusions"].items())[:8]:
        print(f"[nlu]   {pair} : {n}")
    if now["macro_f1"] < minimum:
        print(f"[nlu] ✗ en dessous du seuil {minimum:.3f} : voir {out}/intent_errors.json et les confusions "
              "changées ci-dessus", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

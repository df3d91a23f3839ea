#!/usr/bin/env python3
"""The NLU test set and the test stories on one loaded model (make test, parts 5 and 6; make test-stories).

    python scripts/model_tests.py --model models/cap-industrie.tar.gz --nlu tests/nlu --nlu-out results/nlu \
        --stories tests/stories --stories-out results/stories

`rasa test nlu` then `rasa test core` loaded the model twice and spent ≈ 60 s on the 482 sentences of
tests/nlu/ (125 ms a sentence, against 30 ms for the same parse here: it keeps every internal property of
each message). This script loads the model once, parses each sentence as the server does
(`Agent.parse_message`; a fallback prediction is undone, as rasa test nlu does), and writes what `rasa test nlu` writes for the gate (scripts/nlu_gate.py reads
it): `intent_report.json` (scikit-learn's classification report, as Rasa writes it) and
`intent_errors.json`; then runs Rasa's own story evaluation (`rasa.core.test.test`, what `rasa test core`
calls) into the stories folder for scripts/stories_report.py. Exit code 0 once both are written.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from pathlib import Path
from typing import List, Optional, Sequence

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))      # the model's custom components (components/)
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")


def nlu_examples(folder: Path):
    """The sentences of the NLU test files, entity annotations removed, with their intent."""
    from rasa.shared.nlu.constants import INTENT, TEXT
    from rasa.shared.nlu.training_data.loading import load_data

    out = []
    for path in sorted(folder.rglob("*.yml")):
        for m in load_data(str(path)).intent_examples:
            if m.get(TEXT) and m.get(INTENT):
                out.append((m.get(TEXT), m.get(INTENT)))
    return out


async def evaluate_nlu(agent, examples, out: Path) -> float:
    from rasa.nlu.classifiers import fallback_classifier
    from sklearn.metrics import classification_report

    truth: List[str] = []
    predicted: List[str] = []
    errors = []
    start = time.monotonic()
    for i, (text, intent) in enumerate(examples, 1):
        parse = await agent.parse_message(text)
        if fallback_classifier.is_fallback_classifier_prediction(parse):
            parse = fallback_classifier.undo_fallback_prediction(parse)   # as rasa test nlu: the intent under it
        guess = parse.get("intent") or {}
        name = guess.get("name") or "None"
        truth.append(intent)
        predicted.append(name)
        if name != intent:
            errors.append({"text": text, "intent": intent,
                           "intent_prediction": {"name": name, "confidence": float(guess.get("confidence") or 0.0)}})
        if i % 100 == 0:
            print(f"[nlu] {i}/{len(examples)} phrases ({time.monotonic() - start:.0f} s)", flush=True)
    # as Rasa (rasa.nlu.test.get_evaluation_metrics): the labels of the test set only
    report = classification_report(truth, predicted, labels=sorted(set(truth)), output_dict=True, zero_division=0)
    out.mkdir(parents=True, exist_ok=True)
    (out / "intent_report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    (out / "intent_errors.json").write_text(json.dumps(errors, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"[nlu] {len(examples)} phrases en {time.monotonic() - start:.0f} s : {out}/intent_report.json", flush=True)
    return float(report["macro avg"]["f1-score"])


async def main_async(args) -> int:
    from rasa.core.agent import Agent
    from rasa.core.test import test as core_test
    from scripts.rasa_cli import loading_fixes

    loading_fixes()   # the model loaded as the server loads it (spaCy once, DIET without its training step)
    start = time.monotonic()
    agent = Agent.load(model_path=str(args.model))
    print(f"[test] modèle chargé en {time.monotonic() - start:.0f} s", flush=True)
    if args.nlu:
        examples = nlu_examples(args.nlu)
        if not examples:
            print(f"ERREUR : aucune phrase annotée dans {args.nlu}", file=sys.stderr)
            return 1
        await evaluate_nlu(agent, examples, args.nlu_out)
    if args.stories:
        start = time.monotonic()
        args.stories_out.mkdir(parents=True, exist_ok=True)
        await core_test(str(args.stories), agent, out_directory=str(args.stories_out), disable_plotting=True)
        print(f"[stories] histoires évaluées en {time.monotonic() - start:.0f} s : {args.stories_out}", flush=True)
    return 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--nlu", type=Path, help="dossier des phrases de test (tests/nlu)")
    parser.add_argument("--nlu-out", type=Path, default=Path("results/nlu"))
    parser.add_argument("--stories", type=Path, help="dossier des histoires de test (tests/stories)")
    parser.add_argument("--stories-out", type=Path, default=Path("results/stories"))
    args = parser.parse_args(argv)
    if not args.model.is_file():
        print(f"ERREUR : modèle introuvable : {args.model}", file=sys.stderr)
        return 1
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())

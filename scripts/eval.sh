#!/usr/bin/env bash
# make eval: NLU on the held-out set tests/nlu/ and core on tests/stories/; writes results/ and
# the figures block of the README (with date and commit).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
require_venv
bash scripts/train.sh
step "rasa test nlu sur tests/nlu/ (phrases jamais vues à l'entraînement)"
rm -rf results/nlu
"$RASA" test nlu --model "$MODEL" --nlu tests/nlu --out results/nlu
step "rasa test core sur tests/stories/"
rm -rf results/stories
"$RASA" test core --model "$MODEL" --stories tests/stories --out results/stories || true
"$PY" scripts/stories_report.py results/stories --stories tests/stories --out results/stories.md || true
step "Rapport"
"$PY" scripts/eval_report.py --readme README.md

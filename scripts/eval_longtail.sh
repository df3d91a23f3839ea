#!/usr/bin/env bash
# make eval-longtail: the held-out long-tail questions (tests/longtail/) on a bot started for the
# purpose (127.0.0.1, its own tracker database); report in results/longtail.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
require_venv
bash scripts/train.sh
step "Questions de longue traîne (tests/longtail/, jamais vues à l'entraînement)"
trap stop_stack EXIT
start_stack "${EVAL_RASA_PORT:-5305}" "${EVAL_ACTION_PORT:-5355}" .data/eval-longtail.db longtail
"$PY" scripts/eval_longtail.py --url "http://127.0.0.1:${EVAL_RASA_PORT:-5305}" --report results/longtail.md "$@"

#!/usr/bin/env bash
# The whole test suite; fails as soon as one part fails. Parts: unit, stories, browser (default: all).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
require_venv
parts=("${@:-all}")
want() { [[ " ${parts[*]} " == *" all "* || " ${parts[*]} " == *" $1 "* ]]; }
t0=$(date +%s)
timer() { echo "[test] $1 : $(( $(date +%s) - $2 )) s"; }

if want unit; then
  s=$(date +%s)
  step "1/5 Base de connaissances : validation"
  "$PY" -m actions.kb validate
  step "2/5 Tables NLU générées à jour"
  "$PY" -m actions.kb nlu-lookups --check
  step "3/5 rasa data validate"
  "$RASA" data validate --config config.yml --domain domain.yml --data data --max-history 5
  step "4/5 pytest (tests unitaires)"
  "$PY" -m pytest -q --ignore=tests/browser tests
  timer "tests unitaires" "$s"
fi

if want stories; then
  s=$(date +%s)
  bash scripts/train.sh
  step "5/5 rasa test : histoires de test (100 % attendu)"
  rm -rf results/stories
  "$RASA" test core --model "$MODEL" --stories tests/stories --out results/stories --fail-on-prediction-errors
  timer "histoires de test" "$s"
fi

if want browser && ls tests/browser/test_*.py >/dev/null 2>&1; then
  s=$(date +%s)
  bash scripts/train.sh
  bash scripts/install_browser.sh
  step "Tests dans un vrai navigateur (Chromium headless)"
  "$PY" -m pytest -q tests/browser
  timer "tests navigateur" "$s"
fi
echo
echo "[test] tout est vert en $(( $(date +%s) - t0 )) s."

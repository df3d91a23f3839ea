#!/usr/bin/env bash
# The whole test suite; fails as soon as one part fails. Parts: unit, stories, conversations, stack, browser
# (default: all).
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
  step "1/8 Base de connaissances : validation"
  "$PY" -m actions.kb validate
  step "2/8 Tables NLU générées à jour"
  "$PY" -m actions.kb nlu-lookups --check
  step "3/8 rasa data validate"
  "$RASA" data validate --config config.yml --domain domain.yml --data data --max-history 5
  step "4/8 pytest (tests unitaires)"
  "$PY" -m pytest -q --ignore=tests/browser --ignore=tests/stack tests
  step "4b/8 Suggestions de métiers sur les profils de tests/reco/ (seuils dans tests/thresholds.yml)"
  "$PY" scripts/eval_reco.py --gate
  timer "tests unitaires" "$s"
fi

if want stories; then
  s=$(date +%s)
  bash scripts/train.sh
  step "5/8 NLU sur le jeu tenu à part tests/nlu/ (seuil dans tests/thresholds.yml)"
  rm -rf results/nlu; mkdir -p logs results
  "$RASA" test nlu --model "$MODEL" --nlu tests/nlu --out results/nlu > logs/test-nlu.log 2>&1 || die "rasa test nlu a échoué (logs/test-nlu.log)"
  "$PY" scripts/nlu_gate.py results/nlu
  step "6/8 rasa test : histoires de test avec texte (100 % attendu ; rapport dans results/stories.md)"
  rm -rf results/stories results/stories.md
  # no --fail-on-prediction-errors: Rasa would stop at the first error without writing its report; the
  # gate is scripts/stories_report.py (exit 1 when a story failed, with the turn where it diverged)
  "$RASA" test core --model "$MODEL" --stories tests/stories --out results/stories > logs/test-stories.log 2>&1 \
    || die "rasa test core a échoué (logs/test-stories.log)"
  "$PY" scripts/stories_report.py results/stories --stories tests/stories --out results/stories.md
  timer "NLU et histoires de test" "$s"
fi

if want conversations; then
  s=$(date +%s)
  bash scripts/train.sh
  step "7/8 Conversations de test rejouées sur le bot (tests/conversations/, seuil dans tests/thresholds.yml)"
  trap stop_stack EXIT
  start_stack "${TEST_RASA_PORT:-5105}" "${TEST_ACTION_PORT:-5155}" .data/test-conversations.db test
  min_pass=$("$PY" -c 'import yaml; print(yaml.safe_load(open("tests/thresholds.yml"))["conversations_pass_min"])')
  "$PY" scripts/replay.py tests/conversations --url "http://127.0.0.1:${TEST_RASA_PORT:-5105}" \
    --tracker-db .data/test-conversations.db --report results/replay.md --min-pass "$min_pass"
  step "7b/8 Questions de longue traîne (tests/longtail/, tenues à part ; seuils dans tests/thresholds.yml)"
  read -r lt_right lt_lost < <("$PY" -c 'import yaml; t = yaml.safe_load(open("tests/thresholds.yml")); print(t["longtail_right_min"], t["longtail_not_understood_max"])')
  "$PY" scripts/eval_longtail.py --url "http://127.0.0.1:${TEST_RASA_PORT:-5105}" --report results/longtail.md \
    --min-right "$lt_right" --max-lost "$lt_lost"
  step "7c/8 Entrées hostiles sur le webhook REST (hypothesis : texte, JSON au hasard, corps mal formés ou énormes)"
  TEST_REST_URL="http://127.0.0.1:${TEST_RASA_PORT:-5105}" "$PY" -m pytest -q -s -p no:cacheprovider tests/stack/test_hostile_webhook.py
  stop_stack
  trap - EXIT
  timer "conversations" "$s"
fi

if want stack; then
  s=$(date +%s)
  bash scripts/train.sh
  bash scripts/install_package.sh redis redis-server redis-server   # the lock store test (tests/stack/test_lock_store.py)
  step "7d/8 La pile de make run : portes fermées, pannes (serveur d'actions, Rasa tués), entrées hostiles par socket.io, verrou Redis"
  "$PY" -m pytest -q -s -p no:cacheprovider tests/stack --ignore=tests/stack/test_hostile_webhook.py
  timer "pile" "$s"
fi

if want browser && ls tests/browser/test_*.py >/dev/null 2>&1; then
  s=$(date +%s)
  bash scripts/train.sh
  bash scripts/install_browser.sh
  step "8/8 Tests dans un vrai navigateur (Chromium headless)"
  "$PY" -m pytest -q tests/browser
  timer "tests navigateur" "$s"
fi
echo
echo "[test] tout est vert en $(( $(date +%s) - t0 )) s."

#!/usr/bin/env bash
# The whole test suite; exit 1 when one part fails. Parts: unit, stories, conversations, stack, browser
# (default: all, in two lanes at a time: see lane below; a part named alone runs in the terminal).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
require_venv
parts=("${@:-all}")
want() { [[ " ${parts[*]} " == *" all "* || " ${parts[*]} " == *" $1 "* ]]; }
t0=$(date +%s)
timer() { echo "[test] $1 : $(( $(date +%s) - $2 )) s"; }

part_unit() {
  local s; s=$(date +%s)
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
}

part_train() {  # the model, then the marker the other lanes wait for (part_model)
  bash scripts/train.sh
  touch "$MODEL_READY"
}

part_model() {  # in a lane: wait until the lane that trains has the model (it may be training from scratch)
  until [ -f "$MODEL_READY" ]; do
    kill -0 "${LANE_PIDS[0]}" 2>/dev/null || die "la voie qui entraîne le modèle s'est arrêtée sans modèle."
    sleep 2
  done
}

part_stories() {
  local s; s=$(date +%s)
  bash scripts/train.sh
  step "5-6/8 NLU sur le jeu tenu à part tests/nlu/ et histoires de test, sur un seul chargement du modèle (seuil dans tests/thresholds.yml ; rapport dans results/stories.md)"
  rm -rf results/nlu results/stories results/stories.md; mkdir -p logs results
  # scripts/model_tests.py: the report rasa test nlu writes, then Rasa's own story evaluation (what rasa
  # test core runs); the gates are scripts/nlu_gate.py and scripts/stories_report.py (exit 1 when a story
  # failed, with the turn where it diverged)
  "$PY" scripts/model_tests.py --model "$MODEL" --nlu tests/nlu --nlu-out results/nlu \
    --stories tests/stories --stories-out results/stories 2>&1 | tee logs/test-models.log | grep --line-buffered -E '^\[(nlu|test|stories)\]' \
    || die "scripts/model_tests.py a échoué (logs/test-models.log)"
  "$PY" scripts/nlu_gate.py results/nlu
  "$PY" scripts/stories_report.py results/stories --stories tests/stories --out results/stories.md
  timer "NLU et histoires de test" "$s"
}

part_conversations() {
  local s; s=$(date +%s)
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
}

part_stack() {
  local s; s=$(date +%s)
  bash scripts/train.sh
  bash scripts/install_package.sh redis redis-server redis-server   # the lock store test (tests/stack/test_lock_store.py)
  step "7d/8 La pile de make run : portes fermées, pannes (serveur d'actions, Rasa tués), entrées hostiles par socket.io, verrou Redis"
  "$PY" -m pytest -q -s -p no:cacheprovider tests/stack --ignore=tests/stack/test_hostile_webhook.py
  timer "pile" "$s"
}

part_browser() {
  ls tests/browser/test_*.py >/dev/null 2>&1 || return 0
  local s; s=$(date +%s)
  bash scripts/train.sh
  bash scripts/install_browser.sh
  step "8/8 Tests dans un vrai navigateur (Chromium headless)"
  "$PY" -m pytest -q tests/browser
  timer "tests navigateur" "$s"
}

part_browser_stack() {  # parts 8 then 7d in one pytest session: one make-run stack (tests/make_run.py), faults last
  local s; s=$(date +%s)
  step "8/8 puis 7d/8 Navigateur (Chromium headless), puis la pile de make run : portes fermées, entrées hostiles par socket.io, verrou Redis, pannes (serveur d'actions, Rasa tués) ; une seule pile"
  "$PY" -m pytest -q -p no:cacheprovider tests/browser tests/stack --ignore=tests/stack/test_hostile_webhook.py
  timer "navigateur et pile" "$s"
}

# The whole suite runs in three lanes (2 cores: the stack and browser tests spend most of their time
# waiting on the bot, the unit tests need no model): the unit tests; the training, the model tests then
# the conversations; the system packages then the browser and make-run stack tests, on one stack. The
# lanes that need the model wait for the training lane. Each lane writes its log (logs/test-lane-*.log); its steps are
# echoed as they start, and a failed lane ends the run with the last lines of its log.
lane() {  # lane NAME PARTS… : run parts in order in the background, log in logs/test-lane-NAME.log
  local name=$1; shift
  mkdir -p logs
  ( set -euo pipefail; for p in "$@"; do "part_$p"; done ) > "logs/test-lane-$name.log" 2>&1 &
  LANE_PIDS+=($!); LANE_NAMES+=("$name")
}

wait_lanes() {  # waits for the lanes started since the last call; prints their steps; exit 1 if one failed
  local failed=() shown_lines=() i done_all
  for i in "${!LANE_NAMES[@]}"; do shown_lines[$i]=0; done
  while :; do
    done_all=1
    for i in "${!LANE_NAMES[@]}"; do
      local log="logs/test-lane-${LANE_NAMES[$i]}.log" n
      n=$(wc -l < "$log" 2>/dev/null || echo 0)
      if [ "$n" -gt "${shown_lines[$i]}" ]; then
        sed -n "$(( shown_lines[$i] + 1 )),${n}p" "$log" | grep -E '^(==>|\[test\]|\[train\]|\[replay\]|\[longtail\]|\[nlu\]|\[histoires\]|[0-9]+ passed|.*(failed|ERREUR))' \
          | sed "s/^/[${LANE_NAMES[$i]}] /" || true
        shown_lines[$i]=$n
      fi
      kill -0 "${LANE_PIDS[$i]}" 2>/dev/null && done_all=0
    done
    [ "$done_all" = 1 ] && break
    sleep 2
  done
  for i in "${!LANE_NAMES[@]}"; do
    wait "${LANE_PIDS[$i]}" || failed+=("${LANE_NAMES[$i]}")
  done
  for name in "${failed[@]}"; do
    echo; echo "[test] ✗ échec dans « $name » ; fin de logs/test-lane-$name.log :"; tail -40 "logs/test-lane-$name.log"
  done
  LANE_PIDS=(); LANE_NAMES=()
  [ "${#failed[@]}" = 0 ] || exit 1
}

LANE_PIDS=(); LANE_NAMES=()
MODEL_READY="logs/.model-ready.$$"
if [[ " ${parts[*]} " == *" all "* ]]; then
  rm -f logs/.model-ready.*
  part_packages() {
    bash scripts/install_package.sh redis redis-server redis-server   # tests/stack/test_lock_store.py
    bash scripts/install_browser.sh
  }
  lane modele train stories conversations     # first: the other lanes watch its process (part_model)
  lane unit unit
  lane pile packages model browser_stack
  wait_lanes
  rm -f "$MODEL_READY"
else
  for p in unit stories conversations stack browser; do
    if want "$p"; then "part_$p"; fi
  done
fi
echo
echo "[test] tout est vert en $(( $(date +%s) - t0 )) s."

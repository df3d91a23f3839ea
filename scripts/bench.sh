#!/usr/bin/env bash
# make bench: start a bot on test ports (127.0.0.1), measure it through the REST channel with the action
# server running (latency of bare and knowledge turns, 20 simultaneous users for 60 s, memory, model
# size, training time from logs/train.log), write results/bench.{md,json,png} and the README block.
# TRAIN=1 make bench: train from scratch first (FORCE_TRAIN=1 scripts/train.sh), to time the training.
# BENCH_RASA_PORT / BENCH_ACTION_PORT change the ports; extra arguments go to scripts/bench.py.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
require_venv
if [ "${TRAIN:-0}" = 1 ]; then
  step "Entraînement depuis zéro pour le mesurer (TRAIN=1)"
  FORCE_TRAIN=1 bash scripts/train.sh
fi
[ -f "$MODEL" ] || die "modèle introuvable ($MODEL) : lancez 'make train'."
rasa_port=${BENCH_RASA_PORT:-5205}
action_port=${BENCH_ACTION_PORT:-5255}
trap stop_stack EXIT
step "Démarrage d'un bot de mesure sur 127.0.0.1:$rasa_port (actions sur $action_port)"
start_stack "$rasa_port" "$action_port" .data/bench.db bench
step "Mesures (latence, 20 personnes simultanées pendant 60 s, mémoire) — environ 2 min"
# start_stack's pids: the action server first, then Rasa
"$PY" scripts/bench.py --url "http://127.0.0.1:$rasa_port" --actions-pid "${STACK_PIDS[0]}" --rasa-pid "${STACK_PIDS[1]}" \
  --model "$MODEL" --train-log logs/train.log --label "${BENCH_LABEL:-}" --readme README.md "$@"

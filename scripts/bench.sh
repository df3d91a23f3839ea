#!/usr/bin/env bash
# make bench: start a bot on test ports, measure turn latency through the REST channel, stop it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
require_venv
[ -f "$MODEL" ] || die "modèle introuvable ($MODEL) : lancez 'make train'."
trap stop_stack EXIT
step "Démarrage d'un bot de mesure sur 127.0.0.1:${BENCH_RASA_PORT:-5205}"
start_stack "${BENCH_RASA_PORT:-5205}" "${BENCH_ACTION_PORT:-5255}" .data/bench.db bench
step "Mesure de latence (tours simples et tours « connaissance »)"
"$PY" scripts/bench.py --url "http://127.0.0.1:${BENCH_RASA_PORT:-5205}" --label "${BENCH_LABEL:-make bench}" "$@"

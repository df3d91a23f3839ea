#!/usr/bin/env bash
# Talk to the bot in the terminal: starts the action server in the background, then `rasa shell`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
require_venv
port_free "$ACTION_PORT" || die "le port $ACTION_PORT est déjà utilisé (un 'make run' tourne peut-être : utilisez la page web)."
"$PY" -m actions.kb validate >/dev/null || die "base de connaissances invalide (make validate-kb)."
mkdir -p .data logs
SANIC_HOST=127.0.0.1 "$PY" -m rasa_sdk --actions actions --port "$ACTION_PORT" > logs/actions.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
wait_http "http://127.0.0.1:$ACTION_PORT/health" 120 actions || die "le serveur d'actions ne démarre pas (logs/actions.log)."
TRACKER_DB=.data/shell.db; "$RASA" shell --model "$MODEL" --endpoints "$(render_endpoints)"

#!/usr/bin/env bash
# Start the action server, the Rasa server and the web page, all on 127.0.0.1. Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
require_venv
[ -f "$MODEL" ] || die "modèle introuvable ($MODEL) : lancez 'make train' (ou 'make run', qui entraîne si besoin)."

for p in "$ACTION_PORT" "$RASA_PORT" "$WEB_PORT"; do
  port_free "$p" || die "le port $p est déjà utilisé sur 127.0.0.1 : arrêtez l'autre programme ou choisissez un autre port (ex. RASA_PORT=5006 make run)."
done

step "Vérification de la base de connaissances"
"$PY" -m actions.kb validate || die "base de connaissances invalide : le bot ne démarre pas avec des données à moitié chargées."

mkdir -p .data logs
if [ -z "${CONSEILLER_TOKEN:-}" ]; then
  echo "[run] CONSEILLER_TOKEN n'est pas défini : la vue conseiller est désactivée (export CONSEILLER_TOKEN=… pour l'activer)."
fi
# the token that protects Rasa's HTTP API; only bot/server.py knows it, never the browser
export RASA_API_TOKEN="${RASA_API_TOKEN:-$("$PY" -c 'import secrets; print(secrets.token_urlsafe(24))')}"

pids=()
cleanup() {
  trap - EXIT INT TERM
  echo; echo "[run] arrêt…"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

step "Serveur d'actions sur 127.0.0.1:$ACTION_PORT"
SANIC_HOST=127.0.0.1 "$PY" -m rasa_sdk --actions actions --port "$ACTION_PORT" > logs/actions.log 2>&1 &
pids+=($!)
step "Serveur Rasa sur 127.0.0.1:$RASA_PORT (chargement du modèle…)"
"$RASA" run --model "$MODEL" --endpoints "$(render_endpoints)" --credentials credentials.yml \
  --interface 127.0.0.1 --port "$RASA_PORT" --enable-api --auth-token="$RASA_API_TOKEN" \
  --cors "http://127.0.0.1:$WEB_PORT" > logs/rasa.log 2>&1 &
pids+=($!)
step "Page web sur 127.0.0.1:$WEB_PORT"
"$PY" -m bot.server --host 127.0.0.1 --port "$WEB_PORT" > logs/web.log 2>&1 &
pids+=($!)

start=$(date +%s)
wait_http "http://127.0.0.1:$ACTION_PORT/health" 120 actions || die "le serveur d'actions ne répond pas (voir logs/actions.log)."
wait_http "http://127.0.0.1:$RASA_PORT/" 300 rasa || die "le serveur Rasa ne répond pas (voir logs/rasa.log)."
wait_http "http://127.0.0.1:$WEB_PORT/" 60 web || die "la page web ne répond pas (voir logs/web.log)."
echo
echo "Cap Industrie est prêt en $(( $(date +%s) - start )) s :"
echo "  • discuter :          http://127.0.0.1:$WEB_PORT/"
echo "  • vue conseiller :    http://127.0.0.1:$WEB_PORT/conseiller  (jeton CONSEILLER_TOKEN)"
echo "  • API Rasa :          http://127.0.0.1:$RASA_PORT/  • actions : http://127.0.0.1:$ACTION_PORT/health"
echo "Journaux dans logs/. Ctrl-C pour tout arrêter."
wait -n "${pids[@]}" || true
echo "[run] un des serveurs s'est arrêté (voir logs/)."

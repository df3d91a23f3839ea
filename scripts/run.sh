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
# the secret of the JWTs that bot/server.py signs for Rasa's HTTP API: never in a URL nor on a command
# line (scripts/rasa_run.py reads it from the environment); the browser never sees it
export RASA_JWT_SECRET="${RASA_JWT_SECRET:-$("$PY" -c 'import secrets; print(secrets.token_urlsafe(32))')}"
export ENDPOINTS="$(render_endpoints)" MODEL
# credentials.yml: socket.io only (the browser's way in, through bot/server.py); DEV=1 adds the REST
# channel (no authentication) for curl, make replay and the tests
if [ "${DEV:-0}" = 1 ]; then export CREDENTIALS=credentials.dev.yml; else export CREDENTIALS=credentials.yml; fi

sup=""
cleanup() {
  trap - EXIT INT TERM
  echo; echo "[run] arrêt…"
  [ -n "$sup" ] && kill -TERM "$sup" 2>/dev/null || true
  [ -n "$sup" ] && wait "$sup" 2>/dev/null || true
}
trap cleanup EXIT INT TERM

step "Serveur d'actions (127.0.0.1:$ACTION_PORT), serveur Rasa (127.0.0.1:$RASA_PORT), page web (127.0.0.1:$WEB_PORT), sous surveillance"
"$PY" scripts/supervise.py &
sup=$!

start=$(date +%s)
wait_http "http://127.0.0.1:$ACTION_PORT/health" 120 actions || die "le serveur d'actions ne répond pas (voir logs/actions.log)."
wait_http "http://127.0.0.1:$RASA_PORT/" 300 rasa || die "le serveur Rasa ne répond pas (voir logs/rasa.log)."
wait_http "http://127.0.0.1:$WEB_PORT/" 60 web || die "la page web ne répond pas (voir logs/web.log)."
echo
echo "Cap Industrie est prêt en $(( $(date +%s) - start )) s :"
echo "  • discuter :          http://127.0.0.1:$WEB_PORT/"
echo "  • vue conseiller :    http://127.0.0.1:$WEB_PORT/conseiller  (jeton CONSEILLER_TOKEN)"
echo "  • Rasa (127.0.0.1:$RASA_PORT) et actions (127.0.0.1:$ACTION_PORT) : joints par la page web seulement"
if [ "$CREDENTIALS" = credentials.dev.yml ]; then
  echo "  • DEV=1 : canal REST ouvert sur http://127.0.0.1:$RASA_PORT/webhooks/rest/webhook (sans authentification)"
fi
echo "Un serveur qui s'arrête est redémarré (ligne [supervise] ici et dans logs/). Journaux dans logs/. Ctrl-C pour tout arrêter."
wait "$sup" || true

# Shared settings for the scripts (sourced, not run).
export RASA_TELEMETRY_ENABLED=false
export TF_CPP_MIN_LOG_LEVEL=2
export PYTHONWARNINGS="ignore"
export SQLALCHEMY_SILENCE_UBER_WARNING=1
export RASA_PORT="${RASA_PORT:-5005}"
export ACTION_PORT="${ACTION_PORT:-5055}"
export WEB_PORT="${WEB_PORT:-8080}"
export TRACKER_DB="${TRACKER_DB:-.data/trackers.db}"
# conversation numbers given to conseillers (bot/numbers.py), kept beside the conversations
export HANDOFF_DB="${HANDOFF_DB:-$(dirname "$TRACKER_DB")/handoff.db}"
export RETENTION_DAYS="${RETENTION_DAYS:-30}"
VENV=.venv
PY="$VENV/bin/python"
RASA=scripts/rasa   # .venv/bin/rasa through scripts/rasa_cli.py (cost fixes of Rasa 3.6)
MODEL="${MODEL:-models/cap-industrie.tar.gz}"

die() { echo "ERREUR : $*" >&2; exit 1; }
step() { echo; echo "==> $*"; }

require_venv() {
  [ -x "$PY" ] || die "environnement absent : lancez d'abord 'make setup'."
}

port_free() {  # port_free PORT -> exit 0 if nothing listens on 127.0.0.1:PORT
  "$PY" - "$1" <<'PYEOF'
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()
PYEOF
}

wait_http() {  # wait_http URL SECONDS NAME
  local url=$1 timeout=$2 name=$3 i=0
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    i=$((i + 1))
    [ "$i" -ge "$timeout" ] && return 1
    sleep 1
  done
}

render_endpoints() {  # writes .data/endpoints.run.RASA_PORT.yml for ACTION_PORT / TRACKER_DB and prints its path
  # one file per Rasa port: a restarted Rasa re-reads it, so two stacks must not share it
  mkdir -p .data
  local out=".data/endpoints.run.$RASA_PORT.yml"
  "$PY" - "$out" <<'PYEOF'
import os, sys, yaml
with open("endpoints.yml", encoding="utf-8") as fh:
    conf = yaml.safe_load(fh)
conf["action_endpoint"]["url"] = f"http://127.0.0.1:{os.environ['ACTION_PORT']}/webhook"
conf["tracker_store"]["db"] = os.environ["TRACKER_DB"]
with open(sys.argv[1], "w", encoding="utf-8") as fh:
    yaml.safe_dump(conf, fh, sort_keys=False)
PYEOF
  echo "$out"
}

# A bot stack for tests and benchmarks: action server + Rasa (REST channel) on 127.0.0.1, with its own
# tracker database. start_stack RASA_PORT ACTION_PORT DB LOGPREFIX ; stop_stack
STACK_PIDS=()
start_stack() {
  local rasa_port=$1 action_port=$2 db=$3 log=$4
  mkdir -p "$(dirname "$db")" logs
  rm -f "$db"
  port_free "$rasa_port" || die "le port $rasa_port est déjà utilisé sur 127.0.0.1."
  port_free "$action_port" || die "le port $action_port est déjà utilisé sur 127.0.0.1."
  SANIC_HOST=127.0.0.1 "$PY" -m rasa_sdk --actions actions --port "$action_port" > "logs/$log-actions.log" 2>&1 &
  STACK_PIDS+=($!)
  local endpoints=".data/endpoints.$log.yml"
  ACTION_PORT=$action_port TRACKER_DB=$db "$PY" - "$endpoints" <<'PYEOF'
import os, sys, yaml
with open("endpoints.yml", encoding="utf-8") as fh:
    conf = yaml.safe_load(fh)
conf["action_endpoint"]["url"] = f"http://127.0.0.1:{os.environ['ACTION_PORT']}/webhook"
conf["tracker_store"]["db"] = os.environ["TRACKER_DB"]
with open(sys.argv[1], "w", encoding="utf-8") as fh:
    yaml.safe_dump(conf, fh, sort_keys=False)
PYEOF
  "$RASA" run --model "$MODEL" --endpoints "$endpoints" --credentials credentials.dev.yml \
    --interface 127.0.0.1 --port "$rasa_port" > "logs/$log-rasa.log" 2>&1 &
  STACK_PIDS+=($!)
  wait_http "http://127.0.0.1:$action_port/health" 120 actions || die "le serveur d'actions ne démarre pas (logs/$log-actions.log)."
  local i=0
  until curl -fsS -o /dev/null "http://127.0.0.1:$rasa_port/" 2>/dev/null && \
        curl -fsS -XPOST -H 'Content-Type: application/json' -o /dev/null \
          -d '{"sender":"stack-warmup","message":"bonjour"}' "http://127.0.0.1:$rasa_port/webhooks/rest/webhook" 2>/dev/null; do
    i=$((i + 1)); [ "$i" -ge 300 ] && die "le serveur Rasa ne répond pas (logs/$log-rasa.log)."
    sleep 1
  done
}
stop_stack() {
  for pid in "${STACK_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait "${STACK_PIDS[@]}" 2>/dev/null || true
  STACK_PIDS=()
}

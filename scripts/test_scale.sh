#!/usr/bin/env bash
# make test-scale: PostgreSQL tracker store + Redis lock store shared by two Rasa instances (127.0.0.1 only),
# then scripts/load_scale.py: 20 conversations for 60 s on one instance, then on two (each turn of a
# conversation alternating between them) with a double-click conversation; counts lost / doubled /
# reordered / interleaved messages in the tracker store. Results appended to results/scale.md.
# Needs: PostgreSQL server binaries (initdb, pg_ctl: /usr/lib/postgresql/*/bin) and redis-server.
# Ports: SCALE_PG_PORT (5732), SCALE_REDIS_PORT (5733), SCALE_RASA_PORTS (5707 5708), SCALE_ACTION_PORT (5757).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
require_venv
[ -f "$MODEL" ] || die "modèle introuvable ($MODEL) : make train."
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
[ -x "$PGBIN/initdb" ] || die "initdb introuvable (/usr/lib/postgresql/*/bin) : installez le serveur PostgreSQL."
command -v redis-server >/dev/null || die "redis-server introuvable : apt-get install redis-server."
PG_PORT=${SCALE_PG_PORT:-5732}; REDIS_PORT=${SCALE_REDIS_PORT:-5733}; ACT=${SCALE_ACTION_PORT:-5757}
read -r -a RPORTS <<< "${SCALE_RASA_PORTS:-5707 5708}"
USERS=${SCALE_USERS:-20}; SECONDS_=${SCALE_SECONDS:-60}
for p in "$PG_PORT" "$REDIS_PORT" "$ACT" "${RPORTS[@]}"; do port_free "$p" || die "le port $p est déjà utilisé."; done

work=$(mktemp -d "${TMPDIR:-/tmp}/cap-scale.XXXXXX")
chmod 755 "$work"
pids=()
PGUSER_RUN=()
if [ "$(id -u)" = 0 ]; then  # PostgreSQL refuses to run as root: run it as nobody, in the temporary folder
  chown nobody "$work"; PGUSER_RUN=(runuser -u nobody --)
fi
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait "${pids[@]}" 2>/dev/null || true
  "${PGUSER_RUN[@]}" "$PGBIN/pg_ctl" -D "$work/pg" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

step "PostgreSQL (127.0.0.1:$PG_PORT) et Redis (127.0.0.1:$REDIS_PORT), données dans $work"
"${PGUSER_RUN[@]}" "$PGBIN/initdb" -D "$work/pg" -U cap --auth=trust >/dev/null
"${PGUSER_RUN[@]}" "$PGBIN/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$work -c max_connections=200" start >/dev/null
"$PGBIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U cap rasa
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --protected-mode yes \
  > logs/scale-redis.log 2>&1 &
pids+=($!)

ENDPOINTS="$work/endpoints.yml"
ACTION_PORT=$ACT PG_PORT=$PG_PORT REDIS_PORT=$REDIS_PORT "$PY" - "$ENDPOINTS" <<'PYEOF'
import os, sys, yaml
conf = yaml.safe_load(open("endpoints.yml", encoding="utf-8"))
conf["action_endpoint"]["url"] = f"http://127.0.0.1:{os.environ['ACTION_PORT']}/webhook"
conf["tracker_store"] = {"type": "SQL", "dialect": "postgresql", "url": "127.0.0.1", "port": int(os.environ["PG_PORT"]),
                         "db": "rasa", "username": "cap", "password": ""}
conf["lock_store"] = {"type": "redis", "url": "127.0.0.1", "port": int(os.environ["REDIS_PORT"]), "db": 1}
yaml.safe_dump(conf, open(sys.argv[1], "w", encoding="utf-8"), sort_keys=False)
PYEOF

step "Serveur d'actions (127.0.0.1:$ACT) et ${#RPORTS[@]} instances Rasa (${RPORTS[*]}), même base, même verrou"
SANIC_HOST=127.0.0.1 nice -n 10 "$PY" -m rasa_sdk --actions actions --port "$ACT" > logs/scale-actions.log 2>&1 &
pids+=($!)
for p in "${RPORTS[@]}"; do
  nice -n 10 "$RASA" run --model "$MODEL" --endpoints "$ENDPOINTS" --credentials credentials.dev.yml \
    --interface 127.0.0.1 --port "$p" > "logs/scale-rasa-$p.log" 2>&1 &
  pids+=($!)
done
wait_http "http://127.0.0.1:$ACT/health" 120 actions || die "serveur d'actions (logs/scale-actions.log)"
urls=()
for p in "${RPORTS[@]}"; do
  i=0
  until curl -fsS -XPOST -H 'Content-Type: application/json' -o /dev/null \
        -d '{"sender":"scale-warmup","message":"bonjour"}' "http://127.0.0.1:$p/webhooks/rest/webhook" 2>/dev/null; do
    i=$((i + 1)); [ "$i" -ge 400 ] && die "Rasa $p ne répond pas (logs/scale-rasa-$p.log)"
    sleep 1
  done
  urls+=("http://127.0.0.1:$p")
done
PG="postgresql://cap@127.0.0.1:$PG_PORT/rasa"
rc=0
step "Charge : $USERS conversations, $SECONDS_ s, une instance"
"$PY" scripts/load_scale.py --urls "${urls[0]}" --users "$USERS" --seconds "$SECONDS_" --pg "$PG" --double \
  --label "une instance" || rc=1
step "Charge : $USERS conversations, $SECONDS_ s, deux instances (chaque tour change d'instance)"
"$PY" scripts/load_scale.py --urls "$(IFS=,; echo "${urls[*]}")" --users "$USERS" --seconds "$SECONDS_" --pg "$PG" \
  --label "deux instances, tours alternés" || rc=1
echo; tail -n 3 results/scale.md
exit $rc

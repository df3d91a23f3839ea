#!/usr/bin/env bash
# make test-scale: PostgreSQL tracker store + Redis lock store shared by two Rasa instances (127.0.0.1 only),
# then scripts/load_scale.py: 20 conversations for 60 s on one instance, then on two (each turn of a
# conversation alternating between them) with a double-click conversation; counts lost / doubled /
# reordered / interleaved messages in the tracker store; then the same load as people on the page make it,
# socket.io through the web server (bot/server.py) to one instance, then to both with sticky routing by
# conversation number. Results appended to results/scale.md.
# Needs: PostgreSQL server binaries (initdb, pg_ctl: /usr/lib/postgresql/*/bin) and redis-server.
# Ports: SCALE_PG_PORT (5732), SCALE_REDIS_PORT (5733), SCALE_RASA_PORTS (5707 5708), SCALE_ACTION_PORT (5757),
# SCALE_WEB_PORTS (5781 5782: the page in front of one instance, and in front of both).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
require_venv
[ -f "$MODEL" ] || die "modèle introuvable ($MODEL) : make train."
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
[ -x "$PGBIN/initdb" ] || die "initdb introuvable (/usr/lib/postgresql/*/bin) : installez le serveur PostgreSQL."
bash scripts/install_package.sh redis redis-server redis-server || die "redis-server introuvable (voir ci-dessus)."
PG_PORT=${SCALE_PG_PORT:-5732}; REDIS_PORT=${SCALE_REDIS_PORT:-5733}; ACT=${SCALE_ACTION_PORT:-5757}
read -r -a RPORTS <<< "${SCALE_RASA_PORTS:-5707 5708}"
read -r -a WPORTS <<< "${SCALE_WEB_PORTS:-5781 5782}"
USERS=${SCALE_USERS:-20}; SECONDS_=${SCALE_SECONDS:-60}
for p in "$PG_PORT" "$REDIS_PORT" "$ACT" "${RPORTS[@]}" "${WPORTS[@]}"; do port_free "$p" || die "le port $p est déjà utilisé."; done

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
# the lock store: bot/lock_store.py (atomic across instances); SCALE_LOCK_STORE=redis for Rasa's own,
# whose race (RasaHQ/rasa#9213) loses messages when one conversation reaches both instances at once
LOCK_STORE=${SCALE_LOCK_STORE:-bot.lock_store.AtomicRedisLockStore}
ACTION_PORT=$ACT PG_PORT=$PG_PORT REDIS_PORT=$REDIS_PORT LOCK_STORE=$LOCK_STORE "$PY" - "$ENDPOINTS" <<'PYEOF'
import os, sys, yaml
conf = yaml.safe_load(open("endpoints.yml", encoding="utf-8"))
conf["action_endpoint"]["url"] = f"http://127.0.0.1:{os.environ['ACTION_PORT']}/webhook"
conf["tracker_store"] = {"type": "SQL", "dialect": "postgresql", "url": "127.0.0.1", "port": int(os.environ["PG_PORT"]),
                         "db": "rasa", "username": "cap", "password": ""}
conf["lock_store"] = {"type": os.environ["LOCK_STORE"], "url": "127.0.0.1", "port": int(os.environ["REDIS_PORT"]), "db": 1}
yaml.safe_dump(conf, open(sys.argv[1], "w", encoding="utf-8"), sort_keys=False)
PYEOF

step "Serveur d'actions (127.0.0.1:$ACT) et ${#RPORTS[@]} instances Rasa (${RPORTS[*]}), même base, même verrou ($LOCK_STORE)"
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
# the page: one web server in front of the first instance, one in front of both (sticky by conversation number)
web_urls=("${urls[0]}" "$(IFS=,; echo "${urls[*]}")")
for i in 0 1; do
  RASA_URL="${web_urls[$i]}" HANDOFF_DB="$work/handoff-$i.db" CAP_CONVERSATION_SECRET="scale-$RANDOM-$RANDOM" \
    CONSEILLER_TOKEN="" RASA_JWT_SECRET="" nice -n 10 "$PY" -m bot.server --host 127.0.0.1 --port "${WPORTS[$i]}" \
    > "logs/scale-web-${WPORTS[$i]}.log" 2>&1 &
  pids+=($!)
done
for p in "${WPORTS[@]}"; do wait_http "http://127.0.0.1:$p/sante" 60 web || die "page web $p (logs/scale-web-$p.log)"; done
PG="postgresql://cap@127.0.0.1:$PG_PORT/rasa"
rc=0
step "Charge : $USERS conversations, $SECONDS_ s, une instance"
"$PY" scripts/load_scale.py --urls "${urls[0]}" --users "$USERS" --seconds "$SECONDS_" --pg "$PG" --double \
  --label "une instance" || rc=1
step "Charge : $USERS conversations, $SECONDS_ s, deux instances (chaque tour change d'instance)"
"$PY" scripts/load_scale.py --urls "$(IFS=,; echo "${urls[*]}")" --users "$USERS" --seconds "$SECONDS_" --pg "$PG" \
  --label "deux instances, tours alternés, verrou ${LOCK_STORE##*.}" || rc=1
step "Charge : $USERS personnes sur la page, $SECONDS_ s, socket.io par le serveur web, une instance"
"$PY" scripts/load_scale.py --urls "${urls[0]}" --web "http://127.0.0.1:${WPORTS[0]}" --users "$USERS" \
  --seconds "$SECONDS_" --pg "$PG" --double --label "page (socket.io par le serveur web), une instance" || rc=1
step "Charge : $USERS personnes sur la page, $SECONDS_ s, socket.io par le serveur web, deux instances (routage collant)"
"$PY" scripts/load_scale.py --urls "$(IFS=,; echo "${urls[*]}")" --web "http://127.0.0.1:${WPORTS[1]}" --users "$USERS" \
  --seconds "$SECONDS_" --pg "$PG" --label "page (socket.io par le serveur web), deux instances, routage collant" || rc=1
step "Verrou Redis : l'atomique de bot/lock_store.py et celui de Rasa sur la même course (tests/stack/test_lock_store.py)"
LOCK_STORE_COMPARISON=1 "$PY" -m pytest -q -s -p no:cacheprovider tests/stack/test_lock_store.py || rc=1
step "Rétention sur PostgreSQL : rien d'effacé aujourd'hui, tout effacé 2 jours plus tard avec RETENTION_DAYS=1"
kept=$("$PY" scripts/purge.py --db "$PG" --days 1 --handoff "$work/none.db")
echo "  $kept"
case "$kept" in *" 0 conversation(s)"*) ;; *) echo "  ÉCHEC : des conversations récentes ont été effacées"; rc=1;; esac
psql_value() { "$PGBIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U cap -d rasa -Atc "$1"; }
before=$(psql_value "SELECT COUNT(DISTINCT sender_id) FROM events")
gone=$("$PY" scripts/purge.py --db "$PG" --days 1 --ahead-days 2 --handoff "$work/none.db")
after=$(psql_value "SELECT COUNT(*) FROM events")
echo "  $gone ; conversations avant : $before ; événements restants : $after"
case "$gone" in *" $before conversation(s)"*) ;; *) rc=1;; esac
[ "$after" = 0 ] || { echo "  ÉCHEC : $after événements restent après la purge"; rc=1; }
echo; tail -n 5 results/scale.md
exit $rc

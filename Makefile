# Cap Industrie — the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export RASA_TELEMETRY_ENABLED := false
PY := .venv/bin/python

.PHONY: help setup train run test test-unit test-stories test-conversations test-stack test-scale test-all test-browser replay purge export-story audit nlu-baseline validate-kb nlu-lookups bench bench-kb eval eval-longtail eval-reco calibrate-search shell clean

help: ## list the commands
	@grep -E '^[a-z-]+:.*## ' Makefile | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

setup: ## create .venv with Python 3.10 and the pinned requirements (idempotent)
	@bash scripts/setup.sh

train: setup ## train the model if data, domain or config changed
	@bash scripts/train.sh

run: train ## start actions + Rasa + web page on 127.0.0.1, supervised (DEV=1: also Rasa's REST channel)
	@bash scripts/run.sh

test: setup ## the whole test suite (what CI runs)
	@bash scripts/test.sh

test-unit: setup ## knowledge checks + pytest unit tests only
	@bash scripts/test.sh unit

test-stories: train ## NLU gate on tests/nlu/ + the test stories (one model load); report in results/stories.md
	@bash scripts/test.sh stories

test-conversations: train ## replay tests/conversations/ on a bot started for the test
	@bash scripts/test.sh conversations

replay: ## replay FILE=tests/conversations/x.yml (or the folder) against the running bot (DEV=1 make run: REST); URL=, DB= to change
	@$(PY) scripts/replay.py $(or $(FILE),tests/conversations) --url $(or $(URL),http://127.0.0.1:$${RASA_PORT:-5005}) \
	  --tracker-db $(or $(DB),.data/trackers.db) --report results/replay.md

export-story: setup ## freeze a conversation as a test: SENDER=… (or CODE=, the conversation number); DB=, NAME=, OUT=, STORY=, FORCE=1
	@$(PY) scripts/export_story.py "$(SENDER)" --code "$(CODE)" --db "$(or $(DB),$${TRACKER_DB:-.data/trackers.db})" \
	  --name "$(NAME)" --out "$(OUT)" --story-out "$(STORY)" $(if $(FORCE),--force)

nlu-baseline: train ## refresh tests/nlu_baseline.json (per-intent F1 and confusions that make test compares with)
	@rm -rf results/nlu && mkdir -p results logs && echo "[nlu] tests/nlu/ sur le modèle (journal : logs/test-nlu.log)…" && \
	  $(PY) scripts/model_tests.py --model $${MODEL:-models/cap-industrie.tar.gz} --nlu tests/nlu --nlu-out results/nlu > logs/test-nlu.log 2>&1 && \
	  $(PY) scripts/nlu_gate.py results/nlu --write-baseline

test-stack: train ## the make-run stack: closed doors, faults (servers killed), hostile socket.io input
	@bash scripts/test.sh stack

test-scale: train ## PostgreSQL + Redis + two Rasa instances, 20 conversations 60 s on one then two: lost/reordered messages
	@bash scripts/test_scale.sh

test-all: test test-scale ## make test, then make test-scale (too long for CI)

purge: setup ## delete conversations older than RETENTION_DAYS (default 30); DRY=1 to only count
	@$(PY) scripts/purge.py $(if $(DRY),--dry-run)

test-browser: train ## browser tests (headless Chromium)
	@bash scripts/test.sh browser

audit: setup ## N random facts (N=30, SEED=) with their source and the sentence of the source document that supports them; ALL=1 for the whole base
	@$(PY) scripts/audit.py -n $(or $(N),30) $(if $(SEED),--seed $(SEED)) $(if $(ALL),--all) --out results/audit.md

validate-kb: setup ## check knowledge/*.yml (readable errors, exit 1 when invalid)
	@$(PY) -m actions.kb validate

nlu-lookups: setup ## regenerate data/nlu/generated/ from knowledge/
	@$(PY) -m actions.kb nlu-lookups

bench-kb: setup ## knowledge-layer benchmark (20,000 synthetic events)
	@$(PY) scripts/bench_kb.py

eval: train ## NLU on the held-out set + core on the test stories; writes results/ and the README figures
	@bash scripts/eval.sh

eval-longtail: train ## held-out long-tail questions (tests/longtail/) on a bot started for it, report in results/longtail.md
	@bash scripts/eval_longtail.sh

eval-reco: setup ## trade suggestions on the profiles of tests/reco/ (constraints, acceptable trades, reasons), report in results/reco.md
	@$(PY) scripts/eval_reco.py --gate

calibrate-search: setup ## thresholds of the knowledge search, from tests/nlu/ and tests/conversations/
	@$(PY) scripts/calibrate_search.py

shell: train ## talk to the bot in the terminal (starts the action server)
	@bash scripts/shell.sh

clean: ## remove models, results and build output (keeps .venv)
	rm -rf models results build .data logs

bench: train ## bare vs knowledge turns, 20 users for 60 s, memory, model size, training time (own bot on 127.0.0.1); results/bench.md, README; TRAIN=1 times a training from scratch
	@bash scripts/bench.sh

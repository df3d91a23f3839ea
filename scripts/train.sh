#!/usr/bin/env bash
# Train the model only when config, domain, NLU/stories/rules or the custom NLU component changed.
# FORCE_TRAIN=1: train from scratch (rasa train --force: no fingerprint check, no Rasa cache), to time it.
# Each training appends one line to logs/train.log (read by make bench):
#   <UTC date> commit=<short sha> seconds=<n> scratch=<0|1> model=<path> bytes=<model size>
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
require_venv

step "Tables NLU générées depuis knowledge/"
"$PY" -m actions.kb nlu-lookups

fingerprint=$(cat config.yml domain.yml $(find data components -type f \( -name '*.yml' -o -name '*.py' \) | sort) | sha256sum | cut -d' ' -f1)
if [ "${FORCE_TRAIN:-0}" != 1 ] && [ -f "$MODEL" ] && [ -f models/.fingerprint ] && [ "$(cat models/.fingerprint)" = "$fingerprint" ]; then
  echo "[train] modèle à jour ($MODEL) : rien à entraîner."
  exit 0
fi
step "Entraînement du modèle (NLU spaCy fr + DIET + sélecteur de questions fréquentes, règles) — environ 3 min sur 2 cœurs"
force=(); scratch=0
if [ "${FORCE_TRAIN:-0}" = 1 ]; then
  force=(--force); export RASA_MAX_CACHE_SIZE=0
  echo "[train] FORCE_TRAIN=1 : entraînement complet, sans cache"
fi
[ "${RASA_MAX_CACHE_SIZE:-}" = 0 ] && scratch=1
start=$(date +%s)
# scripts/rasa (rasa_cli.py) is `rasa`, minus the fingerprints of Rasa's training cache when that
# cache is off (RASA_MAX_CACHE_SIZE=0, as in CI: a fresh clone has nothing to reuse; about 50 s saved).
# The data are checked by `rasa data validate` (make test, step 3), hence --skip-validation.
"$RASA" train --config config.yml --domain domain.yml --data data --out models \
  --fixed-model-name cap-industrie --num-threads 2 --skip-validation "${force[@]}"
echo "$fingerprint" > models/.fingerprint
seconds=$(( $(date +%s) - start ))
mkdir -p logs
echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) commit=$(git rev-parse --short HEAD 2>/dev/null || echo '?') seconds=$seconds scratch=$scratch model=$MODEL bytes=$(stat -c %s "$MODEL" 2>/dev/null || echo 0)" >> logs/train.log
echo "[train] modèle entraîné en $seconds s : $MODEL (durée ajoutée à logs/train.log)"

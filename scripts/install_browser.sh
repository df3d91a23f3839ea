#!/usr/bin/env bash
# Install the Chromium browser used by the browser tests (tests/browser), from Debian's packages.
# Idempotent: does nothing when `chromium` is already on PATH. Never downloads a browser build
# of its own (no `playwright install`).
set -euo pipefail
exec bash "$(dirname "$0")/install_package.sh" navigateur chromium chromium fonts-dejavu-core

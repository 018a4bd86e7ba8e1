#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine lacks for tagstream's full test
# suite: Debian's Chromium for the browser tests, then the npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  echo "setup: installing Debian's chromium for the browser tests" >&2
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium
fi

echo "setup: npm ci" >&2
npm ci --no-audit --no-fund

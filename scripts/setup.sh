#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine lacks for tagstream's full test
# suite: Debian's Chromium for the browser tests, fonts for CJK, Devanagari and
# colour emoji (tags in those scripts otherwise render as boxes, in the tests'
# screenshots too; Arabic and Hebrew come with Chromium's DejaVu), then the npm
# packages. redis-server (Debian's, 7.x) for the tests of the scale-out mode on Redis.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  missing+=(chromium)
fi
if ! command -v redis-server >/dev/null 2>&1; then
  missing+=(redis-server)
fi
for font in fonts-noto-cjk fonts-noto-color-emoji fonts-lohit-deva; do
  if ! dpkg-query -W -f='${Status}' "$font" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$font")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing Debian's ${missing[*]} for the tests" >&2
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}"
fi

echo "setup: npm ci" >&2
npm ci --no-audit --no-fund

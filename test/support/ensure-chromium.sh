#!/usr/bin/env bash
# npm's pretest: the Swagger UI e2e test drives Debian's Chromium (test tools cannot
# download a browser here). Installs it where it can (Debian, as root), else says how.
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$browser" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the Swagger UI test…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "The Swagger UI test needs Chromium at $browser: install Debian's 'chromium' package or set CHROMIUM_PATH." >&2
  exit 1
fi

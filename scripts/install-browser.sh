#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests when it is not on the machine.
# Playwright drives this system browser; nothing downloads a browser build of its own.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [[ $(id -u) -eq 0 ]]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "error: chromium is missing and this user cannot install it" >&2
  echo "  fix: install Debian's 'chromium' package (apt-get install chromium) as root" >&2
  exit 2
fi
echo "installing Debian's chromium for the browser tests ..." >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium >/dev/null
command -v chromium >/dev/null

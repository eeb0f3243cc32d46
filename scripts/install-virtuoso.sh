#!/usr/bin/env bash
# Installs Debian's Virtuoso server binary for the tests that push to a second real store and
# query it (tests/server/test_virtuoso.py) when it is not on the machine. Only the binary
# package: no service is started and no system database is made; the tests start a private
# instance on loopback and remove it afterwards.
set -euo pipefail
if command -v virtuoso-t >/dev/null 2>&1; then
  exit 0
fi
if [[ $(id -u) -eq 0 ]]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "error: virtuoso-t is missing and this user cannot install it" >&2
  echo "  fix: install Debian's 'virtuoso-opensource-7-bin' package as root" >&2
  exit 2
fi
echo "installing Debian's virtuoso-opensource-7-bin for the store tests ..." >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends virtuoso-opensource-7-bin >/dev/null
command -v virtuoso-t >/dev/null

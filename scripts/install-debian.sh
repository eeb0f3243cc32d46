#!/usr/bin/env bash
# Installs a Debian package that some tests need when the command it provides is missing:
#   scripts/install-debian.sh COMMAND PACKAGE PURPOSE [apt-get install options ...]
# `make test` uses it for Chromium (driven by Playwright: nothing downloads a browser build of
# its own) and for Virtuoso's server binary (the tests start a private instance on loopback;
# the binary package starts no service).
set -euo pipefail
command_name=$1 package=$2 purpose=$3
shift 3
if command -v "$command_name" >/dev/null 2>&1; then
  exit 0
fi
if [[ $(id -u) -eq 0 ]]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "error: $command_name is missing and this user cannot install it" >&2
  echo "  fix: install Debian's '$package' package (apt-get install $package) as root" >&2
  exit 2
fi
echo "installing Debian's $package for $purpose ..." >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "$@" "$package" >/dev/null
command -v "$command_name" >/dev/null

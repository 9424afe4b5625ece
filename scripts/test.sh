#!/usr/bin/env bash
# The whole test suite on a fresh Debian/Ubuntu machine: the system packages the tests need
# (bubblewrap for the grading sandbox, Chromium for the browser tests, a Japanese font so that
# pages show the Japanese terms instead of empty boxes), a virtual environment with
# requirements.txt, then pytest. Run from anywhere: bash scripts/test.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
{ command -v fc-list >/dev/null 2>&1 && fc-list :lang=ja family | grep -q .; } || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing system packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
.venv/bin/pip install --quiet -r requirements.txt
exec .venv/bin/python -m pytest "$@"

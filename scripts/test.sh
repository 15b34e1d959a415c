#!/usr/bin/env bash
# Second README command: the whole test suite against PostgreSQL (127.0.0.1:5432, database
# `test`, trust auth), plus lint (ruff) and the engine's type check (mypy --strict).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/_env.sh

# The browser test drives Debian's Chromium; PDF tests read text with pdftotext.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "==> Installing ${missing[*]} from Debian"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "!! Missing ${missing[*]}: install them (sudo apt-get install ${missing[*]})"
  fi
fi

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
echo "==> ruff"
.venv/bin/ruff check .
echo "==> mypy --strict (outcome engine)"
.venv/bin/mypy
echo "==> pytest"
.venv/bin/pytest "$@"

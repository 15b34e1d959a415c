# Shared by scripts/demo.sh and scripts/test.sh: a virtual environment with the project,
# the npm packages (dkfds) and compiled translations. Safe to run again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
if [ ! -x .venv/bin/python ]; then
  echo "==> Creating virtual environment (.venv) with $PYTHON"
  "$PYTHON" -m venv .venv
fi
echo "==> Installing Python packages"
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[${BROBYG_EXTRAS:-dev}]"

echo "==> Installing front-end packages (dkfds) from npm"
npm ci --no-audit --no-fund --loglevel=error

if command -v msgfmt >/dev/null 2>&1; then
  echo "==> Compiling translations"
  .venv/bin/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0
else
  echo "!! msgfmt (gettext) not found: English translations unavailable (apt-get install gettext)"
fi

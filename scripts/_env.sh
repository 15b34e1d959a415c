# Shared by scripts/demo.sh and scripts/test.sh: a virtual environment with the project,
# the npm packages (dkfds) and compiled translations. Safe to run again. Each step says what it
# does and shows its progress, so a first run (several minutes) never looks hung.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
if [ ! -x .venv/bin/python ]; then
  echo "==> Creating virtual environment (.venv) with $PYTHON"
  "$PYTHON" -m venv .venv
fi
echo "==> Updating pip"
.venv/bin/python -m pip install --quiet --upgrade pip --disable-pip-version-check
echo "==> Installing Python packages (Django, WeasyPrint, numpy, scipy …; the first run downloads"
echo "    about 150 MB and takes a few minutes; later runs only check what is installed)"
.venv/bin/python -m pip install -e ".[${BROBYG_EXTRAS:-dev}]" --progress-bar on --disable-pip-version-check
echo "    Python packages ready."

echo "==> Installing front-end packages (dkfds, the Danish common design system) from npm"
npm ci --no-audit --no-fund --loglevel=notice
echo "    Front-end packages ready."

if command -v msgfmt >/dev/null 2>&1; then
  echo "==> Compiling translations (English catalogues)"
  .venv/bin/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0
else
  echo "!! msgfmt (gettext) not found: English translations unavailable (apt-get install gettext)"
fi

#!/usr/bin/env bash
# First README command: set everything up on the embedded default (SQLite), load the demo
# municipality and serve Brobyg at http://127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DJANGO_SETTINGS_MODULE=brobyg.settings.dev
BROBYG_EXTRAS="${BROBYG_EXTRAS:-dev}" source scripts/_env.sh

echo "==> Collecting static files"
.venv/bin/python manage.py collectstatic --noinput -v 0
echo "==> Creating the database (SQLite: db.sqlite3)"
.venv/bin/python manage.py migrate --noinput -v 0
echo "==> Loading demo data"
.venv/bin/python manage.py seed_demo
echo "==> Starting the background worker (large imports; stopped with the server)"
.venv/bin/python manage.py run_worker --verbosity 0 &
WORKER_PID=$!
trap 'kill "$WORKER_PID" 2>/dev/null; wait "$WORKER_PID" 2>/dev/null || true' EXIT
echo "==> Brobyg runs at http://${BROBYG_ADDR:-127.0.0.1:8000}  (Ctrl+C stops it)"
.venv/bin/python manage.py runserver "${BROBYG_ADDR:-127.0.0.1:8000}"

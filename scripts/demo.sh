#!/usr/bin/env bash
# First README command: set everything up on the embedded default (SQLite), load the demo
# municipality and serve Brobyg at http://127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DJANGO_SETTINGS_MODULE=brobyg.settings.dev
BROBYG_EXTRAS="${BROBYG_EXTRAS:-dev}" source scripts/_env.sh

echo "==> Collecting static files into staticfiles/ (dkfds, htmx, Brobyg's CSS and JavaScript;"
echo "    compressed and fingerprinted, so the first run takes a minute)"
.venv/bin/python manage.py collectstatic --noinput -v 1
echo "==> Creating the database (SQLite: db.sqlite3) and applying migrations"
.venv/bin/python manage.py migrate --noinput -v 1
echo "==> Loading demo data (Kolding and a little of Aarhus; about half a minute)"
.venv/bin/python manage.py seed_demo
echo "==> Starting the background worker (large imports; stopped with the server)"
.venv/bin/python manage.py run_worker --verbosity 0 &
WORKER_PID=$!
trap 'kill "$WORKER_PID" 2>/dev/null; wait "$WORKER_PID" 2>/dev/null || true' EXIT
echo "==> Brobyg runs at http://${BROBYG_ADDR:-127.0.0.1:8000}  (Ctrl+C stops it)"
.venv/bin/python manage.py runserver "${BROBYG_ADDR:-127.0.0.1:8000}"

#!/usr/bin/env bash
# Production serving: refuse to start on unapplied migrations or failed deployment checks, then
# run gunicorn with brobyg/gunicorn.conf.py. Migrations are applied beforehand by the owner
# role (docs/deploy.md, "Upgrade"); this script runs as the serving role and never migrates.
# Environment: DJANGO_SETTINGS_MODULE (default production), DATABASE_URL, SECRET_KEY, keys,
# BROBYG_ADDR (default 127.0.0.1:8000), WEB_CONCURRENCY, GUNICORN_THREADS.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-brobyg.settings.production}"
PYTHON="${PYTHON:-.venv/bin/python}"

echo "==> Checking that every migration is applied"
if ! "$PYTHON" manage.py migrate --check --noinput >/dev/null; then
  echo "!! Unapplied migrations: run 'manage.py migrate' as the owner role first (docs/deploy.md)" >&2
  exit 1
fi
if [ ! -f staticfiles/staticfiles.json ]; then
  echo "!! No collected static files: run 'manage.py collectstatic --noinput' first (docs/deploy.md)" >&2
  exit 1
fi
echo "==> Deployment checks"
"$PYTHON" manage.py check --deploy --fail-level WARNING
echo "==> Serving Brobyg at ${BROBYG_ADDR:-127.0.0.1:8000} (gunicorn)"
exec "$PYTHON" -m gunicorn --config brobyg/gunicorn.conf.py

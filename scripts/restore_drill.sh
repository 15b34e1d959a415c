#!/usr/bin/env bash
# Restore drill: restore a pg_dump (custom format) into a scratch database, check that its
# schema matches this release (migrate --check) and compare the row count of every table
# with the live database; then drop the scratch database. Exit 1 if the restore or the
# migration check fails; row differences are listed (rows written since the dump are normal).
#
#   scripts/restore_drill.sh /var/backups/brobyg/brobyg-2026-11-30.dump
#
# Environment: PGHOST/PGPORT/PGUSER (a role that may create databases), LIVE_DB (default
# brobyg), PYTHON (default .venv/bin/python).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DUMP="${1:?usage: scripts/restore_drill.sh DUMPFILE}"
LIVE_DB="${LIVE_DB:-brobyg}"
SCRATCH="brobyg_restore_drill_$(date +%Y%m%d%H%M%S)"
PYTHON="${PYTHON:-.venv/bin/python}"

cleanup() { dropdb --if-exists "$SCRATCH"; }
trap cleanup EXIT

echo "==> Restoring $DUMP into $SCRATCH"
createdb "$SCRATCH"
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$SCRATCH" "$DUMP"

echo "==> Schema matches this release (migrate --check)"
DATABASE_URL="postgres://${PGUSER:-postgres}@${PGHOST:-127.0.0.1}:${PGPORT:-5432}/$SCRATCH" \
  DJANGO_SETTINGS_MODULE=brobyg.settings.dev "$PYTHON" manage.py migrate --check --noinput >/dev/null

count_rows() {  # table<TAB>rows for every table of the public schema, into file $2
  psql -v ON_ERROR_STOP=1 -d "$1" -At -c "
    SELECT format('SELECT %L, count(*) FROM %I.%I;', tablename, schemaname, tablename)
    FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename" \
    | psql -v ON_ERROR_STOP=1 -d "$1" -AtF $'\t' >"$2"
}
WORK="$(mktemp -d)"
trap 'cleanup; rm -rf "$WORK"' EXIT
count_rows "$SCRATCH" "$WORK/restored"
count_rows "$LIVE_DB" "$WORK/live"
TABLES=$(wc -l <"$WORK/restored")
if [ "$TABLES" -eq 0 ]; then
  echo "!! The restored database has no tables" >&2
  exit 1
fi
echo "==> Rows per table: restored vs live ($LIVE_DB)"
if diff "$WORK/restored" "$WORK/live"; then
  echo "identical in $TABLES tables"
else
  echo "(differences above: rows written since the dump, or a table lost in the dump)"
fi
echo "==> Restore drill passed"

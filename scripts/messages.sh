#!/usr/bin/env bash
# Update the English catalogues (then translate every new or fuzzy entry; tests/core/test_i18n.py
# checks them). Apps with their own locale/ keep their own catalogue, so parallel work on two
# apps never edits the same file; the rest of the project shares locale/en/LC_MESSAGES/django.po.
#   bash scripts/messages.sh            # every catalogue
#   bash scripts/messages.sh market     # one app's catalogue
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY="$PWD/.venv/bin/python"
own=()
for dir in */locale; do own+=("${dir%/locale}"); done
run_app() {
  (cd "$1" && "$PY" ../manage.py makemessages -l en --no-obsolete --settings=brobyg.settings.messages -v 0)
}
if [ $# -gt 0 ]; then
  for app in "$@"; do run_app "$app"; done
  exit 0
fi
ignores=(--ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=bench --ignore=outcomes)
for app in "${own[@]}"; do ignores+=("--ignore=$app"); done
.venv/bin/python manage.py makemessages -l en --no-obsolete -v 0 "${ignores[@]}"
for app in "${own[@]}"; do run_app "$app"; done

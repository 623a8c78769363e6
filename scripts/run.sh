#!/usr/bin/env bash
# Set up (if needed) and start lawdesk. A new database is filled with the demo data first,
# so the program is useful at once; pass --db PATH (or set LAWDESK_DB) to use another file.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
db=${LAWDESK_DB:-lawdesk.db}
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do [ "${args[$i]}" = "--db" ] && db=${args[$((i + 1))]}; done
[ -s "$db" ] || .venv/bin/python -m lawdesk --db "$db" demo
exec .venv/bin/python -m lawdesk --db "$db" "$@"

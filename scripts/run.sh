#!/usr/bin/env bash
# Set up (if needed) and start lawdesk. On a first start the database is filled with the demo data,
# so the program is useful at once; pass --db PATH (or set LAWDESK_DB) to use another file.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
db=${LAWDESK_DB:-lawdesk.db}
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do [ "${args[$i]}" = "--db" ] && db=${args[$((i + 1))]}; done
# Only a first start (no file, no backups) gets the demo data: a vanished or empty file with backups
# is left to the program, which offers the newest good backup instead.
backups="$(dirname "$db")/$(basename "$db" .db)-data/backups"
if [ ! -e "$db" ] && [ ! -d "$backups" ]; then .venv/bin/python -m lawdesk --db "$db" demo; fi
exec .venv/bin/python -m lawdesk --db "$db" "$@"

#!/usr/bin/env bash
# Set up (if needed) and start lawdesk.
#   bash scripts/run.sh              opens the demo data at once: 演示数据.db beside the database,
#                                    filled the first time (the clerk's database is never touched)
#   bash scripts/run.sh --db 台账.db  opens that database (a missing file: the welcome dialog
#                                    offers 新建 / 打开 / 试用演示数据; nothing is created silently)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ $# -eq 0 ]; then
  exec .venv/bin/python -m lawdesk demo --open
fi
exec .venv/bin/python -m lawdesk "$@"

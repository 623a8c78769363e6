#!/usr/bin/env bash
# Set up (if needed) and run every check: ruff, then all tests (GUI tests on a virtual screen,
# report tests rendered with LibreOffice, the frozen PyInstaller build run as a clerk would).
# The database tests run on SQLite and on PostgreSQL: a throw-away cluster is started by
# scripts/pg.sh (LAWDESK_TEST_PG tells pytest where it is) and stopped at the end. When it
# cannot be started the run fails (the same here and on CI); LAWDESK_SKIP_PG=1 runs the
# database tests on SQLite only, on purpose. An already set LAWDESK_TEST_PG is used as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
# PyInstaller: tests/test_frozen_build.py builds the bundle and runs the frozen program.
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-build.txt
.venv/bin/ruff check lawdesk tests benchmarks scripts

if [ "${LAWDESK_SKIP_PG:-}" = "1" ]; then
  echo "注意：LAWDESK_SKIP_PG=1，本次只在 SQLite 上运行数据库测试。" >&2
  LAWDESK_TEST_PG=""
elif [ -z "${LAWDESK_TEST_PG:-}" ]; then
  if pg_env=$(bash scripts/pg.sh start); then
    eval "$pg_env"
    trap 'bash scripts/pg.sh stop "$LAWDESK_PG_DIR"' EXIT
  else
    echo "错误：无法启动测试用的 PostgreSQL（scripts/pg.sh start 失败）；服务器数据库的测试不能跳过（确需只测 SQLite 时设 LAWDESK_SKIP_PG=1）。" >&2
    exit 1
  fi
fi
export LAWDESK_TEST_PG="${LAWDESK_TEST_PG:-}"
xvfb-run -a -s "-screen 0 1366x768x24 -dpi 96" .venv/bin/python -m pytest -q -p no:cacheprovider "$@"

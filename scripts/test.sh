#!/usr/bin/env bash
# Set up (if needed) and run every check: ruff, then all tests (GUI tests on a virtual screen,
# report tests rendered with LibreOffice).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
.venv/bin/ruff check lawdesk tests benchmarks scripts
exec xvfb-run -a -s "-screen 0 1366x768x24 -dpi 96" .venv/bin/python -m pytest -q -p no:cacheprovider "$@"

#!/usr/bin/env bash
# Set up (if needed) and run every check: ruff, then all tests (GUI tests on a virtual screen,
# report tests rendered with LibreOffice, the frozen PyInstaller build run as a clerk would).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
# PyInstaller: tests/test_frozen_build.py builds the bundle and runs the frozen program.
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-build.txt
.venv/bin/ruff check lawdesk tests benchmarks scripts
exec xvfb-run -a -s "-screen 0 1366x768x24 -dpi 96" .venv/bin/python -m pytest -q -p no:cacheprovider "$@"

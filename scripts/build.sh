#!/usr/bin/env bash
# Build the one-folder program with PyInstaller (dist/lawdesk/), then smoke-test the frozen
# executable: demo data, figures, the report with its format check, a backup, and the console
# companion lawdesk-cli, in a temporary folder. Prints the bundle's size (at most 100 MB:
# tests/test_frozen_build.py holds it to that). On Linux the first build of a numpy version also
# builds numpy without BLAS (several minutes, kept in .build-cache/: scripts/numpy_without_blas.py).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-build.txt
.venv/bin/pyinstaller --noconfirm --clean build.spec
exe=dist/lawdesk/lawdesk; [ -x "$exe" ] || exe=dist/lawdesk/lawdesk.exe
cli=dist/lawdesk/lawdesk-cli; [ -x "$cli" ] || cli=dist/lawdesk/lawdesk-cli.exe
tmp=$(mktemp -d)
"$exe" --db "$tmp/演示数据.db" demo >/dev/null
"$exe" --db "$tmp/演示数据.db" stats --year 2022 --json | grep -q '"patrols": 26'
"$exe" --db "$tmp/演示数据.db" report --year 2022 --out "$tmp/报告.docx" >/dev/null
"$exe" check "$tmp/报告.docx" >/dev/null
"$exe" --db "$tmp/smoke.db" backup --verify >/dev/null
"$cli" --db "$tmp/演示数据.db" stats --year 2022 --json | grep -q '"patrols": 26'
if "$cli" --db "$tmp/没有.db" stats >/dev/null 2>&1; then echo "lawdesk-cli 没有传回命令的退出码" >&2; exit 1; fi
rm -rf "$tmp"
bytes=$(du -s --apparent-size -B1 dist/lawdesk | cut -f1)
echo "程序大小：$(du -sh dist/lawdesk | cut -f1)（$((bytes / 1000000)) MB，上限 100 MB）"
echo "构建完成并通过冒烟测试：dist/lawdesk/"

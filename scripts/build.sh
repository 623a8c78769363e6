#!/usr/bin/env bash
# Build the one-folder program with PyInstaller (dist/lawdesk/), then smoke-test the frozen
# executable: demo data, figures, the report with its format check, in a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-build.txt
.venv/bin/pyinstaller --noconfirm --clean build.spec
exe=dist/lawdesk/lawdesk; [ -x "$exe" ] || exe=dist/lawdesk/lawdesk.exe
tmp=$(mktemp -d)
"$exe" --db "$tmp/演示数据.db" demo >/dev/null
"$exe" --db "$tmp/演示数据.db" stats --year 2022 --json | grep -q '"patrols": 26'
"$exe" --db "$tmp/演示数据.db" report --year 2022 --out "$tmp/报告.docx" >/dev/null
"$exe" check "$tmp/报告.docx" >/dev/null
"$exe" --db "$tmp/smoke.db" backup --verify >/dev/null
rm -rf "$tmp"
echo "程序大小：$(du -sh dist/lawdesk | cut -f1)"
echo "构建完成并通过冒烟测试：dist/lawdesk/"

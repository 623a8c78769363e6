#!/usr/bin/env bash
# Set up lawdesk on a fresh Debian/Ubuntu machine (or UOS/Kylin): system packages, then a
# virtualenv in .venv with the pinned Python packages.
#   scripts/setup.sh          runtime only (to run the program)
#   scripts/setup.sh --dev    also the test tools and the packages the tests need
#                             (xvfb, LibreOffice, poppler-utils, CJK fonts)
set -euo pipefail
cd "$(dirname "$0")/.."
dev=0; [ "${1:-}" = "--dev" ] && dev=1

need=()
python3 -c "import tkinter" 2>/dev/null || need+=(python3-tk)
python3 -c "import venv, ensurepip" 2>/dev/null || need+=(python3-venv)
{ fc-list : family 2>/dev/null | grep -i "CJK" >/dev/null; } || need+=(fonts-noto-cjk)  # no -q: SIGPIPE + pipefail
command -v xprop >/dev/null || need+=(x11-utils)  # reads the screen's work area (taskbar excluded)
if [ "$dev" = 1 ]; then
  command -v xvfb-run >/dev/null || need+=(xvfb xauth)
  command -v soffice >/dev/null || need+=(libreoffice-writer)
  # Calc renders the exported Excel 台账 to PDF, to look at it as a clerk would (review only).
  [ -e /usr/lib/libreoffice/program/libsclo.so ] || need+=(libreoffice-calc)
  command -v pdftotext >/dev/null || need+=(poppler-utils)
  command -v import >/dev/null || need+=(imagemagick)  # scripts/screenshot_pages.py
  command -v openbox >/dev/null || need+=(openbox)     # a window manager for screenshots
fi
if [ ${#need[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    echo "安装系统软件包：${need[*]}"
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
  else
    echo "请先安装：${need[*]}" >&2
  fi
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
req=requirements.txt; [ "$dev" = 1 ] && req=requirements-dev.txt
.venv/bin/python -m pip install -q --disable-pip-version-check -r "$req"

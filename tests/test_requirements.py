"""Every package in the test environment is pinned, at the version installed.

``scripts/test.sh`` installs ``requirements-dev.txt`` (which includes ``requirements.txt``) and
``requirements-build.txt`` into ``.venv``; a package that one of them pulls in without a pin
(``tzdata`` came in through python-dateutil) would make a clean machine install whatever is
newest that day. ``pip freeze`` of the running environment must equal the pins.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FILES = ("requirements.txt", "requirements-dev.txt", "requirements-build.txt")


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def pinned() -> dict[str, str]:
    pins: dict[str, str] = {}
    for name in FILES:
        for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if not line or line.startswith("-r"):
                continue
            package, sep, version = line.partition("==")
            assert sep, f"{name}: “{line}” is not pinned with =="
            pins[_name(package)] = version.strip()
    return pins


def installed() -> dict[str, str]:
    out = subprocess.run([sys.executable, "-m", "pip", "freeze", "--disable-pip-version-check"],
                         capture_output=True, text=True, check=True).stdout
    found = {}
    for line in out.splitlines():
        package, sep, version = line.partition("==")
        if sep:
            found[_name(package)] = version.strip()
    return found


def test_every_installed_package_is_pinned_at_its_version() -> None:
    have = installed()
    if "pyinstaller" not in have:
        pytest.skip("not the full test environment (scripts/test.sh installs the build pins too)")
    pins = pinned()
    unpinned = {p: v for p, v in have.items() if p not in pins}
    assert not unpinned, f"installed but not pinned: {unpinned}"
    different = {p: (pins[p], v) for p, v in have.items() if pins[p] != v}
    assert not different, f"pinned ≠ installed: {different}"
    missing = sorted(set(pins) - set(have))
    assert not missing, f"pinned but not installed: {missing}"

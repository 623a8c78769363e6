"""The README's commands, copied as written, run in a fresh folder.

Every ``scripts/lawdesk …`` line of the README's ```bash blocks (the command-line tour and the county
walk-through) is run in order in an empty folder through the real wrapper script, exactly as a newcomer
would paste it; each must exit 0 and every file it names with ``--out``/``--out-dir`` must exist.
The shared-server block names a county's server (``postgresql://…@服务器/…``) and is left out here;
``tests/test_rls.py`` and ``tests/services/test_county_setup.py`` run those commands on a real PostgreSQL.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
WRAPPER = ROOT / "scripts" / "lawdesk"


def readme_commands() -> list[list[str]]:
    """The argument lists of every ``scripts/lawdesk`` line inside a ```bash block, in README order."""
    blocks = re.findall(r"```bash\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    commands = []
    for block in blocks:
        if "postgresql://" in block:
            continue
        for line in block.splitlines():
            if line.startswith("scripts/lawdesk"):
                commands.append(shlex.split(line, comments=True)[1:])
    return commands


def test_the_readme_has_both_walkthroughs() -> None:
    commands = readme_commands()
    firsts = [args[2] if args[0] == "--db" else args[0] for args in commands]
    for verb in ("init", "demo", "stats", "report", "check", "backup", "export", "template", "import",
                 "binder", "package", "restore", "county"):
        assert verb in firsts, verb
    assert any("office-reports" in args for args in commands)


def _outputs(args: list[str]) -> list[str]:
    names = []
    for flag in ("--out", "--out-dir"):
        if flag in args:
            names.append(args[args.index(flag) + 1])
    return names


@pytest.mark.timeout(900)
def test_every_readme_command_runs_as_written(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAWDESK_")}
    env["HOME"] = str(tmp_path / "home")
    env.pop("PYTHONPATH", None)
    for args in readme_commands():
        shown = "scripts/lawdesk " + " ".join(args)
        done = subprocess.run([str(WRAPPER), *args], cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, f"{shown}\n{done.stdout}\n{done.stderr}"
        assert "Traceback" not in done.stderr, shown
        for name in _outputs(args):
            assert (tmp_path / name).exists(), f"{shown} did not write {name}"
    assert any((tmp_path / "各单位报告").iterdir())

"""An output never replaces an input: every output command given the database, its WAL or a
backup as ``--out`` refuses in Chinese and leaves every byte of the database folder as it was;
the GUI's save path goes through the same refusal.

The commands run as the clerk runs them (``python -m lawdesk`` in a subprocess).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from tests.test_cli import assert_chinese_error, run

pytestmark = pytest.mark.sqlite_only

OFFICE_COMMANDS = {
    "report": ["report", "--year", "2022", "--out"],
    "report --pdf": ["report", "--year", "2022", "--pdf", "--out"],
    "export": ["export", "--year", "2022", "--out"],
    "template": ["template", "--out"],
    "binder": ["binder", "--year", "2022", "--out"],
    "package": ["package", "--year", "2022", "--out"],
}
COUNTY_COMMANDS = {
    "county report": ["county", "report", "--year", "2022", "--out"],
    "county office-reports": ["county", "office-reports", "--year", "2022", "--out-dir"],
}


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An office's and a county's database, each with a backup, in one folder."""
    folder = tmp_path_factory.mktemp("inputs")
    assert run("--db", str(folder / "x.db"), "demo").returncode == 0
    (folder / "演示数据.db").rename(folder / "台账.db")
    assert run("demo", "--county", "--offices", "2", "--out", str(folder / "县.db")).returncode == 0
    for name in ("台账.db", "县.db"):
        assert run("--db", str(folder / name), "backup").returncode == 0
    return folder


@pytest.fixture
def folder(made: Path, tmp_path: Path) -> Path:
    target = tmp_path / "台账文件夹"
    shutil.copytree(made, target)
    return target


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}  # fmt: skip


def _backup_file(db: Path) -> Path:
    *_older, newest = sorted((db.parent / f"{db.stem}-data" / "backups").iterdir())
    return newest / "database.db"


def _targets(db: Path) -> dict[str, Path]:
    return {"the database": db, "its WAL": Path(f"{db}-wal"), "its SHM": Path(f"{db}-shm"),
            "a backup": _backup_file(db), "the backups folder": _backup_file(db).parent}  # fmt: skip


@pytest.mark.parametrize("target", ["the database", "its WAL", "a backup"])
@pytest.mark.parametrize("command", [*OFFICE_COMMANDS, *COUNTY_COMMANDS])
def test_an_output_command_refuses_an_input_and_changes_nothing(folder: Path, command: str, target: str) -> None:
    db = folder / ("县.db" if command in COUNTY_COMMANDS else "台账.db")
    args = {**OFFICE_COMMANDS, **COUNTY_COMMANDS}[command]
    out = _targets(db)[target]
    if not out.exists():  # a closed database has no WAL: the name alone must be refused
        assert target == "its WAL"
    before = _snapshot(folder)
    result = run("--db", str(db), *args, str(out))
    message = assert_chinese_error(result, code=1)
    assert "数据库文件" in message or "数据文件夹" in message, message
    assert _snapshot(folder) == before


def test_a_database_that_is_not_open_is_refused_too(folder: Path) -> None:
    """``template`` opens no database: the one ``--db`` names, and any other database file, is still
    refused."""
    before = _snapshot(folder)
    result = run("--db", str(folder / "台账.db"), "package", "--year", "2022", "--out", str(folder / "县.db"))
    assert "是一个数据库文件" in assert_chinese_error(result, code=1)
    result = run("--db", str(folder / "台账.db"), "template", "--out", str(folder / "台账.db"))
    assert "正在使用的数据库文件" in assert_chinese_error(result, code=1)
    assert _snapshot(folder) == before


def test_an_output_beside_the_database_is_written(folder: Path) -> None:
    result = run("--db", str(folder / "台账.db"), "package", "--year", "2022", "--out", str(folder / "台账.ldpkg"))
    assert result.returncode == 0, result.stderr
    assert (folder / "台账.ldpkg").is_file()

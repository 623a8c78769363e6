"""lawdesk on a clerk's Windows PC, played on Linux (the ``windows`` fixture, tests/winsim.py).

Each test here takes a Windows code path that no Linux run would otherwise take: a report, a
county report and a package saved with Python 3.11's Windows ``os`` (``os.chmod`` refuses a
descriptor, ``os.fchmod`` is absent, a folder cannot be opened for fsync).
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from lawdesk import cli
from lawdesk.report.files import save_docx_atomic

pytestmark = pytest.mark.sqlite_only


def test_the_fixture_plays_windows(windows, tmp_path: Path) -> None:
    from lawdesk.report import files

    assert files.os.name == "nt" and files.sys.platform == "win32"
    assert not hasattr(files.os, "fchmod")
    fd = os.open(tmp_path / "f", os.O_CREAT | os.O_WRONLY)
    try:
        with pytest.raises(TypeError):
            files.os.chmod(fd, 0o644)
    finally:
        os.close(fd)
    held = tmp_path / "held.docx"
    held.write_bytes(b"x")
    with windows.hold(held), pytest.raises(PermissionError) as caught:
        files.os.replace(tmp_path / "f", held)
    assert caught.value.winerror == 32  # type: ignore[attr-defined]
    assert os.name == "posix"  # pytest's own os is untouched


def test_docx_saves_under_windows(windows, tmp_path: Path) -> None:
    from docx import Document

    target = save_docx_atomic(Document(), tmp_path / "报告.docx")
    assert zipfile.is_zipfile(target)
    assert [p.name for p in tmp_path.iterdir()] == ["报告.docx"]  # no temp file left


def test_report_saves_under_windows(windows, demo_db, tmp_path: Path, capsys) -> None:
    out = tmp_path / "金兰山街道-2022.docx"
    db_file = Path(demo_db.database)
    code = cli.main(["--db", str(db_file), "report", "--year", "2022", "--out", str(out)])
    text = capsys.readouterr()
    assert code == 0, text.err
    assert zipfile.is_zipfile(out)
    assert "意外错误" not in text.out + text.err


def test_package_saves_under_windows(windows, demo_db, tmp_path: Path, capsys) -> None:
    out = tmp_path / "金兰山街道-2022.ldpkg"
    db_file = Path(demo_db.database)
    code = cli.main(["--db", str(db_file), "package", "--year", "2022", "--out", str(out)])
    text = capsys.readouterr()
    assert code == 0, text.err
    assert zipfile.is_zipfile(out)


def test_county_report_saves_under_windows(windows, tmp_path: Path, capsys) -> None:
    county_db = tmp_path / "县.db"
    assert cli.main(["demo", "--county", "--offices", "2", "--out", str(county_db)]) == 0
    capsys.readouterr()
    out = tmp_path / "全县-2023.docx"
    code = cli.main(["--db", str(county_db), "county", "report", "--year", "2023", "--out", str(out)])
    text = capsys.readouterr()
    assert code == 0, text.err
    assert zipfile.is_zipfile(out)

"""Backups under attack and bad luck: retention that keeps the last real copy, unreadable evidence
files, crafted backups that try to write outside the data folder, backups in the same second."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from lawdesk.services import attachments, backup, records
from tests.test_backup import Clock

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock(dt.datetime(2023, 1, 9, 8, 0, 0))
    monkeypatch.setattr(backup, "_now", c)
    return c


def evidence(tmp_path: Path, name: str = "签到表.jpg", content: bytes = b"\xff\xd8photo") -> Path:
    source = tmp_path / "src" / name
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_bytes(content)
    return source


def manifest_of(folder: Path) -> dict:
    return json.loads((folder / backup.MANIFEST).read_text(encoding="utf-8"))


def write_manifest(folder: Path, data: dict) -> None:
    (folder / backup.MANIFEST).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# The first layout of backups (evidence at its live path) stays restorable


def test_a_backup_in_the_first_layout_is_still_restored(db, db_path: Path, tmp_path: Path) -> None:
    rec = records.create("community", {"name": "龙潭社区"})
    att = attachments.add("community", rec.id, evidence(tmp_path, content=b"old layout"), "照片")
    made = backup.make_backup(db, db_path)
    data = manifest_of(made)
    for entry in data["files"]:  # back to format 1: the file at its live path, no "at"
        target = made / entry["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        (made / entry.pop("at")).rename(target)
    (made / backup.FILES_DIR).rmdir()
    data["format_version"] = 1
    write_manifest(made, data)
    attachments.path_of(att).unlink()
    backup.restore_backup(db, db_path, made)
    assert attachments.path_of(att).read_bytes() == b"old layout"

"""Packages that travel safely: any evidence name a desktop allows gets there, a crafted package
writes nothing outside the county's data folder (under Windows semantics), evidence is bounded
before anything is written, and an import killed halfway is finished by the next one.

SQLite only: evidence files live in a database file's data folder. The office is a copy of the
demo database, the county a second file; the models are bound to one at a time.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

import pytest

from lawdesk import db as dbmod
from lawdesk import paths
from lawdesk.filenames import refusal
from lawdesk.models import RECORD_MODELS, Attachment
from lawdesk.services import attachments, packages
from lawdesk.services.packages import PackageError
from lawdesk.services.period import Period

pytestmark = pytest.mark.sqlite_only

YEAR = Period.year(2022)
REPO = Path(__file__).resolve().parents[2]


@dataclass
class Offices:
    office_db: Path
    county_db: Path
    tmp: Path

    def office(self) -> None:
        dbmod.close_database()
        dbmod.open_database(self.office_db, backup=False)

    def county(self) -> None:
        dbmod.close_database()
        dbmod.open_database(self.county_db, create=True, backup=False)

    def meetings(self, n: int) -> list[int]:
        meeting = RECORD_MODELS["meeting"]
        rows = meeting.select().where(meeting.date.between(YEAR.start, YEAR.end)).order_by(meeting.id).limit(n)
        return [r.id for r in rows]

    def add_file(self, record_id: int, name: str, data: bytes) -> None:
        source = self.tmp / "src" / name
        source.parent.mkdir(exist_ok=True)
        source.write_bytes(data)
        attachments.add("meeting", record_id, source, "照片")


@pytest.fixture
def offices(demo_db, tmp_path: Path) -> Iterator[Offices]:
    yield Offices(Path(dbmod.current_path()), tmp_path / "county.db", tmp_path)
    dbmod.close_database()


def _files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def _recraft(source: Path, target: Path, edit: Callable[[list[dict]], None]) -> Path:
    """A copy of package ``source`` whose evidence.json ``edit`` changed, with true hashes (what an
    attacker who knows the format makes)."""
    with zipfile.ZipFile(source) as zin:
        members = {i.filename: zin.read(i.filename) for i in zin.infolist()}
    entries = json.loads(members[packages.EVIDENCE_INDEX])
    edit(entries)
    members[packages.EVIDENCE_INDEX] = json.dumps(entries, ensure_ascii=False).encode()
    manifest = json.loads(members.pop(packages.MANIFEST))
    manifest["members"] = {n: hashlib.sha256(d).hexdigest() for n, d in members.items()}
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        zout.writestr(packages.MANIFEST, json.dumps(manifest, ensure_ascii=False))
        for name, data in members.items():
            zout.writestr(name, data)
    return target


# --------------------------------------------------------------------------------------------
# Names


def test_a_name_legal_on_uos_reaches_a_windows_county(offices: Offices, request: pytest.FixtureRequest) -> None:
    (first,) = offices.meetings(1)
    photo = os.urandom(3000)
    offices.add_file(first, "会议 10:30.jpg", photo)  # a UOS/Kylin desktop takes the name
    path = packages.export_package(YEAR, offices.tmp / "金兰山.ldpkg", evidence=True)
    with zipfile.ZipFile(path) as zf:
        evidence_members = [n for n in zf.namelist() if n.startswith(packages.EVIDENCE_DIR)]
    assert evidence_members and all(refusal(PureWindowsPath(n).name) is None for n in evidence_members)

    request.getfixturevalue("windows")  # the county's PC runs Windows
    offices.county()
    result = packages.import_package(path)
    assert result.files_added == 1
    (att,) = Attachment.select()
    assert att.original_name == "会议 10:30.jpg"
    assert refusal(att.stored_name) is None
    assert attachments.path_of(att).read_bytes() == photo
    assert packages.import_package(path).files_added == 0  # once only


CRAFTED = [
    "..\\..\\..\\..\\..\\..\\evil.txt",
    "C:\\Users\\Public\\Startup\\evil.bat",
    "x:stream",
    'a<b>"c|d?e*.jpg',
    "CON",
    "nul.txt",
    "../../../../escape.txt",
    "trailing dot.",
]


def test_a_crafted_package_writes_nothing_outside_the_data_folder(offices: Offices, request) -> None:
    ids = offices.meetings(len(CRAFTED))
    contents = [f"file {i}".encode() * 100 for i in range(len(CRAFTED))]
    for i, (record_id, data) in enumerate(zip(ids, contents, strict=True)):
        offices.add_file(record_id, f"照片{i}.jpg", data)
    good = packages.export_package(YEAR, offices.tmp / "good.ldpkg", evidence=True)

    def craft(entries: list[dict]) -> None:
        for entry, name in zip(entries, CRAFTED, strict=True):
            entry["stored_name"] = entry["original_name"] = name

    crafted = _recraft(good, offices.tmp / "crafted.ldpkg", craft)
    request.getfixturevalue("windows")
    offices.county()
    data_folder = paths.data_dir(offices.county_db)
    before = _files_under(offices.tmp)
    result = packages.import_package(crafted)
    written = _files_under(offices.tmp) - before
    assert written and all(data_folder in p.parents for p in written), sorted(map(str, written))
    assert result.files_added == len(CRAFTED)
    stored = {att.original_name: att for att in Attachment.select()}
    assert set(stored) == set(CRAFTED)  # the clerk's names are kept for display
    for name, data in zip(CRAFTED, contents, strict=True):
        att = stored[name]
        assert refusal(att.stored_name) is None, att.stored_name  # one legal Windows name
        assert PureWindowsPath(att.stored_name).name == att.stored_name
        assert attachments.path_of(att).read_bytes() == data
    assert packages.import_package(crafted).files_added == 0  # the made names are stable


# --------------------------------------------------------------------------------------------
# Bounds


def test_an_oversized_evidence_file_is_refused_before_anything_is_written(offices: Offices, monkeypatch) -> None:
    a, b = offices.meetings(2)
    offices.add_file(a, "小.jpg", os.urandom(1000))
    offices.add_file(b, "大.jpg", bytes(4_000_000))  # zeros: deflated, a tiny member of a big file
    exported = packages.export_package(YEAR, offices.tmp / "p.ldpkg", evidence=True)
    path = _recraft(exported, offices.tmp / "bomb.ldpkg", lambda _entries: None)
    assert path.stat().st_size < 200_000
    monkeypatch.setattr(packages, "MAX_EVIDENCE_FILE", 1_000_000)  # stands for the form's 200 MB
    offices.county()
    before = _files_under(offices.tmp)
    with pytest.raises(PackageError, match="大.jpg.*上限") as info:
        packages.import_package(path)
    assert "没有导入" in info.value.message
    assert _files_under(offices.tmp) == before
    assert Attachment.select().count() == 0 and RECORD_MODELS["meeting"].select().count() == 0


def test_evidence_over_the_package_limit_is_refused(offices: Offices, monkeypatch) -> None:
    for i, record_id in enumerate(offices.meetings(3)):
        offices.add_file(record_id, f"{i}.jpg", os.urandom(8000))
    path = packages.export_package(YEAR, offices.tmp / "p.ldpkg", evidence=True)
    monkeypatch.setattr(packages, "MAX_EVIDENCE_TOTAL", 20_000)
    offices.county()
    with pytest.raises(PackageError, match="合计.*上限"):
        packages.verify_package(path)
    offices.office()
    with pytest.raises(PackageError, match="合计超过"):
        packages.export_package(YEAR, offices.tmp / "q.ldpkg", evidence=True)
    assert not (offices.tmp / "q.ldpkg").exists()


def test_a_size_that_disagrees_with_the_zip_is_refused(offices: Offices) -> None:
    (a,) = offices.meetings(1)
    offices.add_file(a, "a.jpg", os.urandom(1000))
    good = packages.export_package(YEAR, offices.tmp / "p.ldpkg", evidence=True)

    def lie(entries: list[dict]) -> None:
        entries[0]["size"] = 10

    bad = _recraft(good, offices.tmp / "bad.ldpkg", lie)
    with pytest.raises(PackageError, match="大小与清单不符"):
        packages.verify_package(bad)


def test_a_disk_without_room_refuses_before_writing(offices: Offices, monkeypatch) -> None:
    (a,) = offices.meetings(1)
    offices.add_file(a, "a.jpg", os.urandom(5000))
    path = packages.export_package(YEAR, offices.tmp / "p.ldpkg", evidence=True)
    offices.county()
    nearly_full = shutil.disk_usage(offices.tmp)._replace(free=1000)
    monkeypatch.setattr(packages.shutil, "disk_usage", lambda _folder: nearly_full)
    with pytest.raises(PackageError, match="磁盘空间不足"):
        packages.import_package(path)
    assert Attachment.select().count() == 0


# --------------------------------------------------------------------------------------------
# A killed import


IMPORTER = """
import sys
from lawdesk import db
from lawdesk.services import packages
db.open_database(sys.argv[1], create=True, backup=False)
packages.import_package(sys.argv[2])
print("finished", flush=True)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only")
def test_an_import_killed_while_writing_evidence_is_finished_by_the_next(offices: Offices) -> None:
    photos = {}
    for i, record_id in enumerate(offices.meetings(6)):
        photos[f"照片{i}.jpg"] = os.urandom(6 * 1024 * 1024)
        offices.add_file(record_id, f"照片{i}.jpg", photos[f"照片{i}.jpg"])
    path = packages.export_package(YEAR, offices.tmp / "p.ldpkg", evidence=True)
    offices.county()  # the county database exists, empty
    dbmod.close_database()
    evidence = paths.attachments_dir(offices.county_db)
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUTF8": "1"}
    killed = False
    for _attempt in range(5):
        with subprocess.Popen([sys.executable, "-c", IMPORTER, str(offices.county_db), str(path)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as proc:  # fmt: skip
            deadline = time.monotonic() + 60
            while proc.poll() is None and time.monotonic() < deadline:
                if evidence.is_dir() and any(p.is_file() for p in evidence.rglob("*")):
                    proc.send_signal(signal.SIGKILL)
                    killed = True
                    break
                time.sleep(0.001)
            proc.wait(timeout=30)
        if killed:
            break
    assert killed, "the import always finished before it could be killed"
    left = _files_under(evidence)
    assert left  # the killed import left files behind, and no committed row for them
    offices.county()
    assert Attachment.select().count() == 0

    result = packages.import_package(path)  # today: "材料文件…已存在", for ever
    assert result.files_added == len(photos)
    for att in Attachment.select():
        assert attachments.path_of(att).read_bytes() == photos[att.original_name]
    assert _files_under(evidence) == {attachments.path_of(a) for a in Attachment.select()}

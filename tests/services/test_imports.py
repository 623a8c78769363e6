"""One import at a time per database (lawdesk/services/imports.py): two imports of one workbook
store it once, whether they are checked together and committed one after the other, or run by
two processes at the same moment; two imports of one package likewise.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lawdesk import db as dbmod
from lawdesk.excel import export, importer, reader
from lawdesk.models import RECORD_MODELS
from lawdesk.services import imports, packages
from lawdesk.services.imports import ImportConflict
from lawdesk.services.period import Period
from tests.conftest import name_the_office

YEAR = Period.year(2022)
REPO = Path(__file__).resolve().parents[2]


def _records() -> int:
    return sum(m.select().count() for m in RECORD_MODELS.values())


@pytest.fixture
def workbook(demo_db, tmp_path: Path) -> Path:
    path = tmp_path / "台账.xlsx"
    export.export_ledger(YEAR, path)
    return path


def test_two_imports_checked_before_either_commits_store_the_rows_once(workbook: Path, db) -> None:
    first = importer.check(reader.read_workbook(workbook))  # two windows preview the same file
    second = importer.check(reader.read_workbook(workbook))
    assert first.to_create == second.to_create > 0
    importer.commit(first)
    after_first = _records()
    with pytest.raises(ImportConflict, match="重新检查"):
        importer.commit(second)  # today: every row a second time
    assert _records() == after_first == first.to_create
    again = importer.check(reader.read_workbook(workbook))  # checked anew: nothing left to add
    assert again.to_create == 0
    importer.commit(again)
    assert _records() == after_first


def test_hold_belongs_inside_a_transaction(db) -> None:
    with pytest.raises(RuntimeError):
        imports.hold()
    with dbmod.database.atomic():
        imports.hold(checked_at=imports.mark())  # nothing imported meanwhile: goes on


IMPORT_AFTER_BARRIER = """
import sys, time
from pathlib import Path
from lawdesk import db
from lawdesk.excel import importer, reader
from lawdesk.services import imports
db.open_database(Path(sys.argv[1]), backup=False)
checked = importer.check(reader.read_workbook(Path(sys.argv[2])))
Path(sys.argv[3]).touch()  # checked
while not Path(sys.argv[4]).exists():  # both checked: go
    time.sleep(0.01)
try:
    print(importer.commit(checked).message, flush=True)
except imports.ImportConflict as exc:
    print("refused", exc.message, flush=True)
"""


@pytest.mark.sqlite_only
def test_two_processes_importing_one_workbook_at_once_store_it_once(workbook: Path, tmp_path: Path) -> None:
    empty = tmp_path / "空.db"
    dbmod.close_database()
    dbmod.open_database(empty, create=True, backup=False)
    name_the_office()  # the clerk's first 单位设置, before anything is imported
    dbmod.close_database()
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUTF8": "1"}
    go = tmp_path / "go"
    procs = []
    for n in range(2):
        argv = [sys.executable, "-c", IMPORT_AFTER_BARRIER, str(empty), str(workbook), str(tmp_path / f"ready{n}"), str(go)]
        procs.append(subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    try:
        while not all((tmp_path / f"ready{n}").exists() for n in range(2)):
            assert all(p.poll() is None for p in procs), [p.communicate() for p in procs]
        go.touch()
        outputs = [p.communicate(timeout=120) for p in procs]
    finally:
        for p in procs:
            p.kill() if p.poll() is None else None
    answers = sorted(out for out, _err in outputs)
    assert answers[0].startswith("refused") and "重新检查" in answers[0], outputs
    assert answers[1].startswith("已导入"), outputs
    dbmod.open_database(empty, backup=False)
    exported = export.export_ledger(YEAR, tmp_path / "again.xlsx").counts
    assert _records() == sum(exported.values()) > 0


def test_two_imports_of_one_package_store_it_once(demo_db, tmp_path: Path) -> None:
    path = packages.export_package(YEAR, tmp_path / "p.ldpkg")
    county = tmp_path / "县.db"
    dbmod.close_database()
    dbmod.open_database(county, create=True, backup=False)
    first = packages.import_package(path)
    second = packages.import_package(path)
    assert sum(first.added.values()) > 0 and not second.changed


def test_two_imports_of_one_package_at_the_same_moment_store_it_once(demo_db, engine: str, request,
                                                                     tmp_path: Path, monkeypatch) -> None:  # fmt: skip
    """Two threads (two connections) import one package together: one adds, the other waits and
    finds it all there (on PostgreSQL, without the lock, the second failed on a duplicate uuid)."""
    import threading

    path = packages.export_package(YEAR, tmp_path / "p.ldpkg")
    dbmod.close_database()
    if engine == "postgres":
        server = request.getfixturevalue("pg_server")
        name = server.create(request.getfixturevalue("_pg_migrated"))
        request.addfinalizer(lambda: server.drop(name))
        target: Path | str = server.url(name)
        dbmod.open_database(target)
        from lawdesk.models import Unit

        Unit.update(uuid=str(__import__("uuid").uuid4())).execute()  # not the office's template uuid
    else:
        target = tmp_path / "县.db"
        dbmod.open_database(target, create=True, backup=False)
    both_verified = threading.Barrier(2, timeout=30)
    real_open = packages._open_package

    def open_then_wait(p: Path):  # noqa: ANN202
        opened = real_open(p)
        both_verified.wait()
        return opened

    monkeypatch.setattr(packages, "_open_package", open_then_wait)
    results: list[object] = []

    def run() -> None:
        try:
            results.append(packages.import_package(path))
        except Exception as exc:  # noqa: BLE001 - the test reports it
            results.append(exc)
        finally:
            dbmod.database.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert all(isinstance(r, packages.ImportResult) for r in results), results
    added = sorted(sum(r.added.values()) for r in results)  # type: ignore[union-attr]
    assert added[0] == 0 and added[1] > 0
    assert _records() == added[1]

"""The storage side of lawdesk on a clerk's Windows PC, played on Linux (tests/winsim.py).

Opening a database from a drive letter, a mapped drive or a share (SQLite URIs), evidence
files held open by WPS during restore and removal, evidence names Windows refuses, long paths
(MAX_PATH) and the flush of backup files (``fsync`` needs a handle opened for writing there).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from lawdesk import db as dbmod
from tests.conftest import name_the_office

pytestmark = pytest.mark.sqlite_only


# ---------------------------------------------------------------------------------------------
# SQLite URIs for drive letters, mapped drives and shares


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        (r"C:\Users\张三\Desktop\台账.db", "file:///C:/Users/%E5%BC%A0%E4%B8%89/Desktop/%E5%8F%B0%E8%B4%A6.db"),
        (r"Z:\台账.db", "file:///Z:/%E5%8F%B0%E8%B4%A6.db"),
        (r"\\server\share\台账.db", "file:////server/share/%E5%8F%B0%E8%B4%A6.db"),
        (r"\\server\share\法治 #1\50%.db", "file:////server/share/%E6%B3%95%E6%B2%BB%20%231/50%25.db"),
        (r"\\?\C:\very\long\x.db", "file:///C:/very/long/x.db"),
        (r"\\?\UNC\server\share\x.db", "file:////server/share/x.db"),
        (r"D:\a&b=c;d+e\x.db", "file:///D:/a%26b%3Dc%3Bd%2Be/x.db"),
    ],
)
def test_windows_paths_become_uris_sqlite_accepts(path: str, uri: str) -> None:
    assert dbmod.read_only_uri(PureWindowsPath(path)) == f"{uri}?mode=ro"


def test_posix_paths_escape_what_would_end_the_path() -> None:
    assert dbmod.read_only_uri(PurePosixPath("/home/甲/a?b#c%d.db")) == (
        "file:///home/%E7%94%B2/a%3Fb%23c%25d.db?mode=ro"
    )


def test_a_relative_path_is_refused_by_the_pure_builder() -> None:
    with pytest.raises(ValueError):
        dbmod.sqlite_uri(PureWindowsPath("台账.db"))


def test_the_old_as_uri_form_of_a_share_is_what_sqlite_refuses(tmp_path: Path) -> None:
    # why pathlib's as_uri cannot be used: SQLite refuses any authority but localhost
    assert PureWindowsPath(r"\\server\share\x.db").as_uri() == "file://server/share/x.db"
    with pytest.raises(sqlite3.OperationalError, match="authority"):
        sqlite3.connect("file://server/share/x.db?mode=ro", uri=True)


def _make_db(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.execute("INSERT INTO t VALUES ('台账')")
    con.commit()
    con.close()


def _read_through(uri: str) -> list:
    con = sqlite3.connect(uri, uri=True)
    try:
        return con.execute("SELECT x FROM t").fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("name", ["台账.db", "a?b#c%d.db", "法治 建设&台账=1;+.db", "%E5%8F%B0.db", "50%.db"])
def test_real_files_with_awkward_names_open_read_only(tmp_path: Path, name: str) -> None:
    path = tmp_path / "文件夹 #1 %20" / name
    _make_db(path)
    assert _read_through(dbmod.read_only_uri(path)) == [("台账",)]
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        con = sqlite3.connect(dbmod.read_only_uri(path), uri=True)
        con.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(dbmod.DatabaseFileError, match="其他程序"):  # read, and found not lawdesk's
        dbmod.inspect_sqlite_file(path)


def unc_form(local: Path) -> PureWindowsPath:
    """The local file ``/tmp/a/b/台账.db`` named as the share path ``\\\\tmp\\a\\b\\台账.db``.

    Its URI is ``file:////tmp/a/b/…``: the exact form SQLite on Windows gets for a share, and
    one SQLite on Linux opens too (a path beginning ``//`` is the path beginning ``/``). So the
    share form of the URI — empty authority, ``//server/share``, escaped name — is shown to
    open a real file; what Windows then does with ``\\\\server\\share`` is Windows' part."""
    return PureWindowsPath("\\\\" + "\\".join(local.parts[1:]))


def test_a_database_opens_through_the_uri_of_its_share_form(tmp_path: Path) -> None:
    path = tmp_path / "共享 #1" / "台账 50%.db"
    _make_db(path)
    share = unc_form(path)
    assert str(share).startswith("\\\\tmp\\") and share.name == "台账 50%.db"
    uri = dbmod.read_only_uri(share)
    assert uri.startswith("file:////tmp/")
    assert _read_through(uri) == [("台账",)]
    long_form = PureWindowsPath("\\\\?\\UNC\\" + str(share)[2:])  # \\?\UNC\tmp\…
    assert _read_through(dbmod.read_only_uri(long_form)) == [("台账",)]


def test_a_lawdesk_database_in_an_awkward_folder_opens_and_backs_up(tmp_path: Path) -> None:
    from lawdesk.services import backup, records

    path = tmp_path / "台账 #2 50%" / "法治?台账#.db"
    path.parent.mkdir()
    dbmod.open_database(path, create=True)
    try:
        name_the_office()
        records.create("community", {"name": "龙潭社区"})
        dbmod.close_database()
        database = dbmod.open_database(path)  # the read-only inspection first, then the backup
        [made] = backup.list_backups(path)
        backup.verify_backup(made.path)  # its check opens the copy through a URI as well
        assert backup.newest_good_backup(path).path == made.path
        backup.restore_backup(database, path, made.path)
    finally:
        dbmod.close_database()


# ---------------------------------------------------------------------------------------------
# The flush of a backup's files


def test_a_backup_flushes_its_files_on_windows(windows, db, db_path: Path) -> None:
    from lawdesk.services import backup, records

    records.create("community", {"name": "龙潭社区"})
    target = backup.make_backup(db, db_path)
    flushed = {p.name for p in windows.fsynced}
    assert {backup.DB_FILE, backup.MANIFEST} <= flushed, flushed
    backup.verify_backup(target)


# ---------------------------------------------------------------------------------------------
# Evidence names Windows refuses, and long paths (MAX_PATH)


def test_the_fixture_plays_max_path(windows, tmp_path: Path) -> None:
    from lawdesk.services import backup
    from tests.winsim import LONG_PREFIX, MAX_PATH

    deep = tmp_path / ("d" * (MAX_PATH - len(str(tmp_path))))
    with pytest.raises(FileNotFoundError) as caught:
        backup.os.mkdir(deep)
    assert caught.value.winerror == 3  # type: ignore[attr-defined]
    backup.os.mkdir(LONG_PREFIX + str(deep))
    assert os.path.isdir(deep)  # made, through the prefix …
    assert not deep.is_dir()  # … and out of pathlib's reach without it, as on Windows
    with pytest.raises(FileNotFoundError):
        (deep / "x.jpg").write_bytes(b"x")


def folder_of_length(base: Path, length: int) -> Path:
    """A folder under ``base`` whose path is ``length`` characters long (made on disk)."""
    folder = base
    while len(str(folder)) < length:
        step = min(60, length - len(str(folder)) - 1)
        folder = folder / ("d" * max(1, step))  # ASCII: SQLite takes 512 bytes of a path
    assert len(str(folder)) == length, len(str(folder))
    folder.mkdir(parents=True)
    return folder


def evidence_file(tmp_path: Path, name: str, content: bytes = b"\xff\xd8photo") -> Path:
    source = tmp_path / "clerk" / name
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_bytes(content)
    return source


@pytest.mark.parametrize(
    "name", ["会议 10:30.jpg", "CON.txt", 'a<b>|"?*.png', "x:stream", "结尾点.", "结尾空格 ", "nul", "..jpg"]
)
def test_names_windows_refuses_are_stored_under_a_safe_name_and_kept(db, tmp_path: Path, name: str) -> None:
    from lawdesk.filenames import refusal
    from lawdesk.services import attachments, records

    rec = records.create("community", {"name": "龙潭社区"})
    att = attachments.add("community", rec.id, evidence_file(tmp_path, name, name.encode()), "照片")
    assert att.original_name == name  # the clerk's name, shown and exported
    assert refusal(att.stored_name) is None, att.stored_name  # a name NTFS accepts
    assert attachments.path_of(att).read_bytes() == name.encode()
    [listed] = attachments.list_for("community", rec.id)
    assert listed.original_name == name


def test_a_stored_name_keeps_a_readable_part_and_the_extension(db, tmp_path: Path) -> None:
    from lawdesk.services import attachments, records

    rec = records.create("community", {"name": "龙潭社区"})
    att = attachments.add("community", rec.id, evidence_file(tmp_path, "2022年度普法宣传活动签到表（第一批）.JPG"), "签到表")
    token, _, rest = att.stored_name.partition("-")
    assert len(token) == 8 and rest.endswith(".JPG") and rest.startswith("2022年度普法")
    assert len(att.stored_name) <= 8 + 1 + attachments.STORED_STEM_CHARS + 4


def test_a_long_name_no_longer_breaks_later_backups_on_windows(windows, db, db_path, tmp_path) -> None:
    """The issue's case: a ~110-character name, accepted on add, and backups nested ~58
    characters deeper than the evidence folder: with long paths off, every backup failed."""
    from lawdesk.services import attachments, backup, records

    dbmod.close_database()
    folder = folder_of_length(tmp_path, 100)
    path = folder / "台账.db"
    database = dbmod.open_database(path, create=True)
    name_the_office()
    rec = records.create("meeting", {"date": "2022-03-01", "kind": "专题会议", "title": "法治专题会"})
    name = "关于街道法治建设工作专题会议的会议纪要" + "-revised-by-office-2022" * 4 + ".docx"
    assert len(name) > 100 and len(name.encode()) <= 255
    att = attachments.add("meeting", rec.id, evidence_file(tmp_path, name, b"minutes"), "会议纪要")
    made = backup.make_backup(database, path)
    manifest = backup.verify_backup(made)
    assert [f["path"].rsplit("/", 1)[-1] for f in manifest.files] == [att.stored_name]
    assert manifest.data["missing_files"] == [] and max(len(str(p)) for p in made.rglob("*")) <= 259
    attachments.path_of(att).unlink()
    backup.restore_backup(database, path, made)
    assert attachments.path_of(att).read_bytes() == b"minutes"
    assert attachments.list_for("meeting", rec.id)[0].original_name == name


def test_backups_nest_every_file_at_the_same_shallow_depth(db, db_path, tmp_path) -> None:
    from lawdesk.services import attachments, backup, records

    rec = records.create("community", {"name": "龙潭社区"})
    for name in ("甲.jpg", "乙" * 80 + ".pdf", "无扩展名"):
        attachments.add("community", rec.id, evidence_file(tmp_path, name), "照片")
    made = backup.make_backup(db, db_path)
    files = [p.relative_to(made) for p in made.rglob("*") if p.is_file()]
    assert sorted(str(p) for p in files) == sorted([backup.DB_FILE, backup.MANIFEST, "f/1.jpg", "f/2.pdf", "f/3"])


def test_a_data_folder_too_deep_for_windows_refuses_the_file_with_a_message(windows, db, tmp_path) -> None:
    from lawdesk.errors import LawdeskError
    from lawdesk.services import attachments, records

    dbmod.close_database()
    path = folder_of_length(tmp_path, 215) / "台账.db"
    dbmod.open_database(path, create=True)
    name_the_office()
    rec = records.create("community", {"name": "龙潭社区"})
    with pytest.raises(LawdeskError) as info:
        attachments.add("community", rec.id, evidence_file(tmp_path, "签到表.jpg"), "签到表")
    assert "260 个字符" in info.value.message and "较浅的文件夹" in info.value.message
    assert attachments.list_for("community", rec.id) == []
    assert not list(path.parent.glob("*-data/attachments/**/*.jpg"))


def test_a_deep_folder_shortens_the_stored_name_before_refusing(windows, db, tmp_path) -> None:
    from lawdesk.services import attachments, backup, records

    dbmod.close_database()
    path = folder_of_length(tmp_path, 150) / "台账.db"
    database = dbmod.open_database(path, create=True)
    name_the_office()
    rec = records.create("community", {"name": "龙潭社区"})
    att = attachments.add("community", rec.id, evidence_file(tmp_path, "街道普法宣传活动签到表第一批.jpg"), "签到表")
    assert len(att.stored_name) < 8 + 1 + attachments.STORED_STEM_CHARS  # shortened to fit
    assert all(len(p) <= 259 for p in attachments.longest_paths(path, "community", rec.id, att.stored_name))
    backup.verify_backup(backup.make_backup(database, path))


# ---------------------------------------------------------------------------------------------
# An evidence file open in WPS during a restore


def _restore_scene(db, db_path: Path, tmp_path: Path):
    from lawdesk.services import attachments, backup, records

    rec = records.create("community", {"name": "龙潭社区"})
    kept = attachments.add("community", rec.id, evidence_file(tmp_path, "签到表.jpg", b"back"), "签到表")
    saved = backup.make_backup(db, db_path)
    later_rec = records.create("community", {"name": "金兰社区"})
    later = attachments.add("community", later_rec.id, evidence_file(tmp_path, "后来的照片.jpg", b"later"), "照片")
    return saved, kept, later


def test_an_open_evidence_file_stops_the_restore_and_is_named(windows, db, db_path, tmp_path) -> None:
    from lawdesk.errors import LawdeskError
    from lawdesk.services import attachments, backup, records

    saved, kept, later = _restore_scene(db, db_path, tmp_path)
    with windows.hold(attachments.path_of(later)), pytest.raises(LawdeskError) as info:
        backup.restore_backup(db, db_path, saved)
    assert "后来的照片.jpg" in info.value.message and "正被其他程序" in info.value.message
    assert "没有改变" in info.value.message
    assert records.list_records("community").total == 2  # nothing restored, nothing half-done
    assert attachments.path_of(later).read_bytes() == b"later"
    assert attachments.path_of(kept).read_bytes() == b"back"
    data = db_path.parent / "lawdesk-data"
    assert sorted(p.name for p in data.iterdir() if p.name.startswith("attachments")) == ["attachments"]
    assert not backup._restore_marker(db_path).exists()
    backup.restore_backup(db, db_path, saved)  # the file closed: the restore goes through
    assert records.list_records("community").total == 1
    assert not attachments.path_of(later).exists() and attachments.path_of(kept).read_bytes() == b"back"


def test_evidence_added_after_a_blocked_restore_is_never_lost(windows, db, db_path, tmp_path) -> None:
    """The issue's loss: the swap was put off to the next start, evidence added meanwhile went
    into the old folder, and that start renamed it away and deleted it (row kept, file gone)."""
    from lawdesk.errors import LawdeskError
    from lawdesk.services import attachments, backup, records

    saved, _kept, later = _restore_scene(db, db_path, tmp_path)
    with windows.hold(attachments.path_of(later)):
        try:
            backup.restore_backup(db, db_path, saved)
        except LawdeskError:
            pass  # told which file is open
        rec = records.list_records("community").rows[0]
        added = attachments.add("community", rec["id"], evidence_file(tmp_path, "新照片.jpg", b"new"), "照片")
    dbmod.close_database()
    dbmod.open_database(db_path)  # the next start
    rows = [a for r in records.list_records("community").rows for a in attachments.list_for("community", r["id"])]
    assert all(attachments.path_of(a).exists() for a in rows), [a.original_name for a in rows]
    assert added.id in [a.id for a in rows] and attachments.path_of(added).read_bytes() == b"new"


def test_a_file_released_within_the_retries_lets_the_restore_finish(windows, db, db_path, tmp_path) -> None:
    import threading

    from lawdesk.services import attachments, backup, records

    saved, kept, later = _restore_scene(db, db_path, tmp_path)
    held = attachments.path_of(later).resolve()
    windows.held.add(held)  # an antivirus scan that ends in a moment
    threading.Timer(0.3, lambda: windows.held.discard(held)).start()
    backup.restore_backup(db, db_path, saved)
    assert records.list_records("community").total == 1
    assert attachments.path_of(kept).read_bytes() == b"back" and not attachments.path_of(later).exists()


# ---------------------------------------------------------------------------------------------
# Removing an evidence file open in WPS


def test_removing_an_open_evidence_file_says_so_and_changes_nothing(windows, db, tmp_path) -> None:
    from lawdesk.errors import LawdeskError
    from lawdesk.models import AuditLog
    from lawdesk.services import attachments, records

    rec = records.create("community", {"name": "龙潭社区"})
    att = attachments.add("community", rec.id, evidence_file(tmp_path, "会议纪要.docx", b"minutes"), "会议纪要")
    stored = attachments.path_of(att)
    with windows.hold(stored), pytest.raises(LawdeskError) as info:
        attachments.remove(att.id)
    assert "会议纪要.docx" in info.value.message and "正被其他程序" in info.value.message
    assert "意外错误" not in info.value.message
    assert [a.id for a in attachments.list_for("community", rec.id)] == [att.id]  # the row kept …
    assert stored.read_bytes() == b"minutes"  # … and its file
    assert AuditLog.select().where(AuditLog.action == "删除材料").count() == 0
    attachments.remove(att.id)  # closed: removed, file and row
    assert attachments.list_for("community", rec.id) == [] and not stored.exists()
    assert not [p for p in attachments.pending_dir(dbmod.current_path()).rglob("*") if p.is_file()]


def test_a_failed_commit_puts_a_removed_file_back(db, tmp_path, monkeypatch) -> None:
    from lawdesk.services import attachments, records

    rec = records.create("community", {"name": "龙潭社区"})
    att = attachments.add("community", rec.id, evidence_file(tmp_path, "照片.jpg", b"photo"), "照片")

    def broken(*_a, **_k):
        raise RuntimeError("disk I/O error")

    monkeypatch.setattr(attachments.audit, "log", broken)
    with pytest.raises(RuntimeError):
        attachments.remove(att.id)
    monkeypatch.undo()
    assert attachments.path_of(att).read_bytes() == b"photo"
    assert [a.id for a in attachments.list_for("community", rec.id)] == [att.id]

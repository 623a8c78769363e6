"""Synced and shared folders (OneDrive, WPS 云盘, network drives and shares) are detected, warned
about in Chinese, avoided for a new database, and the database can be moved to the local data
folder with its evidence files and backups."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from lawdesk import cli, paths
from lawdesk import db as dbmod
from lawdesk.errors import LawdeskError
from lawdesk.services import attachments, backup, records, relocate
from lawdesk.syncfolders import DRIVE_REMOTE, detect
from tests.conftest import name_the_office

pytestmark = pytest.mark.sqlite_only

USER = r"C:\Users\张三"


def win(path: str, env: dict[str, str] | None = None, drive_type=None):  # noqa: ANN001, ANN201
    return detect(path, env=env or {}, windows=True, drive_type=drive_type)


@pytest.mark.parametrize(
    ("path", "env", "kind"),
    [
        (rf"{USER}\OneDrive\Desktop\法治台账\lawdesk.db", {"OneDrive": rf"{USER}\OneDrive"}, "OneDrive"),
        (r"c:\users\张三\onedrive\DESKTOP\lawdesk.db", {"OneDrive": rf"{USER}\OneDrive"}, "OneDrive"),
        (rf"{USER}\OneDrive\桌面\台账.db", {}, "OneDrive"),  # a redirected desktop, no variable set
        (rf"{USER}\OneDrive - 金兰山街道办事处\文档\lawdesk.db",
         {"OneDriveCommercial": rf"{USER}\OneDrive - 金兰山街道办事处"}, "OneDrive"),
        (rf"{USER}\OneDrive - 金兰山街道办事处\文档\lawdesk.db", {}, "OneDrive"),
        (r"D:\个人云\文档\lawdesk.db", {"OneDriveConsumer": r"D:\个人云"}, "OneDrive"),
        (rf"{USER}\Documents\WPSDrive\123456\WPS云盘\台账\lawdesk.db", {}, "WPS 云盘"),
        (rf"{USER}\Documents\WPS Cloud Files\88\lawdesk.db", {}, "WPS 云盘"),
        (r"\\server\share\台账.db", {}, "网络共享文件夹"),
        (r"\\?\UNC\server\share\法治\台账.db", {}, "网络共享文件夹"),
        (rf"{USER}\BaiduSyncdisk\台账.db", {}, "百度网盘同步空间"),
    ],
)
def test_synced_and_shared_windows_folders_are_detected(path: str, env: dict[str, str], kind: str) -> None:
    risk = win(path, env)
    assert risk is not None and risk.kind == kind, risk


@pytest.mark.parametrize(
    "path",
    [rf"{USER}\Desktop\法治台账\lawdesk.db", r"D:\法治台账\lawdesk.db", rf"{USER}\OneDrive2\x.db",
     rf"{USER}\Documents\OneDriveBackup\x.db", r"C:\Program Files\lawdesk\lawdesk.db"],
)
def test_local_windows_folders_are_not_flagged(path: str) -> None:
    assert win(path, {"OneDrive": rf"{USER}\OneDrive"}, drive_type=lambda _root: 3) is None


def test_a_mapped_network_drive_is_detected_through_its_drive_type() -> None:
    asked: list[str] = []

    def drive_type(root: str) -> int:
        asked.append(root)
        return DRIVE_REMOTE if root.upper() == "Z:\\" else 3

    risk = win(r"Z:\台账.db", drive_type=drive_type)
    assert risk is not None and risk.kind == "网络驱动器" and risk.folder == "Z:"
    assert win(r"C:\台账.db", drive_type=drive_type) is None
    assert asked == ["Z:\\", "C:\\"]


MOUNTS = """/dev/sda1 / ext4 rw,relatime 0 0
//srv/共享 /mnt/单位\\040共享 cifs rw 0 0
srv:/export /media/nfs nfs4 rw 0 0
gvfsd-fuse /run/user/1000/gvfs fuse.gvfsd-fuse rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "kind"),
    [("/mnt/单位 共享/台账.db", "网络共享文件夹"), ("/media/nfs/a/台账.db", "网络共享文件夹"),
     ("/run/user/1000/gvfs/smb-share:server=srv,share=x/台账.db", "网络共享文件夹"),
     ("/home/甲/坚果云/台账.db", "坚果云"), ("/home/甲/OneDrive/台账.db", "OneDrive"),
     ("/home/甲/文档/台账.db", None), ("/mnt/单位共享2/台账.db", None)],
)
def test_linux_network_mounts_and_sync_folders(path: str, kind: str | None) -> None:
    risk = detect(path, env={}, windows=False, mounts=MOUNTS)
    assert (risk.kind if risk else None) == kind


def test_the_warning_is_chinese_and_offers_the_local_folder() -> None:
    text = win(rf"{USER}\OneDrive\桌面\台账.db").warning()
    assert "OneDrive" in text and "同步" in text and "本机的数据文件夹" in text
    text = win(r"\\server\share\台账.db").warning()
    assert "网络共享文件夹" in text and "\\\\server\\share" in text


# ---------------------------------------------------------------------------------------------
# Where the program puts a database, and the warnings it shows


@pytest.fixture
def synced_program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The program folder on a OneDrive-redirected desktop; the user's data folder local."""
    root = tmp_path / "OneDrive" / "桌面" / "法治台账"
    root.mkdir(parents=True)
    local = tmp_path / "AppData" / "Local" / "lawdesk"
    monkeypatch.setattr(paths, "app_root", lambda: root)
    monkeypatch.setattr(paths, "user_data_folder", lambda: local)
    monkeypatch.delenv(paths.DB_ENV, raising=False)
    return root


def test_a_new_database_is_not_placed_in_a_synced_program_folder(synced_program: Path, tmp_path: Path) -> None:
    chosen = paths.default_db_path()
    assert chosen == tmp_path / "AppData" / "Local" / "lawdesk" / paths.DEFAULT_DB_NAME


def test_an_existing_database_in_a_synced_folder_is_used_and_warned_about(synced_program: Path) -> None:
    beside = synced_program / paths.DEFAULT_DB_NAME
    dbmod.open_database(beside, create=True)
    dbmod.close_database()
    assert paths.default_db_path() == beside
    text = paths.location_text(beside)
    assert "OneDrive" in text and "建议把数据库移到本机" in text


def test_the_command_line_warns_about_a_synced_folder(synced_program: Path, capsys) -> None:
    beside = synced_program / paths.DEFAULT_DB_NAME
    assert cli.main(["--db", str(beside), "init"]) == 0
    assert cli.main(["--db", str(beside), "stats", "--year", "2022"]) == 0
    err = capsys.readouterr().err
    assert "OneDrive" in err and "move-local" in err


def test_moving_to_local_keeps_records_evidence_and_backups_there(synced_program: Path, tmp_path: Path,
                                                                  capsys) -> None:
    beside = synced_program / paths.DEFAULT_DB_NAME
    dbmod.open_database(beside, create=True)
    name_the_office()
    rec = records.create("community", {"name": "龙潭社区"})
    source = tmp_path / "签到表.jpg"
    source.write_bytes(b"sign-in sheet")
    att = attachments.add("community", rec.id, source, "签到表")
    dbmod.close_database()
    assert cli.main(["move-local"]) == 0  # the default database: beside the program
    assert "已把数据库和材料文件复制到本机" in capsys.readouterr().out
    local = tmp_path / "AppData" / "Local" / "lawdesk" / paths.DEFAULT_DB_NAME
    assert paths.default_db_path() == local  # every later start opens the local copy
    dbmod.open_database(local)
    assert [r["name"] for r in records.list_records("community").rows] == ["龙潭社区"]
    assert attachments.path_of(attachments.list_for("community", rec.id)[0]).read_bytes() == b"sign-in sheet"
    assert backup.list_backups(local) and paths.backups_dir(local).parent == local.parent / "lawdesk-data"
    assert paths.sync_risk(local) is None
    dbmod.close_database()
    con = sqlite3.connect(f"file:{beside}?mode=ro", uri=True)
    assert con.execute("SELECT name FROM community").fetchall() == [("龙潭社区",)]  # the old one stays …
    con.close()
    old_file = synced_program / "lawdesk-data" / "attachments" / "community" / str(rec.id) / att.stored_name
    assert old_file.read_bytes() == b"sign-in sheet"  # … with its evidence files


def test_moving_refuses_to_replace_a_local_database(synced_program: Path, tmp_path: Path) -> None:
    local = tmp_path / "AppData" / "Local" / "lawdesk" / paths.DEFAULT_DB_NAME
    local.parent.mkdir(parents=True)
    dbmod.open_database(local, create=True)
    name_the_office()
    records.create("community", {"name": "本机已有"})
    dbmod.close_database()
    beside = synced_program / paths.DEFAULT_DB_NAME
    dbmod.open_database(beside, create=True)
    name_the_office()
    records.create("community", {"name": "同步文件夹中的"})
    with pytest.raises(LawdeskError, match="已经有一个台账数据库"):
        relocate.move_to_local(beside)
    dbmod.close_database()
    dbmod.open_database(local)
    assert [r["name"] for r in records.list_records("community").rows] == ["本机已有"]
    dbmod.close_database()

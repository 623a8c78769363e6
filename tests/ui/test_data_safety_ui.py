"""GUI pieces of issue 9: the recovery dialog, the waiting notice, masking on the 操作日志, where data lives."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from lawdesk import db as dbmod
from lawdesk import paths
from lawdesk.services import backup, events, records
from tests.builders import dispute_data
from tests.conftest import name_the_office
from tests.ui.conftest import pump


@pytest.fixture
def vanished(db, db_path: Path):
    """A database with one backup whose file has then vanished."""
    records.create("community", {"name": "龙潭社区"})
    saved = backup.make_backup(db, db_path)
    dbmod.close_database()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    with pytest.raises(dbmod.DatabaseMissingError) as info:
        dbmod.open_database(db_path)
    return saved, info.value


def test_the_dialog_says_the_file_is_missing_and_offers_the_newest_backup(root, db_path, vanished) -> None:
    from lawdesk.ui.dialogs import recover

    saved, exc = vanished
    dialog = recover.RecoverDialog(root, db_path, exc)
    pump(root)
    assert "找不到数据库文件" in dialog.message_label.cget("text")
    assert saved.name in dialog.message_label.cget("text")
    assert list(dialog.buttons) == [recover.RESTORE, recover.NEW, recover.QUIT]
    dialog.buttons[recover.RESTORE].invoke()
    assert dialog.choice == recover.RESTORE
    recover.carry_out(dialog.choice, db_path, exc)
    assert [r["name"] for r in records.list_records("community").rows] == ["龙潭社区"]


def test_new_instead_of_the_backup_needs_a_confirmation(root, db_path, vanished, dialogs) -> None:
    from lawdesk.ui.dialogs import recover

    _saved, exc = vanished
    dialog = recover.RecoverDialog(root, db_path, exc)
    dialogs.answers = [False]
    dialog.buttons[recover.NEW].invoke()
    assert dialog.winfo_exists() and dialog.choice == recover.QUIT  # not confirmed: still open
    dialogs.answers = [True]
    dialog.buttons[recover.NEW].invoke()
    assert dialog.choice == recover.NEW


def test_a_damaged_file_offers_no_new_database(root, db, db_path: Path) -> None:
    from lawdesk.ui.dialogs import recover

    dbmod.close_database()
    db_path.write_bytes(b"garbage" * 100)
    with pytest.raises(dbmod.DatabaseDamagedError) as info:
        dbmod.open_database(db_path)
    dialog = recover.RecoverDialog(root, db_path, info.value)
    assert list(dialog.buttons) == [recover.QUIT]  # no backup, and 新建 would hide the damaged file
    dialog.destroy()


def test_a_save_that_waits_for_another_window_says_so(root, db, db_path: Path) -> None:
    from lawdesk.ui.widgets import db_watch

    shown: list[str] = []
    watch = db_watch.install(root, shown.append)
    other = sqlite3.connect(db_path, timeout=0, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    threading.Timer(1.2, other.commit).start()
    try:
        records.create("community", {"name": "龙潭社区"})
    finally:
        watch.stop()
        other.close()
    assert shown == [db_watch.WAITING_TEXT, "就绪"]


def test_another_windows_save_reloads_the_pages(root, db, db_path: Path) -> None:
    from lawdesk.ui.widgets import db_watch

    changes: list[events.Change] = []
    unsubscribe = events.subscribe(changes.append)
    watch = db_watch.DatabaseWatch(root, lambda _t: None)
    try:
        watch.poll()
        assert changes == []
        other = sqlite3.connect(db_path)
        other.execute("INSERT INTO setting (key, value) VALUES ('x', '1')")
        other.commit()
        other.close()
        watch.poll()
        assert [c.kind for c in changes] == ["database"]
    finally:
        watch.stop()
        unsubscribe()


def test_the_audit_page_masks_phone_and_id_numbers(root, db) -> None:
    from lawdesk.ui.pages.audit_page import AuditDetails, AuditPage

    records.create("dispute", dispute_data(party_id_number="110101199003071234", party_phone="13812345678",
                                           summary="来电 13812345678 反映漏水"))
    page = AuditPage(root)
    page.pack()
    page.refresh()
    pump(root)
    [iid] = page.tree.get_children()
    assert "138****5678" in page.tree.item(iid, "values")[2]
    page.tree.selection_set(iid)
    details: AuditDetails = page.on_details()
    shown = " ".join(" ".join(map(str, details.tree.item(i, "values"))) for i in details.tree.get_children())
    assert "110101********1234" in shown and "138****5678" in shown
    assert "13812345678" not in shown and "110101199003071234" not in shown
    details.destroy()


def test_the_status_bar_says_where_the_data_lives(main_window, db_path: Path) -> None:
    text = main_window.db_label.cget("text")
    assert str(db_path.resolve()) in text
    assert paths.short_location(db_path) in text


def test_a_first_start_is_a_welcome_not_an_alarm(root, tmp_path: Path) -> None:
    from lawdesk.ui.dialogs import recover

    path = tmp_path / "lawdesk.db"
    with pytest.raises(dbmod.DatabaseMissingError) as info:
        dbmod.open_database(path)
    dialog = recover.RecoverDialog(root, path, info.value)
    assert dialog.first_start
    assert "还没有数据库" in dialog.message_label.cget("text")
    assert list(dialog.buttons) == [recover.NEW, recover.QUIT]
    dialog.buttons[recover.NEW].invoke()  # no backups: no confirmation needed
    recover.carry_out(dialog.choice, path, info.value)
    assert path.is_file() and records.list_records("community").total == 0
    dbmod.close_database()


def test_the_recycle_bin_tells_the_clerk_about_a_file_it_could_not_delete(root, db, tmp_path, dialogs, monkeypatch):
    from lawdesk.services import attachments
    from lawdesk.ui.pages.recycle_bin import RecycleBinPage

    rec = records.create("community", {"name": "龙潭社区"})
    (tmp_path / "open.jpg").write_bytes(b"open in a viewer")
    attachments.add("community", rec.id, tmp_path / "open.jpg", "照片")
    records.delete("community", rec.id)
    real_unlink = Path.unlink

    def locked(self, missing_ok=False):
        if self.name.endswith("open.jpg"):
            raise PermissionError(13, "文件正在使用")
        return real_unlink(self, missing_ok=missing_ok)

    page = RecycleBinPage(root)
    page.pack()
    page.refresh()
    page.tree.selection_set(page.tree.get_children())
    dialogs.answers = [True]
    with monkeypatch.context() as patched:
        patched.setattr(Path, "unlink", locked)
        page.on_purge()
    [warning] = dialogs.messages("show_warning")
    assert "暂时无法删除" in warning and "下次打开时会再次删除" in warning
    assert page.tree.get_children() == ()


def test_the_about_panel_says_where_the_data_lives_and_opens_the_folder(root, db, db_path: Path, dialogs) -> None:
    from lawdesk.ui.widgets.data_location import DataLocationPanel

    panel = DataLocationPanel(root, db_path)
    panel.pack()
    pump(root)
    text = panel.location_label.cget("text")
    assert str(db_path.resolve()) in text and str(paths.data_dir(db_path)) in text
    panel.open_button.invoke()
    assert ("open", str(paths.data_dir(db_path))) in dialogs.shown


def test_removing_an_evidence_file_open_in_wps_tells_the_clerk_which(main_window, windows, tmp_path, monkeypatch,
                                                                     dialogs) -> None:
    from lawdesk.services import attachments
    from lawdesk.ui.dialogs import record_form

    rec = records.create("meeting", {"date": "2022-04-01", "kind": "党工委班子会", "title": "会议"})
    photo = tmp_path / "签到表.jpg"
    photo.write_bytes(b"jpeg")
    monkeypatch.setattr(record_form.ttk.filedialog, "askopenfilenames", lambda **_kw: (str(photo),))
    page = main_window.open_records("meeting")
    page.refresh()
    page.tree.selection_set(str(rec.id))
    form = page.on_edit()
    form.on_add_attachment()
    (iid,) = form.attachment_tree.get_children()
    form.attachment_tree.selection_set(iid)
    [att] = attachments.list_for("meeting", rec.id)
    dialogs.answers = [True]
    with windows.hold(attachments.path_of(att)):
        form.on_remove_attachment()
    [error] = dialogs.messages("show_error")
    assert "签到表.jpg" in error and "正被其他程序" in error
    assert form.attachment_tree.get_children() == (iid,)  # still listed: nothing was removed
    form.destroy()


def test_the_status_bar_says_an_automatic_backup_left_a_file_out(root, db, db_path, tmp_path) -> None:
    from lawdesk.services import attachments
    from lawdesk.ui.main_window import MainWindow

    rec = records.create("community", {"name": "龙潭社区"})
    (tmp_path / "现场照片.jpg").write_bytes(b"photo")
    att = attachments.add("community", rec.id, tmp_path / "现场照片.jpg", "照片")
    attachments.path_of(att).unlink()
    attachments.path_of(att).mkdir()  # a folder in its place: the file cannot be read
    dbmod.close_database()
    dbmod.open_database(db_path)  # the automatic backup of this start
    window = MainWindow(root, db_path, first_run=False)
    window.pack(fill="both", expand=True)
    pump(root)
    text = window.status_text  # the status line's whole text, pointing to the page that names the file
    assert window.status_label.cget("text").startswith("自动备份已完成")  # shown on one line, elided
    assert "自动备份已完成" in text and "1 个材料文件没有备份" in text and "备份与恢复" in text
    page = window.show_page("backup")
    pump(root)
    assert "现场照片.jpg" in page.problems_label.cget("text") and page.problems_label.winfo_ismapped()


def test_the_backup_page_warns_about_a_file_it_left_out(root, db, db_path, tmp_path, dialogs) -> None:
    from lawdesk.services import attachments
    from lawdesk.ui.pages.backup_page import BackupPage

    rec = records.create("community", {"name": "龙潭社区"})
    (tmp_path / "现场照片.jpg").write_bytes(b"photo")
    att = attachments.add("community", rec.id, tmp_path / "现场照片.jpg", "照片")
    attachments.path_of(att).unlink()
    attachments.path_of(att).mkdir()
    page = BackupPage(root)
    page.pack()
    assert page.on_backup() is not None
    [warning] = dialogs.messages("show_warning")
    assert "现场照片.jpg" in warning and "备份已完成" in warning


def test_the_backup_page_shows_a_drop_and_the_clerk_confirms_it(root, db, db_path, dialogs) -> None:
    from lawdesk.models import database
    from lawdesk.ui.pages.backup_page import BackupPage

    with database.atomic():
        for i in range(30):
            records.create("community", {"name": f"社区{i}"})
    backup.make_backup(db, db_path)
    dbmod.close_database()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    database_ = dbmod.create_database(db_path)  # the file was lost and made anew
    name_the_office()  # and the clerk's first 单位设置 on it
    records.create("community", {"name": "新社区"})
    backup.make_backup(database_, db_path)
    page = BackupPage(root)
    page.pack(fill="both", expand=True)
    page.refresh()
    pump(root)
    assert page.drop_bar.winfo_ismapped()
    assert "30 条" in page.drop_label.cget("text")
    dialogs.answers = [False]
    assert not page.on_accept_drop() and page.drop_bar.winfo_ismapped()  # 取消: nothing changes
    dialogs.answers = [True]
    page.accept_drop_button.invoke()
    pump(root)
    assert not page.drop_bar.winfo_ismapped() and backup.drop_notice(db_path) == ""


@pytest.fixture
def onedrive_db(tmp_path, monkeypatch):  # noqa: ANN001, ANN201
    """A database on a OneDrive-redirected desktop, open; the user's data folder local."""
    path = tmp_path / "OneDrive" / "桌面" / "台账.db"
    path.parent.mkdir(parents=True)
    local = tmp_path / "AppData" / "lawdesk"
    monkeypatch.setattr(paths, "user_data_folder", lambda: local)
    dbmod.open_database(path, create=True)
    name_the_office()
    records.create("community", {"name": "龙潭社区"})
    yield path
    dbmod.close_database()


def test_the_status_bar_and_about_warn_about_onedrive_and_move_the_database(root, onedrive_db, tmp_path,
                                                                          dialogs) -> None:
    from lawdesk.ui.dialogs.about import AboutDialog
    from lawdesk.ui.main_window import MainWindow

    window = MainWindow(root, onedrive_db, first_run=False)
    window.pack(fill="both", expand=True)
    pump(root)
    assert "OneDrive" in window.status_text and "关于" in window.status_text  # the whole status line
    about = AboutDialog(window, onedrive_db)
    pump(root)
    assert "OneDrive" in about.location.location_label.cget("text")
    assert about.location.move_button is not None
    dialogs.answers = [True]
    about.location.move_button.invoke()
    pump(root)
    local = tmp_path / "AppData" / "lawdesk" / "台账.db"
    assert window.db_path == local and dbmod.current_path() == local  # the window now works there
    assert [r["name"] for r in records.list_records("community").rows] == ["龙潭社区"]
    assert any("已复制到本机" in m for m in dialogs.messages("show_info"))
    assert "OneDrive" not in window.status_text


def test_the_about_panel_offers_no_move_for_a_local_database(root, db, db_path) -> None:
    from lawdesk.ui.widgets.data_location import DataLocationPanel

    panel = DataLocationPanel(root, db_path)
    assert panel.move_button is None


def test_the_welcome_dialog_warns_about_a_synced_location(root, onedrive_db) -> None:
    from lawdesk.ui.dialogs.welcome import WelcomeDialog

    dialog = WelcomeDialog(db_path=onedrive_db.parent / "新台账.db", master=root)
    pump(root)
    assert dialog.risk_label is not None and "OneDrive" in dialog.risk_label.cget("text")
    dialog.destroy()

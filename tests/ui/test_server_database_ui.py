"""The window on a server (PostgreSQL) database: its URL shown masked, 备份与恢复 says the
server's administrator backs it up. Needs the PostgreSQL test server (``LAWDESK_TEST_PG``)."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from lawdesk import db as dbmod
from lawdesk.ui.dialogs.about import AboutDialog
from lawdesk.ui.main_window import MainWindow
from lawdesk.ui.pages.backup_page import BackupPage

SECRET = "Zz9-secret-Pw"


@pytest.fixture
def server_window(root, pg_server, _pg_migrated):  # noqa: ANN001, ANN201
    from psycopg.conninfo import conninfo_to_dict

    params = {k: v for k, v in conninfo_to_dict(pg_server.admin_url).items() if k != "dbname"}
    params["password"] = SECRET  # carried in the URL (the test socket is trusted), never shown
    name = pg_server.create(_pg_migrated)
    url = f"postgresql:///{name}?{urlencode(params)}"
    dbmod.open_database(url)
    window = MainWindow(root, url, first_run=False)
    window.pack(fill="both", expand=True)
    root.update()
    yield window
    dbmod.close_database()
    pg_server.drop(name)


def test_the_window_names_the_server_masked(server_window, root) -> None:  # noqa: ANN001
    title = root.title()
    assert "password=***" in title and SECRET not in title
    status = server_window.db_label.cget("text")
    assert status.startswith("服务器数据库：") and SECRET not in status
    about = AboutDialog(server_window, server_window.db_path)
    try:
        text = about.location.location_label.cget("text")
        assert "备份由服务器管理员负责" in text and SECRET not in text
    finally:
        about.destroy()


def test_backup_page_says_the_administrator_backs_up(server_window, dialogs) -> None:  # noqa: ANN001
    page = server_window.show_page("backup")
    assert isinstance(page, BackupPage)
    text = page.info_label.cget("text")
    assert "服务器数据库由管理员用 pg_dump 备份" in text and SECRET not in text
    for button in (page.backup_button, page.restore_button, page.restore_file_button, page.folder_button):
        assert str(button.cget("state")) == "disabled"
    assert page.tree.get_children() == ()
    assert page.on_backup() is None  # called anyway: a Chinese message, nothing written
    (message,) = dialogs.messages("show_error")
    assert "备份由服务器管理员负责" in message and SECRET not in message


def _texts(widget) -> list[str]:  # noqa: ANN001
    out = []
    for child in widget.winfo_children():
        try:
            out.append(str(child.cget("text")))
        except Exception:  # noqa: BLE001 - widgets without a text option
            pass
        out += _texts(child)
    return out


def test_the_welcome_guide_names_the_server_masked(server_window) -> None:  # noqa: ANN001
    dialog = server_window.show_welcome()  # a new server database has no unit profile yet
    try:
        texts = _texts(dialog)
        assert any("台账数据库：postgresql:///" in t and "password=***" in t for t in texts), texts
        assert not any(SECRET in t for t in texts)
    finally:
        dialog.destroy()

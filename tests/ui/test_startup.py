"""Start-up: a missing database is never created silently; the demo goes into its own file."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from lawdesk import app as appmod
from lawdesk import db as dbmod
from lawdesk import demo
from lawdesk.services import records, settings
from lawdesk.ui.dialogs import welcome
from lawdesk.ui.dialogs.welcome import WelcomeDialog
from tests.conftest import name_the_office


@pytest.fixture
def closed_db() -> Iterator[None]:
    dbmod.close_database()
    yield
    dbmod.close_database()


def _start_dialog(root, path: Path) -> WelcomeDialog:  # noqa: ANN001
    dialog = WelcomeDialog(db_path=path, master=root)
    root.update()
    return dialog


def test_quitting_the_welcome_creates_nothing(root, tmp_path, monkeypatch, closed_db):  # noqa: ANN001
    path = tmp_path / "台账.db"
    monkeypatch.setattr(WelcomeDialog, "ask", classmethod(lambda cls, r, p: None))
    assert appmod.choose_database(root, path) is None
    dialog = _start_dialog(root, path)
    dialog.later_button.invoke()
    assert dialog.choice is None
    assert list(tmp_path.iterdir()) == []


def test_new_creates_the_database_and_keeps_the_operator(root, tmp_path, closed_db):  # noqa: ANN001
    path = tmp_path / "台账.db"
    dialog = _start_dialog(root, path)
    dialog.operator_var.set("王晓梅")
    dialog.new_button.invoke()
    choice = dialog.choice
    assert choice is not None and choice.action == welcome.NEW and choice.path == path
    assert not path.exists()  # only opening the choice creates it
    assert appmod.open_chosen_database(root, choice) is True
    assert path.exists()
    assert settings.profile_values()["operator"] == "王晓梅"


def test_demo_choice_fills_its_own_file_only(root, tmp_path, closed_db):  # noqa: ANN001
    path = tmp_path / "台账.db"
    dialog = _start_dialog(root, path)
    dialog.demo_button.invoke()
    choice = dialog.choice
    assert choice is not None and choice.action == welcome.DEMO
    assert appmod.open_chosen_database(root, choice) is True
    assert dbmod.current_path() == tmp_path / demo.DEMO_FILE_NAME
    assert records.count("patrol") > 0
    assert not path.exists()


def test_open_choice_of_an_existing_file(root, tmp_path, monkeypatch, closed_db):  # noqa: ANN001
    existing = tmp_path / "别处的台账.db"
    dbmod.open_database(existing, create=True)
    name_the_office()
    records.create("patrol", {"date": "2022-01-02", "area": "老街"})
    dbmod.close_database()
    dialog = _start_dialog(root, tmp_path / "台账.db")
    monkeypatch.setattr(welcome, "ask_database_file", lambda parent, initial: existing)
    dialog.open_button.invoke()
    assert dialog.choice.action == welcome.OPEN and dialog.choice.path == existing
    assert appmod.open_chosen_database(root, dialog.choice) is True
    assert records.count("patrol") == 1


def test_first_window_fits_the_work_area(root, monkeypatch):  # noqa: ANN001
    from lawdesk.ui import common

    monkeypatch.setattr(common, "work_area", lambda _w: (0, 0, 1024, 728))
    w, h = appmod.fit_window(root)
    root.update()
    assert (w, h) == (1024 - common.FRAME_MARGIN[0], 728 - common.FRAME_MARGIN[1])
    assert root.winfo_width() == w and root.winfo_height() == h
    root.minsize(1, 1)
    root.geometry("1280x800+0+0")
    root.update()


def test_a_new_database_opens_on_the_settings_page(root, tmp_path, closed_db):  # noqa: ANN001
    from lawdesk.ui.pages.base import PageId

    path = tmp_path / "台账.db"
    assert appmod.open_chosen_database(root, welcome.StartChoice(welcome.NEW, path, "王晓梅"))
    window = appmod.build_main_window(root, path, first_run=True, new_database=True)
    root.update()
    assert window.current_key == PageId.SETTINGS
    assert "单位设置" in window.status_label.cget("text")
    assert "操作员：王晓梅" in window.db_label.cget("text")


def test_work_area_read_in_the_background_is_the_same(root, monkeypatch):  # noqa: ANN001
    from lawdesk.ui import common, xprop

    monkeypatch.setattr(common, "_WORK_AREAS", {})
    direct = common.work_area(root)  # xprop run on the spot
    monkeypatch.setattr(common, "_WORK_AREAS", {})
    xprop.start()
    assert xprop.started() or not shutil.which("xprop")
    assert common.work_area(root) == direct
    assert not xprop.started()  # collected, no process left behind


def test_the_window_has_lawdesk_icon_not_the_256_pixel_default(root) -> None:  # noqa: ANN001
    from PIL import Image

    from lawdesk import paths

    icons = appmod.set_icon(root)
    if root.tk.call("tk", "windowingsystem") == "win32":
        assert icons == []
    else:
        assert [(i.width(), i.height()) for i in icons] == [(s, s) for s in appmod.ICON_SIZES]
        assert root.lawdesk_icons == icons  # kept: Tk drops an image nothing refers to
    with Image.open(paths.asset("icons", "lawdesk.ico")) as ico:
        assert (256, 256) in ico.info["sizes"] and (16, 16) in ico.info["sizes"]

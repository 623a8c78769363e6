"""关于 driven as a clerk would: reached from the 系统 links, it names the program, its version and
where the data and the log file are; 打开数据文件夹 opens the data folder; Esc closes it."""

from __future__ import annotations

from pathlib import Path

from lawdesk import APP_NAME, __version__, paths
from lawdesk.ui.dialogs.about import AboutDialog
from tests.ui.conftest import pump


def _texts(widget) -> list[str]:  # noqa: ANN001
    out = []
    for child in widget.winfo_children():
        try:
            out.append(str(child.cget("text")))
        except Exception:  # noqa: BLE001 - frames have no text
            pass
        out.extend(_texts(child))
    return out


def _open_about(demo_window, root) -> AboutDialog:  # noqa: ANN001
    before = demo_window.current_key
    demo_window.about_button.invoke()
    pump(root, 30)
    dialogs = [w for w in root.winfo_children() if isinstance(w, AboutDialog)]
    assert len(dialogs) == 1
    assert demo_window.current_key == before  # a dialog, not a page
    return dialogs[0]


def test_about_shows_version_data_location_and_log_and_closes_on_escape(demo_window, root, dialogs):  # noqa: ANN001
    dialog = _open_about(demo_window, root)
    text = "\n".join(_texts(dialog))
    db_path = Path(demo_window.db_path)
    assert APP_NAME in text and __version__ in text
    assert str(db_path) in text.replace("\n", "")  # the database file, whatever the wrapping
    assert str(paths.data_dir(db_path)) in text.replace("\n", "")
    assert "lawdesk.log" in dialog.log_label.cget("text")
    assert "SIL Open Font License" in dialog.font_label.cget("text")

    dialog.location.open_button.invoke()
    assert ("open", str(paths.data_dir(db_path))) in dialogs.shown
    assert dialogs.messages("show_error") == []

    assert dialog.licence_button is not None  # assets/fonts/OFL.txt ships with the program
    dialog.licence_button.invoke()
    assert ("open", str(paths.asset("fonts", "OFL.txt"))) in dialogs.shown

    dialog.close_button.focus_force()
    pump(root)
    dialog.close_button.event_generate("<Escape>")  # Esc where the focus is, as a key press lands
    pump(root)
    assert not dialog.winfo_exists()


def test_about_closes_with_its_button(demo_window, root):  # noqa: ANN001
    dialog = _open_about(demo_window, root)
    dialog.close_button.invoke()
    pump(root)
    assert not dialog.winfo_exists()
    assert not [w for w in root.winfo_children() if isinstance(w, AboutDialog)]

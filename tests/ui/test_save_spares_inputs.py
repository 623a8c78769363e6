"""The GUI's save dialogs cannot replace an input: choosing the open database, its WAL or a backup
as the file to save a report, a 台账 or a binder is refused in Chinese, and every record stays.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lawdesk import db as dbmod
from lawdesk.models import RECORD_MODELS
from lawdesk.services import backup
from lawdesk.ui.dialogs.excel_dialog import ExcelDialog
from lawdesk.ui.pages.report import export as report_page
from tests.ui.conftest import pump

SQLITE_MAGIC = b"SQLite format 3\x00"


def _inputs() -> dict[str, Path]:
    db = Path(dbmod.current_path())
    made = backup.make_backup(dbmod.database.obj, db, backup.MANUAL)
    made = made / backup.DB_FILE if made.is_dir() else made
    return {"database": db, "wal": Path(f"{db}-wal"), "backup": made}


def _state(db: Path) -> tuple[int, int]:
    assert db.read_bytes()[:16] == SQLITE_MAGIC
    return db.stat().st_ino, sum(m.select().count() for m in RECORD_MODELS.values())


@pytest.mark.parametrize("which", ["database", "wal", "backup"])
def test_the_report_page_refuses_to_save_over_an_input(demo_window, root, monkeypatch, which: str) -> None:  # noqa: ANN001
    target = _inputs()[which]
    before = _state(_inputs()["database"])
    backup_bytes = _inputs()["backup"].read_bytes() if which == "backup" else None
    page = demo_window.show_page("report")
    page.set_year(2022)
    monkeypatch.setattr(report_page.ttk.filedialog, "asksaveasfilename", lambda **_kw: str(target))
    page.export_view.on_export()
    pump(root)
    text = page.export_view.result_label.cget("text")
    assert page.export_view.last_result is None, text
    assert "导出失败" in text and ("正在使用的数据库文件" in text or "数据文件夹" in text), text
    assert _state(Path(dbmod.current_path())) == before
    assert not Path(f"{target}.docx").exists()
    if backup_bytes is not None:
        assert target.read_bytes() == backup_bytes


def test_the_excel_window_refuses_to_save_over_the_database(demo_window, root, monkeypatch) -> None:  # noqa: ANN001
    db = Path(dbmod.current_path())
    before = _state(db)
    dialog = ExcelDialog(root)
    monkeypatch.setattr(dialog, "ask_save_path", lambda title, filename, ext, kind: db)
    pump(root)
    try:
        dialog.export_year.set("2022")
        dialog.on_export()
        pump(root)
        assert "正在使用的数据库文件" in dialog.export_result.cget("text")
        dialog.on_template()
        pump(root)
        assert "正在使用的数据库文件" in dialog.export_result.cget("text")
        dialog.binder_year.set("2022")
        dialog.on_binder()
        pump(root)
        assert "正在使用的数据库文件" in dialog.binder_result.cget("text")
    finally:
        dialog.destroy()
    assert _state(db) == before
    assert sorted(p.name for p in db.parent.iterdir() if p.name.startswith(db.name + ".")) == []

"""Save dialogs start in 文档/法治建设台账/<kind> or in the folder last used for that kind of file,
never in the program's folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from lawdesk.ui import save_folders
from lawdesk.ui.dialogs.excel_dialog import ExcelDialog
from lawdesk.ui.pages.report import export as report_page
from tests.ui.conftest import pump


class Chooser:
    """Stands for the system's save dialog: records where it started, answers a path."""

    def __init__(self) -> None:
        self.started_in: list[str | None] = []
        self.answers: list[Path | None] = []

    def __call__(self, **kwargs: object) -> str:
        self.started_in.append(kwargs.get("initialdir"))  # type: ignore[arg-type]
        answer = self.answers.pop(0)
        if answer is None:
            return ""
        answer.parent.mkdir(parents=True, exist_ok=True)
        return str(answer)


@pytest.fixture
def chooser(monkeypatch: pytest.MonkeyPatch) -> Chooser:
    chooser = Chooser()
    monkeypatch.setattr(report_page.ttk.filedialog, "asksaveasfilename", chooser)
    return chooser


def test_the_first_report_is_offered_in_documents_then_where_the_clerk_saved(
        demo_window, root, chooser, save_folders_here, tmp_path) -> None:  # noqa: ANN001
    page = demo_window.show_page("report")
    page.set_year(2022)
    elsewhere = tmp_path / "D盘" / "2022年报告"
    chooser.answers = [elsewhere / "报告.docx", None]
    page.export_view.on_export()
    assert page.export_view.last_result is not None, page.export_view.result_label.cget("text")
    first = Path(chooser.started_in[0])
    assert first == save_folders_here / "法治建设台账" / "报告"
    assert first.is_dir() and first != Path.cwd()
    page.export_view.on_export()  # the second time: the folder the clerk chose
    assert Path(chooser.started_in[1]) == elsewhere


def test_each_kind_of_file_has_its_own_folder(root, db, chooser, save_folders_here, tmp_path) -> None:  # noqa: ANN001
    save_folders.remember(save_folders.REPORT, tmp_path / "报告放这里" / "a.docx")
    (tmp_path / "报告放这里").mkdir()
    dialog = ExcelDialog(root)
    pump(root)
    chooser.answers = [tmp_path / "表格" / "模板.xlsx"]
    path = dialog.ask_save_path("保存空白模板", "法治建设台账模板.xlsx", ".xlsx", "Excel 工作簿")
    assert path == tmp_path / "表格" / "模板.xlsx"
    assert Path(chooser.started_in[0]) == save_folders_here / "法治建设台账" / "Excel台账"
    assert save_folders.start_folder(save_folders.EXCEL) == tmp_path / "表格"
    assert save_folders.start_folder(save_folders.REPORT) == tmp_path / "报告放这里"
    assert save_folders.start_folder(save_folders.BINDER) == save_folders_here / "法治建设台账" / "迎检台账"
    dialog.destroy()


def test_a_folder_that_is_gone_is_not_offered(root, save_folders_here, tmp_path) -> None:  # noqa: ANN001
    stick = tmp_path / "U盘"
    stick.mkdir()
    save_folders.remember(save_folders.PACKAGE, stick / "金兰山街道.ldpkg")
    assert save_folders.start_folder(save_folders.PACKAGE) == stick
    stick.rmdir()  # the USB stick was taken out
    assert save_folders.start_folder(save_folders.PACKAGE) == save_folders_here / "法治建设台账" / "数据包"


def test_a_damaged_memory_file_is_ignored(root, save_folders_here) -> None:  # noqa: ANN001
    memory = save_folders.memory_file()
    memory.parent.mkdir(parents=True, exist_ok=True)
    memory.write_text("{not json", encoding="utf-8")
    assert save_folders.start_folder(save_folders.REPORT) == save_folders_here / "法治建设台账" / "报告"
    save_folders.remember(save_folders.REPORT, save_folders_here / "x.docx")
    assert save_folders.start_folder(save_folders.REPORT) == save_folders_here

"""报告格式: the 附件's year before is chosen with the mouse and kept with the stored format."""

from __future__ import annotations

import datetime as dt

from lawdesk.services import annual_report
from lawdesk.services.period import Period
from lawdesk.services.report_data import PRIOR_AUTO, PRIOR_HIDE, PRIOR_YEAR_CHOICES
from tests.ui.conftest import pump


def _choose(box, label: str, root) -> None:  # noqa: ANN001
    """Open the drop-down with a click and pick ``label`` (as a clerk does with the mouse)."""
    box.focus_force()
    box.event_generate("<Button-1>", x=5, y=5)
    pump(root, 50)
    box.set(label)
    box.event_generate("<<ComboboxSelected>>")
    pump(root)


def test_the_year_before_can_be_left_out_of_the_attachment(demo_window, root):  # noqa: ANN001
    page = demo_window.show_page("report")
    page.notebook.select(4)
    pump(root)
    editor = page.format_view.profile_editor
    assert editor.prior_box.winfo_ismapped()
    assert list(editor.prior_box.cget("values")) == list(PRIOR_YEAR_CHOICES.values())
    assert annual_report.report_profile().prior_year == PRIOR_AUTO
    _choose(editor.prior_box, PRIOR_YEAR_CHOICES[PRIOR_HIDE], root)
    assert annual_report.report_profile().prior_year == PRIOR_HIDE  # 年度报告 saves at once
    assert editor.preset_var.get().startswith("标准")  # still the standard layout
    ctx, _ = annual_report.build_context(Period.year(2022), issue_date=dt.date(2023, 1, 9))
    assert ctx.attachments[0].tables[0].header == ["指标", "2022年"]
    _choose(editor.prior_box, PRIOR_YEAR_CHOICES[PRIOR_AUTO], root)
    assert annual_report.report_profile().prior_year == PRIOR_AUTO


def test_the_export_result_names_the_missing_fonts(demo_window, root, tmp_path, monkeypatch):  # noqa: ANN001
    from lawdesk.report import fontcheck
    from lawdesk.report.profile import ReportProfile
    from lawdesk.ui.pages.report import export as report_page

    missing = fontcheck.font_notes(ReportProfile())
    page = demo_window.show_page("report")
    page.set_year(2022)
    out = tmp_path / "报告.docx"
    monkeypatch.setattr(report_page.ttk.filedialog, "asksaveasfilename", lambda **_kw: str(out))
    page.export_view.on_export()
    pump(root)
    shown = page.export_view.result_label.cget("text")
    assert page.export_view.last_result is not None, shown
    assert page.export_view.last_result.font_notes == missing
    for note in missing:  # each in Chinese, in the result the clerk reads
        assert f"字体：{note}" in shown

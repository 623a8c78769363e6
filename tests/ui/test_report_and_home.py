"""年度报告 export, the dashboard's 2022 figures, the drill-down, and the zh_cn catalogue."""

from __future__ import annotations

import sys

import docx
from ttkbootstrap.localization import MessageCatalog

from lawdesk.services import reports
from lawdesk.ui.pages import report_page
from lawdesk.ui.pages.dashboard import DashboardPage, deadlines
from tests.ui.conftest import pump


def test_zh_cn_catalogue_yes_no_cancel_distinct(root):  # noqa: ANN001
    # ttkbootstrap's own zh_cn maps both No and Cancel to 取消
    words = [MessageCatalog.translate(w) for w in ("Yes", "No", "Cancel", "OK")]
    assert words == ["是", "否", "取消", "确定"]


def test_startup_does_not_import_matplotlib(demo_window):  # noqa: ANN001
    # the shared session may have imported it already in another test; check in a child instead
    import subprocess

    code = ("import sys; import lawdesk.app, lawdesk.ui.main_window, lawdesk.ui.pages.dashboard, "
            "lawdesk.ui.pages.record_page; print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_dashboard_shows_2022_demo_figures(demo_window, root):  # noqa: ANN001
    page = demo_window.show_page("home")
    assert isinstance(page, DashboardPage)
    page.year_var.set("2022")
    page.on_year_changed()
    assert page.value_labels["patrols"].cget("text") == "26次"
    assert page.value_labels["patrols:prev"].cget("text").startswith("2021年")
    window = page.on_figure_clicked("patrols")
    assert len(window.tree.get_children()) == 26
    assert "26" in window.title_label.cget("text")


def test_dashboard_charts_tab_draws(demo_window, root):  # noqa: ANN001
    page = demo_window.show_page("home")
    page.year_var.set("2022")
    page.on_year_changed()
    page.notebook.select(page.charts_tab)
    pump(root)
    assert len(page.chart_canvases) == 3


def test_deadlines_count_days():
    import datetime as dt

    (submit, _d1, left1), (_publish, day2, left2) = deadlines(2022, dt.date(2023, 2, 20))
    assert "县委县政府" in submit and left1 == "还有 9 天"
    assert day2 == dt.date(2023, 3, 31) and left2 == "还有 39 天"


def test_export_report_from_report_page(demo_window, root, tmp_path, monkeypatch):  # noqa: ANN001
    page = demo_window.show_page("report")
    page.set_year(2022)
    fig_value = page.figure_tree.set("patrols", "value")
    assert fig_value == "26次"
    out = tmp_path / "报告.docx"
    monkeypatch.setattr(report_page.ttk.filedialog, "asksaveasfilename", lambda **_kw: str(out))
    page.on_export()
    assert page.last_result is not None, page.result_label.cget("text")
    assert out.exists()
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "治安巡逻26次" in text
    assert str(page.open_button.cget("state")) == "normal"


def test_narrative_edit_is_saved_and_previewed(demo_window, root):  # noqa: ANN001
    page = demo_window.show_page("report")
    page.set_year(2022)
    page.section_var.set(reports.SECTIONS[0].title)
    page.on_section_selected()
    page.editor.delete("1.0", "end")
    page.editor.insert("1.0", "全年开展治安巡逻{patrols}次。")
    pump(root)
    page.update_preview()
    assert page.preview.get("1.0", "end-1c") == "全年开展治安巡逻26次。"
    page.placeholder_tree.selection_set("lectures")
    page.editor.mark_set("insert", "end-1c")
    page.on_insert_placeholder()
    page.save_section()
    stored = reports.narrative_text(2022, reports.SECTIONS[0].key)
    assert stored == "全年开展治安巡逻{patrols}次。{lectures}"


def test_wording_options_change_how_figures_are_written(demo_window, root, tmp_path, monkeypatch):  # noqa: ANN001
    page = demo_window.show_page("report")
    page.set_year(2022)
    editor = page.wording_editor
    index = editor.approx_keys.index("disputes_resolved")
    assert index in editor.approx_list.curselection()  # "100余起" by default, as the reference
    editor.approx_list.selection_clear(index)
    editor.rate_var.set("两位小数（如 96.92%）")
    editor.note_var.set("")
    editor.on_changed()
    out = tmp_path / "exact.docx"
    monkeypatch.setattr(report_page.ttk.filedialog, "asksaveasfilename", lambda **_kw: str(out))
    page.on_export()
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "排查化解矛盾纠纷103起" in text and "群众满意率96.92%" in text
    assert "此件公开发布" not in text

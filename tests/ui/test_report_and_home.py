"""年度报告 export, the dashboard's 2022 figures, the drill-down, and the zh_cn catalogue."""

from __future__ import annotations

import sys

import docx
from ttkbootstrap.localization import MessageCatalog

from lawdesk.demo import DEMO_TEXTS
from lawdesk.services import annual_report
from lawdesk.services.period import report_deadlines
from lawdesk.ui.pages.dashboard import DashboardPage, days_left_text
from lawdesk.ui.pages.report import export as report_page
from tests.ui.conftest import pump


def test_zh_cn_catalogue_yes_no_cancel_distinct(root):  # noqa: ANN001
    # ttkbootstrap's own zh_cn maps both No and Cancel to 取消
    words = [MessageCatalog.translate(w) for w in ("Yes", "No", "Cancel", "OK")]
    assert words == ["是", "否", "取消", "确定"]


#: Modules only later pages or other commands need: none of them may load while the program
#: starts up to its first idle 首页.
NOT_AT_STARTUP = ("matplotlib", "openpyxl", "docx", "lxml", "cn2an", "hypothesis", "numpy",
                  "playhouse.migrate", "lawdesk.charts", "lawdesk.report", "lawdesk.excel",
                  "psycopg", "asyncio")


def test_startup_does_not_import_matplotlib(demo_window):  # noqa: ANN001
    # the shared session may have imported it already in another test; check in a child instead
    import subprocess

    code = ("import sys; import lawdesk.app, lawdesk.ui.main_window, lawdesk.ui.pages.dashboard, "
            "lawdesk.ui.pages.record_page; print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_real_startup_loads_no_heavy_module(_demo_template, tmp_path):  # noqa: ANN001
    """The real program (measuring mode) starts on the demo data up to its idle 首页 with its
    figures; then the modules it loaded are listed: no writer, chart or test library."""
    import os
    import shutil
    import subprocess

    path = tmp_path / "demo.db"
    shutil.copy(_demo_template, path)
    code = ("import sys; from lawdesk import app; code = app.main(['--db', sys.argv[1]]); "
            "print('LOADED', ' '.join(sorted(sys.modules))); sys.exit(code)")
    env = dict(os.environ, LAWDESK_MEASURE_STARTUP="1")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                         env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "LAWDESK_STARTUP" in out.stdout, out.stdout + out.stderr  # 首页 showed its figures
    loaded = out.stdout.split("LOADED", 1)[1].split()
    heavy = sorted(m for m in loaded if any(m == h or m.startswith(h + ".") for h in NOT_AT_STARTUP))
    assert heavy == []


def test_dashboard_shows_2022_demo_figures(demo_window, root):  # noqa: ANN001
    page = demo_window.show_page("home")
    assert isinstance(page, DashboardPage)
    page.year_var.set("2022")
    page.on_year_changed()
    assert page.cards.text_of("patrols") == "26次"
    assert page.cards.text_of("patrols", "compare").startswith("2021年")
    window = page.on_figure_clicked("patrols")
    assert len(window.tree.get_children()) == 26
    assert "26" in window.title_label.cget("text")


def test_dashboard_charts_tab_draws(demo_window, root):  # noqa: ANN001
    page = demo_window.show_page("home")
    page.year_var.set("2022")
    page.on_year_changed()
    page.notebook.select(page.charts_tab)
    pump(root)
    assert len(page.chart_images) == 3


def test_deadlines_count_days():
    import datetime as dt

    submit, publish = report_deadlines(2022, dt.date(2023, 2, 20))
    assert "县委县政府" in submit.what and days_left_text(submit.days_left) == "还有 9 天"
    assert publish.day == dt.date(2023, 3, 31) and days_left_text(publish.days_left) == "还有 39 天"
    assert [days_left_text(d.days_left) for d in report_deadlines(2022, dt.date(2023, 3, 1))] == ["就是今天", "还有 30 天"]
    assert days_left_text(report_deadlines(2022, dt.date(2023, 4, 1))[1].days_left) == "已过期"


def test_export_report_from_report_page(demo_window, root, tmp_path, monkeypatch):  # noqa: ANN001
    page = demo_window.show_page("report")
    page.set_year(2022)
    fig_value = page.figures_view.figure_tree.set("patrols", "value")
    assert fig_value == "26次"
    out = tmp_path / "报告.docx"
    monkeypatch.setattr(report_page.ttk.filedialog, "asksaveasfilename", lambda **_kw: str(out))
    page.export_view.on_export()
    assert page.export_view.last_result is not None, page.export_view.result_label.cget("text")
    assert out.exists()
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "治安巡逻26次" in text
    assert str(page.export_view.open_button.cget("state")) == "normal"


def test_narrative_edit_is_saved_by_the_save_action_and_previewed(demo_window, root):  # noqa: ANN001
    page = demo_window.show_page("report")
    page.set_year(2022)
    assert page.editor_view.select_section("preamble")
    page.editor_view.editor.set_text("全年开展治安巡逻{patrols}次。")
    assert page.editor_view.editor.display_text() == "全年开展治安巡逻【开展治安巡逻次数】次。"
    page.editor_view.update_preview()
    assert page.editor_view.preview.get("1.0", "end-1c") == "全年开展治安巡逻26次。〔26 条记录〕"  # the records behind it
    page.editor_view.placeholder_tree.selection_set("lectures")
    page.editor_view.editor.text.mark_set("insert", "end-1c")
    page.editor_view.on_insert_placeholder()
    pump(root)
    assert page.has_unsaved_changes()
    assert annual_report.narrative_text(2022, "preamble") == DEMO_TEXTS["preamble"]  # nothing saved silently
    page.editor_view.editor.text.focus_force()
    page.editor_view.editor.text.event_generate("<Control-s>")
    pump(root)
    assert not page.has_unsaved_changes()
    assert annual_report.narrative_text(2022, "preamble") == "全年开展治安巡逻{patrols}次。{lectures}"


def test_a_token_is_deleted_whole_and_never_half_edited(demo_window, root):  # noqa: ANN001
    page = demo_window.show_page("report")
    page.set_year(2022)
    editor = page.editor_view.editor
    editor.set_text("巡逻{patrols}次")
    text = editor.text
    assert "token" in text.tag_names("1.4") and "token" not in text.tag_names("1.1")  # highlighted
    text.focus_force()
    pump(root)
    text.mark_set("insert", "1.5")  # inside 【开展治安巡逻次数】
    text.event_generate("<KeyPress>", keysym="x")
    pump(root)
    assert editor.get_text() == "巡逻{patrols}x次"  # typed beside the token, not inside it
    editor.set_text("巡逻{patrols}次")
    end_of_token = f"1.0+{2 + len('【开展治安巡逻次数】')}c"
    text.mark_set("insert", end_of_token)
    text.event_generate("<BackSpace>")
    pump(root)
    assert editor.get_text() == "巡逻次"
    editor.set_text("巡逻{patrols}次")
    text.mark_set("insert", "1.2")
    text.event_generate("<Delete>")
    pump(root)
    assert editor.get_text() == "巡逻次"
    editor.set_text("巡逻{patrols}次")
    text.mark_set("insert", "1.2")
    text.event_generate("<Right>")
    pump(root)
    assert text.index("insert") == text.index(end_of_token)
    text.tag_add("sel", "1.1", "1.4")  # a selection cutting into the token takes it whole
    text.event_generate("<BackSpace>")
    pump(root)
    assert editor.get_text() == "巡次" and editor.tokens() == []
    editor.set_text("巡逻")
    text.insert("end", "【不存在的数据】")  # a name the program does not know is marked in red
    editor.retag()
    assert "bad_token" in text.tag_names("1.4")


def test_switching_section_asks_about_unsaved_text(demo_window, root, dialogs):  # noqa: ANN001
    page = demo_window.show_page("report")
    page.set_year(2022)
    page.editor_view.select_section("closing")
    page.editor_view.editor.text.insert("end", "补充一句。")
    pump(root)
    dialogs.save_discard = ["cancel"]
    assert not page.editor_view.select_section("s1") and page.editor_view.section_key == "closing"
    dialogs.save_discard = ["save"]
    assert page.editor_view.select_section("s1")
    assert annual_report.narrative_text(2022, "closing").endswith("补充一句。")
    page.editor_view.editor.text.insert("end", "不要的字")
    dialogs.save_discard = ["discard"]
    assert page.editor_view.select_section("closing")
    assert "不要的字" not in annual_report.narrative_text(2022, "s1")


def test_figures_refresh_when_records_change(demo_window, root):  # noqa: ANN001
    from lawdesk.services import events, records

    page = demo_window.show_page("report")
    page.set_year(2022)
    page.editor_view.select_section("s2_1")
    page.editor_view.editor.text.insert("1.0", "未保存的字。")
    records.create("patrol", {"date": "2022-07-01", "area": "新增巡逻路段"})
    events.notify("records", table="patrol", action="新增")
    pump(root)
    assert page.figures_view.figure_tree.set("patrols", "value") == "27次"
    assert "开展治安巡逻27次" in page.editor_view.preview.get("1.0", "end-1c")
    assert page.editor_view.editor.display_text().startswith("未保存的字。")  # the clerk's typing stays


def test_outline_sections_are_added_renamed_moved_and_renumbered(demo_window, root, dialogs):  # noqa: ANN001
    page = demo_window.show_page("report")
    page.set_year(2022)
    page.outline_view.outline_tree.selection_set("s2_4")
    page.outline_view.title_var.set("（五）加强法治宣传教育。")
    page.outline_view.on_add_subsection()
    added = [k for k in page.outline_view.outline_tree.get_children("s2") if k not in ("s2_1", "s2_2", "s2_3", "s2_4")]
    assert len(added) == 1 and page.outline_view.outline_tree.item(added[0], "text") == "（五）加强法治宣传教育。"
    page.outline_view.outline_tree.selection_set("s4")
    page.outline_view.on_move(-1)
    assert page.outline_view.outline_tree.item("s4", "text").startswith("三、2023年度")
    assert page.outline_view.outline_tree.item("s3", "text").startswith("四、2022年度")
    page.outline_view.title_var.set("存在的不足和原因。")
    page.outline_view.outline_tree.selection_set("s3")
    page.outline_view.on_rename()
    assert annual_report.report_outline().find("s3").title == "存在的不足和原因。"
    assert any(t.startswith("四、存在的不足") for t in page.editor_view.section_box.cget("values"))
    dialogs.answers = [True]
    page.outline_view.outline_tree.selection_set("s2_2")
    page.outline_view.on_remove()
    assert page.outline_view.outline_tree.item("s2_3", "text").startswith("（二）")


def test_suggestions_enter_only_when_ticked_and_the_tick_is_stored(demo_window, root):  # noqa: ANN001
    page = demo_window.show_page("report")
    page.set_year(2022)
    assert list(page.outline_view.suggest_vars) == ["problems_unsolved"]
    assert annual_report.chosen_suggestions(2022) == []
    page.outline_view.suggest_checks["problems_unsolved"].invoke()
    assert annual_report.chosen_suggestions(2022) == ["problems_unsolved"]
    page.outline_view.suggest_checks["problems_unsolved"].invoke()
    assert annual_report.chosen_suggestions(2022) == []


def test_report_page_is_usable_at_1024(demo_window, root):  # noqa: ANN001
    import tkinter.font

    root.geometry("1024x700")
    try:
        page = demo_window.show_page("report")
        page.set_year(2022)
        pump(root, 50)
        char = tkinter.font.nametofont("TkFixedFont").measure("中") or 12
        assert page.editor_view.editor.text.winfo_width() > 30 * char, page.editor_view.editor.text.winfo_width()
        for button in (page.editor_view.reset_button, page.editor_view.save_button):
            label_width = tkinter.font.nametofont("TkDefaultFont").measure(button.cget("text"))
            assert button.winfo_ismapped() and button.winfo_width() >= label_width
            assert button.winfo_rootx() + button.winfo_width() <= root.winfo_rootx() + root.winfo_width()
        page.notebook.select(1)
        pump(root, 50)
        assert page.outline_view.outline_tree.winfo_width() > 300
        for check in page.outline_view.suggest_checks.values():
            assert check.winfo_ismapped()
            assert check.winfo_rooty() + check.winfo_height() <= root.winfo_rooty() + root.winfo_height()
    finally:
        root.geometry("1280x800")
        pump(root)


def test_wording_options_change_how_figures_are_written(demo_window, root, tmp_path, monkeypatch):  # noqa: ANN001
    page = demo_window.show_page("report")
    page.set_year(2022)
    editor = page.format_view.wording_editor
    index = editor.approx_keys.index("disputes_resolved")
    assert index in editor.approx_list.curselection()  # "100余起" by default, as the reference
    editor.approx_list.selection_clear(index)
    editor.rate_var.set("两位小数（如 96.92%）")
    editor.note_var.set("")
    editor.on_changed()
    out = tmp_path / "exact.docx"
    monkeypatch.setattr(report_page.ttk.filedialog, "asksaveasfilename", lambda **_kw: str(out))
    page.export_view.on_export()
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "排查化解矛盾纠纷103起" in text and "群众满意率96.92%" in text
    assert "此件公开发布" not in text


def test_the_report_page_stops_listening_when_destroyed(demo_window, root):  # noqa: ANN001
    from lawdesk.services import events

    page = demo_window.show_page("report")
    calls: list[str] = []
    page.refresh = lambda: calls.append("refresh")  # type: ignore[method-assign]
    events.notify("records", table="patrol")
    pump(root)
    assert calls == ["refresh"]
    unsubscribe = page.records_watcher.close
    page.destroy()
    pump(root)
    events.notify("records", table="patrol")  # must not reach a destroyed page
    pump(root)
    assert calls == ["refresh"]
    unsubscribe()  # harmless twice


def test_leaving_the_page_with_unsaved_text_asks_instead_of_saving_silently(demo_window, root, dialogs):  # noqa: ANN001
    page = demo_window.show_page("report")
    page.set_year(2022)
    page.editor_view.select_section("closing")
    page.editor_view.editor.text.insert("end", "离开前补的一句。")
    pump(root)
    dialogs.save_discard = ["cancel"]
    assert demo_window.show_page("home") is page  # 取消: the clerk stays with the text
    assert page.editor_view.editor.display_text().endswith("离开前补的一句。")
    dialogs.save_discard = ["discard"]
    demo_window.show_page("home")
    assert dialogs.messages("save_discard") and "离开前补的一句" not in annual_report.narrative_text(2022, "closing")
    page = demo_window.show_page("report")
    assert not page.has_unsaved_changes()  # 不保存: the typed words are thrown away, as chosen
    assert "离开前补的一句" not in page.editor_view.editor.display_text()
    page.editor_view.editor.text.insert("end", "离开前补的一句。")
    pump(root)
    dialogs.save_discard = ["save"]
    demo_window.show_page("home")
    assert annual_report.narrative_text(2022, "closing").endswith("离开前补的一句。")


def test_selected_words_are_made_optional_and_drop_with_their_figure(demo_window, root, dialogs):  # noqa: ANN001
    page = demo_window.show_page("report")
    page.set_year(2030)  # a year without records: every figure is 0
    page.editor_view.select_section("closing")
    page.editor_view.editor.set_text("全年工作扎实。开展治安巡逻{patrols}次。")
    text = page.editor_view.editor.text
    text.tag_add("sel", "1.7", "end-1c")
    page.editor_view.on_make_optional()
    assert page.editor_view.editor.get_text() == "全年工作扎实。［开展治安巡逻{patrols}次。］"
    page.editor_view.update_preview()
    assert page.editor_view.preview.get("1.0", "end-1c") == "全年工作扎实。〔本单位填写〕"
    page.editor_view.on_make_optional()  # nothing selected: a hint, no change
    assert dialogs.messages("show_info")


def test_a_change_announced_from_a_worker_thread_reaches_the_page_on_the_tk_thread(demo_window, root):  # noqa: ANN001
    import threading

    from lawdesk.services import events

    page = demo_window.show_page("report")
    calls: list[bool] = []
    page.refresh = lambda: calls.append(threading.current_thread() is threading.main_thread())  # type: ignore[method-assign]
    worker = threading.Thread(target=lambda: events.notify("records", table="patrol"))
    worker.start()
    worker.join()
    assert calls == []  # nothing touched Tk from the worker
    pump(root, 600)
    assert calls == [True]


def test_every_format_switch_is_offered_and_toggling_it_changes_the_saved_profile(demo_window, root):  # noqa: ANN001
    from lawdesk.report.profile import SWITCH_LABELS
    from lawdesk.ui.pages.base import PageId

    page = demo_window.show_page("report")
    page.notebook.select(4)
    pump(root)
    editor = page.format_view.profile_editor
    assert {key: str(check.cget("text")) for key, check in editor.switch_checks.items()} == SWITCH_LABELS
    assert editor.switch_checks["sealed"].winfo_ismapped()
    before = annual_report.report_profile().sealed
    editor.switch_checks["sealed"].invoke()  # 年度报告 saves format changes at once
    assert annual_report.report_profile().sealed is (not before)
    editor.switch_checks["sealed"].invoke()
    assert annual_report.report_profile().sealed is before

    settings_page = demo_window.show_page(PageId.SETTINGS)
    check = settings_page.profile_editor.switch_checks["sealed"]
    check.invoke()  # 单位设置 saves with 保存: the change is tracked until then
    assert settings_page.has_unsaved_changes()
    assert "有尚未保存" in settings_page.state_label.cget("text")
    assert annual_report.report_profile().sealed is before
    assert settings_page.save() is True
    assert annual_report.report_profile().sealed is (not before)
    assert not settings_page.has_unsaved_changes()

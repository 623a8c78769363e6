"""The workbench: never lose work, always current, the friction list, real worker threads.

Tests drive the real widgets (``event_generate`` for keys and focus); dialogs are scripted by the
``dialogs`` fixture (``tests/ui/conftest.py``).
"""

from __future__ import annotations

import datetime as dt
import gc
import sqlite3
import subprocess
import threading
import time
import tkinter

import pytest

from lawdesk.services import records, settings
from lawdesk.ui import common
from lawdesk.ui.dialogs.record_form import RecordForm, open_forms
from lawdesk.ui.pages.base import PageId, PageProtocol, record_key
from tests.builders import dispute_data
from tests.ui.conftest import REAL, pump

PROFILE = {"unit_name": "龙潭街道", "party_organ": "中共龙潭街道工作委员会",
           "government_organ": "龙潭街道办事处", "issuer_mark": "龙潭街道文件",
           "doc_prefix": "龙文", "addressee": "县委、县政府"}

# -- the page protocol ---------------------------------------------------------------------------


def test_every_page_implements_the_protocol(demo_window):  # noqa: ANN001
    keys = [PageId.HOME, PageId.SETTINGS, PageId.BIN, PageId.AUDIT, PageId.BACKUP,
            record_key("dispute")]
    for key in keys:
        page = demo_window.show_page(key)
        assert isinstance(page, PageProtocol), key
        assert page.has_unsaved_changes() is False, key
        assert page.save() is True, key
    assert demo_window.current_key == record_key("dispute")


# -- never lose work -----------------------------------------------------------------------------


def _drill_down_form(window, root):  # noqa: ANN001, ANN202
    home = window.show_page(PageId.HOME)
    pump(root)
    behind = home.on_figure_clicked("disputes_resolved")
    first = behind.tree.get_children()[0]
    behind.tree.selection_set(first)
    form = behind.on_open()
    assert isinstance(form, RecordForm) and form in open_forms()
    return behind, form


def test_close_with_dirty_drill_down_form_asks(demo_window, root, dialogs):  # noqa: ANN001
    behind, form = _drill_down_form(demo_window, root)
    form.set_value("summary", "从计入的记录窗口改的概要")
    dialogs.save_discard.append("cancel")
    assert demo_window.on_close() is False
    assert form.winfo_exists()
    assert "尚未保存" in dialogs.messages("save_discard")[0]
    dialogs.save_discard.append("save")
    assert demo_window.on_close() is True
    assert records.get("dispute", form.record_id).summary == "从计入的记录窗口改的概要"


def test_close_with_an_invalid_field_keeps_the_form_open(demo_window, root, dialogs):  # noqa: ANN001
    _behind, form = _drill_down_form(demo_window, root)
    form.set_value("received_date", "2022-13-45")
    dialogs.save_discard.append("save")
    assert demo_window.on_close() is False
    assert form.winfo_exists()
    assert form.rows["received_date"].has_error
    assert "需要修改" in form.message.cget("text")


def test_leaving_dirty_settings_asks_and_saves_nothing_silently(main_window, root, dialogs):  # noqa: ANN001
    page = main_window.show_page(PageId.SETTINGS)
    page.rows["unit_name"].input.set("龙潭街道")
    assert page.has_unsaved_changes()
    dialogs.save_discard.append("cancel")
    assert main_window.show_page(PageId.HOME) is page
    assert main_window.current_key == PageId.SETTINGS
    assert main_window.nav.selection() == ()
    dialogs.save_discard.append("discard")
    main_window.show_page(PageId.HOME)
    assert main_window.current_key == PageId.HOME
    assert settings.profile_values()["unit_name"] in (None, "")
    page = main_window.show_page(PageId.SETTINGS)
    assert page.rows["unit_name"].input.get() == ""
    for name, value in PROFILE.items():
        page.rows[name].input.set(value)
    dialogs.save_discard.append("save")
    main_window.show_page(PageId.HOME)
    assert settings.profile_values()["unit_name"] == "龙潭街道"


def test_leaving_settings_with_an_invalid_field_stays(main_window, dialogs):  # noqa: ANN001
    page = main_window.show_page(PageId.SETTINGS)
    for name, value in PROFILE.items():
        page.rows[name].input.set(value)
    page.rows["next_doc_number"].input.set("0")
    dialogs.save_discard.append("save")
    assert main_window.show_page(PageId.BIN) is page
    assert page.rows["next_doc_number"].has_error
    assert page.message.cget("text")
    dialogs.save_discard.append("save")
    assert main_window.on_close() is False
    assert settings.profile_values()["unit_name"] in (None, "")


def test_format_options_are_tracked(main_window):  # noqa: ANN001
    page = main_window.show_page(PageId.SETTINGS)
    var = page.profile_editor.switch_vars["party_star"]
    var.set(not var.get())
    assert page.has_unsaved_changes()
    assert "有尚未保存" in page.state_label.cget("text")
    assert page.save() is True
    assert not page.has_unsaved_changes()


# -- always current ------------------------------------------------------------------------------


def test_list_refreshes_after_restore_from_the_bin(main_window, root, dialogs):  # noqa: ANN001
    rec = records.create("dispute", dispute_data())
    page = main_window.open_records("dispute")
    assert page.total_label.cget("text") == "共 1 条"
    page.tree.selection_set(str(rec.id))
    dialogs.answers.append(True)
    page.on_delete()
    assert page.total_label.cget("text") == "共 0 条"
    assert dialogs.dangers == ["删除"]
    bin_page = main_window.show_page(PageId.BIN)
    bin_page.tree.selection_set(f"dispute:{rec.id}")
    bin_page.restore_button.invoke()
    main_window.open_records("dispute")
    pump(root)
    assert page.total_label.cget("text") == "共 1 条"
    # a change made elsewhere while the list is on screen shows without retyping anything
    records.create("dispute", dispute_data(summary="另一起纠纷"))
    pump(root)
    assert page.total_label.cget("text") == "共 2 条"


def test_records_window_and_home_refresh_after_a_change(demo_window, root):  # noqa: ANN001
    home = demo_window.show_page(PageId.HOME)
    pump(root)
    behind = home.on_figure_clicked("patrols")
    before = len(behind.tree.get_children())
    shown = home.cards.text_of("patrols")
    records.create("patrol", {"date": f"{home.year}-06-01", "area": "新加的巡逻"})
    pump(root)
    assert len(behind.tree.get_children()) == before + 1
    assert home.cards.text_of("patrols") != shown


def test_real_worker_threads_deliver_results_and_changes(main_window, root, monkeypatch):  # noqa: ANN001
    monkeypatch.setattr(common.BackgroundTask, "synchronous", False)
    page = main_window.open_records("dispute")
    done: list[object] = []
    threads: list[str] = []

    def work() -> int:
        threads.append(threading.current_thread().name)
        return records.create("dispute", dispute_data(summary="后台登记的纠纷")).id

    gc.collect()  # no Tk variable of an earlier test may be collected on the worker thread
    task = common.BackgroundTask(page, work, done.append, done.append).start()
    deadline = time.monotonic() + 10
    while (not done or page.total_label.cget("text") != "共 1 条") and time.monotonic() < deadline:
        pump(root, 20)
    assert task.thread is not None and threads == ["lawdesk-worker"]
    assert isinstance(done[0], int)
    assert page.total_label.cget("text") == "共 1 条"


def test_a_worker_thread_closes_its_own_connection_and_not_the_windows(main_window, root, monkeypatch):  # noqa: ANN001
    """Every BackgroundTask runs its database work on the thread's own connection and closes
    it when the work ends (it closed nothing: each task left a connection open)."""
    from lawdesk.connection import database

    monkeypatch.setattr(common.BackgroundTask, "synchronous", False)
    used: list[sqlite3.Connection] = []

    def work() -> int:
        used.append(database.connection())  # this thread's connection
        return records.count("dispute")

    done: list[object] = []
    task = common.BackgroundTask(main_window, work, done.append, done.append).start()
    deadline = time.monotonic() + 10
    while not done and time.monotonic() < deadline:
        pump(root, 20)
    assert task.thread is not None
    task.thread.join(5)
    assert done == [0]
    with pytest.raises(sqlite3.ProgrammingError):  # closed with its thread
        used[0].execute("SELECT 1")
    assert database.connection() is not used[0] and database.connection().execute("SELECT 1")  # the window's


def test_home_figures_and_charts_come_from_real_worker_threads(demo_window, root, monkeypatch):  # noqa: ANN001
    monkeypatch.setattr(common.BackgroundTask, "synchronous", False)
    gc.collect()
    home = demo_window.show_page(PageId.HOME)
    home.year_var.set("2022")
    home.on_year_changed()
    deadline = time.monotonic() + 30
    while home.cards.text_of("patrols") != "26次" and time.monotonic() < deadline:
        pump(root, 50)
    assert home.cards.text_of("patrols") == "26次"  # the reference report's figure
    home.notebook.select(1)
    deadline = time.monotonic() + 30
    while not home.chart_images and time.monotonic() < deadline:
        pump(root, 50)
    assert len(home.chart_images) >= 2


# -- the friction list ---------------------------------------------------------------------------


def test_date_text_is_selected_on_focus_so_typing_replaces_it(main_window, root):  # noqa: ANN001
    form = main_window.open_records("patrol").on_add()
    entry = form.rows["date"].input.input_widget
    form.focus_force()
    entry.focus_force()
    entry.event_generate("<FocusIn>")
    pump(root, 30)
    assert entry.selection_present()
    assert entry.selection_get() == dt.date.today().isoformat()
    entry.delete("sel.first", "sel.last")
    entry.insert("insert", "2022-05-06")
    assert form.values()["date"] == "2022-05-06"


def test_a_fixed_field_loses_its_message(main_window):  # noqa: ANN001
    form = main_window.open_records("patrol").on_add()
    form.set_value("date", "2022-13-45")
    assert form.on_save() is False
    row = form.rows["date"]
    assert row.has_error and form.message.cget("text")
    form.set_value("date", "2022-05-06")
    assert not row.has_error
    form.set_value("area", "金山路")
    assert form.message.cget("text") == ""


def test_calendar_is_chinese_from_monday(root):  # noqa: ANN001
    from ttkbootstrap.dialogs.datepicker import DatePickerDialog

    assert common.calendar_title(dt.date(2022, 5, 6)) == "2022年5月"
    assert DatePickerDialog._set_title is common._calendar_title
    from lawdesk.schema import FieldSpec
    from lawdesk.ui.widgets.fields import DateInput

    widget = DateInput(root, FieldSpec("day", "日期", "date"))
    assert widget.date_entry.cget("first_weekday") == 0


def test_destructive_confirmation_defaults_to_cancel(monkeypatch):  # noqa: ANN001
    seen: dict[str, object] = {}

    def show_question(message, title, **kwargs):  # noqa: ANN001, ANN003, ANN202
        seen.update(kwargs)
        return "取消"

    monkeypatch.setattr(common.ttk.Messagebox, "show_question", show_question)
    assert REAL["confirm_danger"]("彻底删除吗？", "彻底删除") is False
    assert seen["default"] == "取消"
    assert seen["buttons"][0].startswith("取消")


def test_restore_with_nothing_selected_says_so(main_window, dialogs):  # noqa: ANN001
    page = main_window.show_page(PageId.BIN)
    page.restore_button.invoke()
    assert "请先" in dialogs.messages("show_info")[0]
    assert records.count("dispute") == 0


@pytest.mark.parametrize("key", [PageId.BIN, PageId.AUDIT, record_key("hotline")], ids=str)
def test_ctrl_f_on_every_list_page(main_window, root, key):  # noqa: ANN001
    page = main_window.show_page(key)
    root.focus_force()
    page.tree.focus_set()
    pump(root)
    page.tree.event_generate("<Control-f>")
    pump(root)
    assert root.focus_get() is page.search_entry


def test_focus_row_follows_the_selection(main_window, root):  # noqa: ANN001
    ids = [records.create("dispute", dispute_data(summary=f"纠纷{i}")).id for i in range(3)]
    page = main_window.open_records("dispute")
    page.tree.selection_set(str(ids[0]))
    pump(root)
    assert page.tree.focus() == str(ids[0])


def test_bad_custom_period_gives_a_message_not_every_record(main_window, root):  # noqa: ANN001
    records.create("dispute", dispute_data())
    page = main_window.open_records("dispute")
    page.period_var.set("自定义…")
    page.on_period_selected()
    page.start_var.set("2022-13-45")
    page.end_var.set("2022-12-31")
    page.period_button.invoke()
    assert "2022-13-45" in page.period_hint.cget("text")
    assert page.tree.get_children() == ()
    assert page.total_label.cget("text") == "期间有误"
    page.start_var.set("2022-01-01")
    page.period_button.invoke()
    assert page.period_hint.cget("text") == ""
    assert page.total_label.cget("text") == "共 1 条"


def test_no_program_to_open_a_file_gives_chinese_message(tmp_path, monkeypatch):  # noqa: ANN001
    from lawdesk.errors import LawdeskError

    target = tmp_path / "报告.docx"
    target.write_bytes(b"x")

    def no_viewer(*_a, **_k):  # noqa: ANN002, ANN003, ANN202
        raise FileNotFoundError(2, "No such file or directory", "xdg-open")

    monkeypatch.setattr(subprocess, "Popen", no_viewer)
    monkeypatch.setattr(common.sys, "platform", "linux")
    with pytest.raises(LawdeskError) as info:
        REAL["open_path"](target)
    message = info.value.message
    assert "没有找到可以打开它的程序" in message and str(target) in message
    assert "日志" in message
    assert "xdg-open" not in message and "FileNotFoundError" not in message


def test_operator_never_shows_the_login_name(main_window, root):  # noqa: ANN001
    import getpass

    text = main_window.db_label.cget("text")
    assert "操作员：未填写" in text
    assert f"操作员：{getpass.getuser()}" not in text
    dialog = main_window.first_run_questions()
    from lawdesk.ui.dialogs.welcome import WelcomeDialog

    assert isinstance(dialog, WelcomeDialog)
    dialog.operator_var.set("李文静")
    dialog.new_button.invoke()
    assert settings.profile_values()["operator"] == "李文静"
    assert "操作员：李文静" in main_window.db_label.cget("text")
    assert main_window.current_key == PageId.SETTINGS


def test_long_pages_scroll_by_keyboard_with_the_buttons_always_visible(main_window, root, monkeypatch):  # noqa: ANN001
    from lawdesk.ui import common as ui_common

    monkeypatch.setattr(ui_common, "work_area", lambda _w: (0, 0, 1024, 728))
    from lawdesk import app as appmod

    appmod.fit_window(root)
    page = main_window.show_page(PageId.SETTINGS)
    pump(root, 30)
    canvas = next(c for c in page.scroller.container.winfo_children() if c.winfo_class() == "Canvas")
    assert canvas.yview()[0] == 0.0 and canvas.yview()[1] < 1.0  # the page is longer than the window
    page.rows["unit_name"].input.input_widget.focus_force()
    pump(root)
    root.event_generate("<Next>")
    pump(root, 30)
    assert canvas.yview()[0] > 0.0
    assert page.save_button.winfo_ismapped() and page.discard_button.winfo_ismapped()
    # Tab to a field further down scrolls it into view
    last = page.rows["operator"].input.input_widget
    root.event_generate("<Prior>")
    pump(root, 30)
    last.focus_force()
    pump(root, 30)
    top, bottom = last.winfo_rooty(), last.winfo_rooty() + last.winfo_height()
    box = page.scroller.container
    assert box.winfo_rooty() <= top and bottom <= box.winfo_rooty() + box.winfo_height()
    root.minsize(1, 1)
    root.geometry("1280x800+0+0")


def test_a_focused_chart_canvas_does_not_scroll_the_page_but_a_field_does(root) -> None:  # noqa: ANN001
    # matplotlib focuses each chart canvas it makes: a page of charts opened at its last chart
    frame = tkinter.Frame(root, height=150)
    frame.pack(fill="both")
    frame.pack_propagate(False)
    scroller = common.scrolled_page(frame)
    scroller.pack(fill="both", expand=True)
    tkinter.Frame(scroller, height=600).pack()
    chart = tkinter.Canvas(scroller, height=200)
    chart.pack()
    field = tkinter.Entry(scroller)
    field.pack()
    pump(root, 30)
    view = scroller._canvas  # noqa: SLF001 - the ScrolledFrame's own viewport
    assert view.yview()[0] == 0.0
    common.scroll_into_view(scroller, chart)
    pump(root)
    assert view.yview()[0] == 0.0
    field.focus_force()  # the focused field is scrolled into view (its <FocusIn>)
    pump(root)
    assert view.yview()[0] > 0.0
    frame.destroy()

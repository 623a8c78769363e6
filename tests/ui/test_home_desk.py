"""首页 as a clerk meets it: what a figure counts and why a record is not in it, the charts tab
never blank, 生成年度报告 leading to the export."""

from __future__ import annotations

import gc
import threading
import time

from lawdesk.services import records
from lawdesk.ui import common
from lawdesk.ui.dialogs.records_window import RecordsBehindWindow
from lawdesk.ui.pages.base import PageId
from tests.ui.conftest import pump


def test_a_meeting_not_counted_says_which_box_to_tick(main_window, root) -> None:  # noqa: ANN001
    meeting = records.create("meeting", {"date": "2023-03-02", "kind": "党工委班子会",
                                         "title": "研究部署2023年法治政府建设工作"})
    home = main_window.show_page(PageId.HOME)
    home.year_var.set("2023")
    home.on_year_changed()
    assert home.cards.text_of("leadership_meetings") == "0次"
    window = home.on_figure_clicked("leadership_meetings")
    assert isinstance(window, RecordsBehindWindow)
    assert "“主要负责人主持/带队”" in window.rule_label.cget("text")
    assert "“党工委班子会”" in window.rule_label.cget("text")
    assert window.tree.get_children() == ()
    (iid,) = window.left_out_tree.get_children()
    assert iid == str(meeting.id)
    assert window.left_out_tree.set(iid, "reason") == "没有勾选“主要负责人主持/带队”"

    window.left_out_tree.selection_set(iid)  # the clerk opens it, ticks the box and saves
    form = window._open_from(window.left_out_tree, "meeting")
    form.set_value("is_principal_led", True)
    assert form.on_save() is True
    pump(root, 100)
    assert window.tree.get_children() == (str(meeting.id),)
    assert window.left_out_tree is None
    assert "1次" in window.title_label.cget("text")
    window.destroy()


def test_charts_are_drawn_off_the_tk_thread_and_the_tab_says_so_meanwhile(
        demo_window, root, monkeypatch) -> None:  # noqa: ANN001
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    monkeypatch.setattr(common.BackgroundTask, "synchronous", False)
    drawn_on: list[str] = []
    real_draw = FigureCanvasAgg.draw

    def draw(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        drawn_on.append(threading.current_thread().name)
        return real_draw(self, *args, **kwargs)

    monkeypatch.setattr(FigureCanvasAgg, "draw", draw)
    home = demo_window.show_page(PageId.HOME)
    release = threading.Event()
    real_figures = home._chart_figures

    def slow_figures(year: int):  # noqa: ANN202 - a big database: the series take a while
        release.wait(10)
        return real_figures(year)

    monkeypatch.setattr(home, "_chart_figures", slow_figures)
    gc.collect()  # no Tk variable of an earlier test may be collected on the worker thread
    home.notebook.select(home.charts_tab)
    pump(root, 150)
    hint = home.charts_hint
    assert hint.winfo_ismapped() and hint.winfo_height() > 5
    assert hint.cget("text").startswith("正在生成") and "图表" in hint.cget("text")
    release.set()
    deadline = time.monotonic() + 30
    while not home.chart_images and time.monotonic() < deadline:
        pump(root, 30)
    assert len(home.chart_images) == 3
    assert not hint.winfo_ismapped()
    assert drawn_on and threading.main_thread().name not in drawn_on  # never on the Tk thread

    # another year: the hint shows above the charts still on screen until the new ones are in
    release.clear()
    home.year_var.set("2022")
    home.on_year_changed()
    pump(root, 150)
    assert hint.winfo_ismapped() and hint.winfo_height() > 5
    assert hint.winfo_rooty() < home.chart_images[0].winfo_rooty()
    assert "2022" in hint.cget("text")
    release.set()
    deadline = time.monotonic() + 30
    while hint.winfo_ismapped() and time.monotonic() < deadline:
        pump(root, 30)
    assert not hint.winfo_ismapped() and len(home.chart_images) == 3


def test_generate_annual_report_opens_the_export_of_that_year(demo_window, root) -> None:  # noqa: ANN001
    home = demo_window.show_page(PageId.HOME)
    home.year_var.set("2022")
    home.on_year_changed()
    home.report_button.invoke()
    pump(root)
    assert demo_window.current_key == PageId.REPORT.value
    page = demo_window.pages[PageId.REPORT.value]
    assert page.notebook.tab(page.notebook.select(), "text").strip() == "导出与打印"
    assert page.year_var.get() == "2022"

"""Layout audit at 1024×768 and 1366×768 (100 %), and at 125 % / 150 % scaling on the screens
that offer it: every page, record form and dialog fits and is whole.

The work area of each size is given to the program (``common.work_area``) and the first window
is sized by the program's own rule (``app.fit_window``: the work area minus a window manager's
frame); scaling is Tk's (``tk scaling``, fonts in points grow with it). Then every page, every
record form and every dialog is shown and audited (``layout_audit.audit``); a failure names
the widget.
"""

from __future__ import annotations

import tkinter

import pytest

from lawdesk import app as appmod
from lawdesk.schema import RECORD_SPECS
from lawdesk.services import records, stats
from lawdesk.ui import common
from lawdesk.ui.pages.base import PageId, record_key
from tests.ui.conftest import pump
from tests.ui.layout_audit import audit, window_fits

# (width, height, scaling): office screens at 100 %, and the scalings Windows offers on screens
# big enough for them (125 % from 1280×1024, 150 % from 1920×1080)
SCREENS = [(1024, 768, 1.0), (1366, 768, 1.0), (1280, 1024, 1.25), (1920, 1080, 1.5)]
TASKBAR = 40
POINTS_PER_INCH = 72
BASE_DPI = 96


def _scale(root: tkinter.Tk, factor: float) -> None:
    root.tk.call("tk", "scaling", BASE_DPI * factor / POINTS_PER_INCH)
    common.apply_fonts(root)  # list row heights follow the fonts


@pytest.fixture(params=SCREENS, ids=lambda s: f"{s[0]}x{s[1]}@{int(s[2] * 100)}%")
def screen(request, root, monkeypatch):  # noqa: ANN001, ANN201
    width, height, factor = request.param
    before = float(root.tk.call("tk", "scaling"))
    _scale(root, factor)
    area = (0, 0, width, height - TASKBAR)
    monkeypatch.setattr(common, "work_area", lambda _w: area)
    size = appmod.fit_window(root)
    root.update()
    assert size[0] + common.FRAME_MARGIN[0] <= width
    assert size[1] + common.FRAME_MARGIN[1] <= height - TASKBAR
    yield area
    root.tk.call("tk", "scaling", before)
    common.apply_fonts(root)
    root.minsize(1, 1)
    root.geometry("1280x800+0+0")
    root.update()


def _fail_on(problems: list[str], where: str) -> None:
    assert not problems, f"{where}:\n  " + "\n  ".join(problems)


def _nav_problems(window) -> list[str]:  # noqa: ANN001
    """Every navigation entry is visible without scrolling the navigation."""
    nav = window.nav
    hidden = [nav.item(i, "text").strip() for i in nav.get_children() if not nav.bbox(i)]
    return [f"navigation entries need scrolling: {'、'.join(hidden)}"] if hidden else []


def _check_main(root: tkinter.Tk, area, where: str) -> None:  # noqa: ANN001
    pump(root, 30)
    window = next(w for w in root.winfo_children() if w.winfo_class() == "TFrame"
                  and hasattr(w, "nav"))
    problems = window_fits(root, area, common.FRAME_MARGIN) + _nav_problems(window)
    if root.winfo_reqheight() > root.winfo_height() + 2:
        problems.append(f"the main window needs {root.winfo_reqheight()}px high, has "
                        f"{root.winfo_height()}px")
    _fail_on(problems + audit(root), where)


def _check_dialog(dialog: tkinter.Misc, area, where: str) -> None:  # noqa: ANN001
    pump(dialog, 30)
    _fail_on(window_fits(dialog, area, common.FRAME_MARGIN) + audit(dialog), where)


PAGES = [PageId.HOME, PageId.SETTINGS, PageId.BIN, PageId.AUDIT, PageId.BACKUP,
         *(record_key(s.kind) for s in RECORD_SPECS)]


@pytest.mark.parametrize("key", PAGES, ids=str)
def test_page_fits(screen, demo_window, root, key):  # noqa: ANN001
    page = demo_window.show_page(key)
    _check_main(root, screen, f"page {key}")
    if key == PageId.HOME:
        page.notebook.select(1)
        pump(root, 50)
        _check_main(root, screen, "page home, tab 图表")
    if key == record_key("dispute"):
        page.period_var.set("自定义…")
        page.on_period_selected()
        page.start_var.set("2022-13-45")
        page.on_filter_changed()
        _check_main(root, screen, "dispute list with a bad custom period")
        assert "2022-13-45" in page.period_hint.cget("text")


def test_report_page_fits(screen, demo_window, root):  # noqa: ANN001
    from lawdesk.services import records

    records.create("meeting", {"date": "2022-05-06", "kind": "法治建设专题会议", "title": "未写主持人"})
    records.create("supervision", {"date": "2022-05-07", "kind": "调研", "subject": "未写带队领导"})
    page = demo_window.show_page(PageId.REPORT)
    page.set_year(2022)
    for kind in ("annual", "half-year", "shufa"):
        page.select_kind(kind)
        page.custom_var.set(False)
        page.on_custom_toggled()
        for tab in range(len(page.notebook.tabs())):
            page.notebook.select(tab)
            _check_main(root, screen, f"page report {kind}, tab {tab}")
        page.notebook.select(0)
        page.editor_view.lower_view.set("tokens")  # 插入数据 instead of the preview where they take turns
        page.editor_view.arrange_lower()
        page.custom_var.set(True)  # the period bar with its date entries
        page.on_custom_toggled()
        _check_main(root, screen, f"page report {kind}, custom period, 插入数据")
        button = page.editor_view.insert_button  # not squeezed in height either
        assert button.winfo_ismapped() and button.winfo_height() + 2 >= button.winfo_reqheight()
        page.editor_view.lower_view.set("preview")
        page.editor_view.arrange_lower()
    assert page.editor_view.missing_links  # the 述法报告's list of records that name nobody was shown


@pytest.mark.parametrize("kind", [s.kind for s in RECORD_SPECS])
def test_record_forms_fit(screen, demo_window, root, kind):  # noqa: ANN001
    page = demo_window.open_records(kind)
    form = page.on_add()
    _check_dialog(form, screen, f"new {kind} form")
    form.on_save()  # an empty form: every required field shows its message
    _check_dialog(form, screen, f"new {kind} form with messages")
    form.destroy()
    if page.tree.get_children():
        page.tree.selection_set(page.tree.get_children()[0])
        form = page.on_edit()
        _check_dialog(form, screen, f"edit {kind} form")
        form.destroy()


def test_dialogs_fit(screen, demo_window, root):  # noqa: ANN001
    home = demo_window.show_page(PageId.HOME)
    pump(root)
    behind = home.on_figure_clicked(stats.REFERENCE_KEYS[0])
    _check_dialog(behind, screen, "计入的记录 window")
    behind.destroy()
    disputes = home.on_figure_clicked("disputes_resolved")
    _check_dialog(disputes, screen, "计入的记录 window of disputes")
    disputes.destroy()

    audit_page = demo_window.show_page(PageId.AUDIT)
    audit_page.tree.selection_set(audit_page.tree.get_children()[0])
    details = audit_page.on_details()
    _check_dialog(details, screen, "操作详情")
    details.destroy()

    from lawdesk.ui.dialogs.welcome import OperatorDialog, WelcomeDialog

    welcome = WelcomeDialog(demo_window)
    _check_dialog(welcome, screen, "welcome over the main window")
    welcome.destroy()
    start = WelcomeDialog(db_path=demo_window.db_path.parent / "新建的台账.db", master=root)
    _check_dialog(start, screen, "welcome before the main window")
    start.destroy()
    operator = OperatorDialog(demo_window)
    _check_dialog(operator, screen, "operator's name")
    operator.destroy()
    about = demo_window.on_open_about()
    _check_dialog(about, screen, "关于")
    about.destroy()
    assert records.count("dispute") > 0


def test_county_page_fits(screen, county_window, root):  # noqa: ANN001
    """全县汇总 on the county demo: the table, the 未报送 line, the charts tab and the records
    behind a cell of an office and of the total (its extra 单位 column)."""
    from lawdesk.ui.pages.county_page import TOTAL_IID

    page = county_window.show_page(PageId.COUNTY)
    assert page.missing_label.winfo_ismapped()
    _check_main(root, screen, "page county")
    for key, width in page.column_widths.items():  # the headings drawn above the columns fit them
        x1, _y1, x2, _y2 = page.head.bbox(f"head:{key}")
        assert x2 - x1 <= width, f"county heading of {key}: {x2 - x1}px > {width}px"
    assert page.head.winfo_height() >= page.head.bbox("all")[3] - 2, "county headings cut below"
    page.notebook.select(page.charts_tab)
    pump(root, 50)
    _check_main(root, screen, "page county, tab 图表")
    page.notebook.select(page.table_tab)
    office = page.tree.get_children()[0]
    for iid in (office, TOTAL_IID):
        behind = page.open_cell(iid, "disputes_resolved")
        _check_dialog(behind, screen, f"计入的记录 window of county row {iid}")
        behind.destroy()


def test_the_audit_flags_a_canvas_text_past_the_canvas_side(root) -> None:  # noqa: ANN001
    frame = tkinter.Frame(root)
    frame.pack(fill="both", expand=True)
    canvas = tkinter.Canvas(frame, width=200, height=100)
    canvas.pack()
    canvas.create_text(10, 10, text="开展治安巡逻", anchor="nw")
    pump(root)
    assert audit(root) == []
    canvas.create_text(190, 40, text="排查化解矛盾纠纷", anchor="nw")
    problems = audit(root)
    assert len(problems) == 1 and "排查化解矛盾纠纷" in problems[0] and "outside the canvas" in problems[0]
    canvas.configure(scrollregion=(0, 0, 600, 100))  # a canvas scrolled sideways is left alone
    assert audit(root) == []
    frame.destroy()

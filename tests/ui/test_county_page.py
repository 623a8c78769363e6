"""全县汇总 (the county page), driven for real on the county demo: table, 未报送, drill-down,
charts, Excel export, the lazy package import and county report, and the change signal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from lawdesk import charts
from lawdesk.excel import rollup as rollup_xlsx
from lawdesk.services import (
    county,
    county_report,
    events,
    packages,
    records,
    stats,
    submissions,
    units,
)
from lawdesk.services.period import Period
from lawdesk.ui.pages.base import PageId
from lawdesk.ui.pages.county_page import TOTAL_IID, CountyBehindWindow, CountyPage
from tests.ui.conftest import pump

Y2023 = Period.year(2023)


@pytest.fixture
def page(county_window, root) -> CountyPage:  # noqa: ANN001
    shown = county_window.pages[PageId.COUNTY.value]
    pump(root)
    assert shown.rollup is not None
    return shown


def _office(name: str):  # noqa: ANN202
    return next(u for u in county.offices() if u.name == name)


def test_the_county_database_opens_on_the_county_page(county_window) -> None:  # noqa: ANN001
    assert county_window.current_key == PageId.COUNTY.value
    nav = county_window.nav
    # 全县汇总 in 首页's place (its 合计 row is what 首页 would count)
    assert nav.get_children()[:2] == (PageId.COUNTY.value, PageId.REPORT.value)
    assert not nav.exists(PageId.HOME.value)
    assert nav.item(PageId.COUNTY.value, "text").strip() == "全县汇总"
    assert county_window.unit_label.cget("text") == "新县"  # the county unit's profile names it


def test_an_office_database_has_no_county_page(demo_window) -> None:  # noqa: ANN001
    assert not demo_window.nav.exists(PageId.COUNTY.value)
    assert demo_window.nav.get_children()[0] == PageId.HOME.value
    assert demo_window.current_key == PageId.HOME.value


def test_the_table_shows_every_office_and_the_county_total(page: CountyPage) -> None:
    assert page.year == 2023
    result = county.rollup(Y2023)
    iids = page.tree.get_children()
    assert iids == page.names.get_children()
    assert iids[-1] == TOTAL_IID and len(iids) == len(result.rows) + 1
    names = [page.names.set(i, "unit") for i in iids]
    assert names == ["金兰山街道", "石门街道", "城关镇", "河西乡", "白沙镇（未报送）", "合计"]
    columns = list(page.tree["columns"])
    assert columns == list(county.ROLLUP_KEYS)
    for row in result.rows:  # an office that has not reported shows no figures (白沙镇 closed
        for key in ("patrols", "disputes_resolved", "hotline_closed"):  # a 2022 dispute in 2023)
            shown = str(row.figures[key]) if row.reported else "—"
            assert page.tree.set(str(row.unit.id), key) == shown
    assert page.tree.set(TOTAL_IID, "patrols") == str(result.total["patrols"])
    assert page.tree.set(TOTAL_IID, "on_time_rate") == f"{result.total['on_time_rate']:.2f}"
    # the headings drawn above the table: every figure's label and unit
    drawn = [page.head.itemcget(item, "text").replace("\n", "") for item in page.head.find_all()
             if page.head.type(item) == "text"]
    assert "开展治安巡逻（次）" in drawn and "主持召开专题会议、班子会、推进会（次）" in drawn


def test_offices_that_sent_nothing_are_highlighted(page: CountyPage, root) -> None:  # noqa: ANN001
    baisha = str(_office("白沙镇").id)
    assert "missing" in page.tree.item(baisha, "tags") and "missing" in page.names.item(baisha, "tags")
    assert "missing" not in page.tree.item(str(_office("石门街道").id), "tags")
    assert page.missing_label.winfo_ismapped()
    assert page.missing_label.cget("text") == "尚未报送：白沙镇"
    page.year_var.set("2022")
    page.on_year_changed()
    pump(root)
    assert not page.missing_label.winfo_ismapped()  # every office sent its 2022 data
    assert page.names.set(baisha, "unit") == "白沙镇"
    assert page.tree.set(baisha, "patrols") == str(stats.compute(Period.year(2022), unit=int(baisha))["patrols"])


def test_double_clicking_a_number_shows_the_records_behind_it(page: CountyPage, root) -> None:  # noqa: ANN001
    shimen = _office("石门街道")
    iid = str(shimen.id)
    page.tree.see(iid)
    pump(root)
    x, y, width, height = page.tree.bbox(iid, "patrols")
    for _ in range(2):  # a double click: two presses in quick succession
        page.tree.event_generate("<ButtonPress-1>", x=x + width // 2, y=y + height // 2)
        page.tree.event_generate("<ButtonRelease-1>", x=x + width // 2, y=y + height // 2)
    pump(root)
    window = next(w for w in root.winfo_children() if isinstance(w, CountyBehindWindow))
    expected = stats.compute(Y2023, unit=shimen)["patrols"]
    assert window.unit.id == shimen.id and len(window.tree.get_children()) == expected
    assert window.title_label.cget("text").startswith(f"石门街道2023年度“开展治安巡逻”为 {expected}次")
    window.destroy()

    total = page.open_cell(TOTAL_IID, "disputes_resolved")
    result = county.rollup(Y2023)
    assert len(total.tree.get_children()) == result.total["disputes_resolved"]
    assert total.tree["columns"][0] == "unit_name"
    offices_shown = {total.tree.set(i, "unit_name") for i in total.tree.get_children()}
    assert offices_shown == {r.name for r in result.reported_rows if r.figures["disputes_resolved"]}
    assert "白沙镇" not in offices_shown  # not reported: not behind the total either
    assert f"为 {result.total['disputes_resolved']}起" in total.title_label.cget("text")
    total.destroy()


def test_the_headings_scroll_sideways_with_the_figures(page: CountyPage, root) -> None:  # noqa: ANN001
    page.tree.xview_moveto(0.5)
    pump(root)
    first = page.tree.xview()[0]
    assert first > 0
    assert page.head.xview()[0] == pytest.approx(first, abs=0.02)
    assert page.names.winfo_ismapped()  # the office names stay in place


def test_the_charts_compare_the_offices(page: CountyPage, root) -> None:  # noqa: ANN001
    assert page.chart_canvas is None  # nothing drawn before the tab is opened
    page.notebook.select(page.charts_tab)
    pump(root)
    assert page.chart_canvas is not None and page.charts_drawn == (2023, "patrols")
    figure = page.chart_canvas.figure
    labels = charts.category_labels(figure)
    assert "石门街道" in labels and "白沙镇（未报送）" in labels
    page.chart_var.set(page.chart_box.cget("values")[-2])  # 按期办结率
    page.on_chart_key_changed()
    pump(root)
    assert page.charts_drawn == (2023, "on_time_rate")
    from matplotlib.text import Text

    texts = [t.get_text() for t in page.chart_canvas.figure.findobj(Text)]
    assert any("各单位按期办结率" in t for t in texts)
    assert any(t.endswith("%") and "." in t for t in texts)  # the rates with two decimals
    bars = charts.category_labels(page.chart_canvas.figure)
    assert bars[-1] == "新县（合计）" and "白沙镇（未报送）" not in bars  # no rate for an office that did not report
    assert f"{county.rollup(Y2023).total['on_time_rate']:.2f}%" in texts


def test_export_excel_writes_the_table_as_shown(page: CountyPage, root, tmp_path: Path) -> None:  # noqa: ANN001
    target = tmp_path / "汇总.xlsx"
    asked: list[str] = []
    page.ask_save_path = lambda title, filename, ext, kind: asked.append(filename) or target
    page.on_export()
    pump(root)
    assert asked == ["新县2023年度汇总表.xlsx"]
    assert target.exists() and str(target) in page.result_label.cget("text")
    ws = openpyxl.load_workbook(target)[rollup_xlsx.SHEET]
    body = [[c.value for c in row] for row in ws.iter_rows(min_row=rollup_xlsx.HEADER_ROW + 1)]
    assert [r[0] for r in body][-1] == "合计"
    assert next(r for r in body if r[0] == "白沙镇")[1] == "未报送"
    head = [c.value for c in ws[rollup_xlsx.HEADER_ROW]]
    assert body[-1][head.index("开展治安巡逻（次）")] == int(page.tree.set(TOTAL_IID, "patrols"))


def test_a_damaged_package_is_refused_in_chinese_and_changes_nothing(page: CountyPage, root, tmp_path: Path) -> None:  # noqa: ANN001
    before = county.rollup(Y2023).total.values
    damaged = tmp_path / "白沙镇-2023.ldpkg"
    damaged.write_bytes(b"PK\x03\x04 not really a zip")
    page.ask_package_paths = lambda: [damaged]
    page.on_import()
    pump(root, 100)
    shown = page.result_label.cget("text")
    assert shown.startswith("白沙镇-2023.ldpkg：未导入。") and "Traceback" not in shown
    assert county.rollup(Y2023).total.values == before


def test_an_imported_package_refreshes_the_page(page: CountyPage, root, monkeypatch, tmp_path: Path) -> None:  # noqa: ANN001
    baisha = _office("白沙镇")
    calls: list[tuple[Path, str | None]] = []

    class Result:
        def message(self) -> str:
            return "白沙镇2023年度：新增 1 条，更新 0 条，跳过 0 条。"

    def import_package(path: Path, *, user: str | None = None) -> Result:
        calls.append((path, user))
        records.create("patrol", {"date": "2023-05-01", "area": "白沙老街", "persons": 6}, unit=baisha)
        now = dt.datetime.now()
        submissions.record_package(baisha, Y2023, now, user=str(user), at=now)  # as an import does
        events.notify("database", action="import")
        return Result()

    monkeypatch.setattr(packages, "import_package", import_package)
    package = tmp_path / "白沙镇-2023.ldpkg"
    page.ask_package_paths = lambda: [package]
    page.on_import()
    pump(root, 50)
    assert calls == [(package, "测试员")]
    assert "白沙镇2023年度：新增 1 条" in page.result_label.cget("text")
    assert page.names.set(str(baisha.id), "unit") == "白沙镇"  # no longer 未报送
    assert page.tree.set(str(baisha.id), "patrols") == str(stats.compute(Y2023, unit=baisha)["patrols"])
    assert not page.missing_label.winfo_ismapped()


def test_a_record_written_elsewhere_refreshes_the_table(page: CountyPage, root) -> None:  # noqa: ANN001
    hexi = _office("河西乡")
    before = int(page.tree.set(str(hexi.id), "patrols"))
    records.create("patrol", {"date": "2023-06-01", "area": "河西渡口", "persons": 4}, unit=hexi)
    pump(root, 200)
    assert int(page.tree.set(str(hexi.id), "patrols")) == before + 1
    assert int(page.tree.set(TOTAL_IID, "patrols")) == county.rollup(Y2023).total["patrols"]


def test_the_county_report_button_calls_the_county_report(page: CountyPage, root, monkeypatch, tmp_path: Path) -> None:  # noqa: ANN001
    target = tmp_path / "全县报告.docx"
    calls: list[tuple[Period, Path]] = []

    def export_county_report(period: Period, out: Path, **_options: object) -> Path:
        calls.append((period, out))
        out.write_bytes(b"docx")
        return out

    monkeypatch.setattr(county_report, "export_county_report", export_county_report)
    page.ask_save_path = lambda title, filename, ext, kind: target
    page.on_county_report()
    pump(root)
    assert calls == [(Y2023, target)]
    assert str(target) in page.result_label.cget("text")


def test_a_new_county_database_asks_for_the_packages(root, empty_db) -> None:  # noqa: ANN001
    from lawdesk import db as dbmod
    from lawdesk.ui.main_window import MainWindow

    county.ensure_county_unit("新县")  # as county init makes it
    window = MainWindow(root, dbmod.current_path(), first_run=False)
    window.pack(fill="both", expand=True)
    pump(root)
    page = window.pages[PageId.COUNTY.value]
    assert window.current_key == PageId.COUNTY.value
    assert page.tree.get_children() == (TOTAL_IID,)
    assert "导入数据包" in page.summary_label.cget("text")
    assert not page.missing_label.winfo_ismapped()


def test_a_package_that_cannot_be_read_is_reported_and_nothing_changes(page: CountyPage, root, monkeypatch,  # noqa: ANN001
                                                                       tmp_path: Path) -> None:
    from lawdesk.errors import LawdeskError

    def import_package(path: Path, *, user: str | None = None) -> object:
        if path.name.startswith("坏"):
            raise LawdeskError("数据包已损坏（校验值不符），没有导入任何数据。")
        raise OSError("disk gone")

    monkeypatch.setattr(packages, "import_package", import_package)
    before = page.tree.set(TOTAL_IID, "patrols")
    page.ask_package_paths = lambda: [tmp_path / "坏的.ldpkg"]
    page.on_import()
    pump(root)
    text = page.result_label.cget("text")
    assert "坏的.ldpkg：未导入。数据包已损坏" in text
    assert str(page.result_label.cget("foreground")) == "#c0392b"
    assert str(page.import_button.cget("state")) == "normal"
    page.ask_package_paths = lambda: [tmp_path / "另一个.ldpkg"]
    page.on_import()
    pump(root)
    assert page.result_label.cget("text").startswith("导入数据包没有完成：")
    assert "Traceback" not in page.result_label.cget("text")
    assert page.tree.set(TOTAL_IID, "patrols") == before


def test_the_county_clerk_edits_the_countys_own_profile(county_window, root) -> None:  # noqa: ANN001
    """单位设置 in a county database edits the county unit's profile (no office is "current")."""
    from lawdesk.models import UnitProfile

    settings_page = county_window.show_page(PageId.SETTINGS.value)
    pump(root)
    own = units.county_unit()
    assert settings_page.rows["issuer_mark"].input.get() == county_report.unit_profile(own)["issuer_mark"]
    settings_page.rows["signers"].input.set("李县长")
    assert settings_page.on_save() is True
    assert county_report.unit_profile(own)["signers"] == "李县长"
    offices_signers = [r.signers for r in UnitProfile.select().where(UnitProfile.unit_id != own.id)]
    assert "李县长" not in offices_signers


def test_an_offices_records_before_it_reports_are_shown_apart(page: CountyPage, root) -> None:  # noqa: ANN001
    baisha = _office("白沙镇")
    before = page.tree.set(TOTAL_IID, "patrols")
    records.create("patrol", {"date": "2023-06-01", "area": "白沙新街", "persons": 3}, unit=baisha)
    pump(root, 200)
    iid = f"left:{baisha.id}"
    assert page.names.set(iid, "unit") == "白沙镇（未报送，1条记录）" and page.tree.set(iid, "patrols") == "1"
    children = page.tree.get_children()
    assert children.index(iid) > children.index(TOTAL_IID)  # after the 合计, under 以下不计入合计
    assert page.names.set("apart", "unit") == "以下不计入合计："
    assert page.tree.set(TOTAL_IID, "patrols") == before  # not in the total
    assert page.tree.set(str(baisha.id), "patrols") == "—"
    behind = page.open_cell(iid, "patrols")  # the leftovers can still be looked at
    assert len(behind.tree.get_children()) == 1
    behind.destroy()

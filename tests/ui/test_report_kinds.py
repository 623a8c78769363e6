"""报告与总结 with its three kinds: the annual report, the half-year summary and a leader's 述法报告,
each with its own editor, preview and export on real widgets; the records that name nobody one
click from their forms; the page split into views that know the window only as a Workbench."""

from __future__ import annotations

import re
import tkinter
from pathlib import Path

import docx

from lawdesk.services import annual_report, half_year, records, shufa
from lawdesk.ui.dialogs.record_form import RecordForm
from lawdesk.ui.dialogs.record_list import RecordListWindow
from lawdesk.ui.pages.base import PageId, Workbench
from lawdesk.ui.pages.report import export as report_export
from tests.ui.conftest import pump

PAGES = Path(__file__).resolve().parents[2] / "lawdesk" / "ui" / "pages"


def _opened(root: tkinter.Misc, before: set) -> list[tkinter.Toplevel]:  # noqa: ANN001
    return [w for w in root.winfo_children() if w not in before and isinstance(w, tkinter.Toplevel)]


def _report(window, year: int = 2022):  # noqa: ANN001, ANN202
    page = window.show_page(PageId.REPORT)
    page.set_year(year)
    return page


def test_the_page_offers_the_three_kinds_each_with_its_own_words(demo_window, root) -> None:  # noqa: ANN001
    page = _report(demo_window)
    assert [b.cget("text") for b in page.kind_buttons.values()] == ["年度报告", "半年总结", "述法报告"]
    annual_preamble = annual_report.section_text(2022, "preamble").text
    page.kind_buttons["half-year"].invoke()
    pump(root)
    period = page.period()
    assert (period.start.isoformat(), period.end.isoformat()) == ("2022-01-01", "2022-06-30")
    titles = list(page.editor_view.section_box.cget("values"))
    assert titles[:3] == ["开头", "一、2022年上半年法治政府建设工作开展情况", "　（一）党政主要负责人履行推进法治建设第一责任人职责"]
    assert "三、下半年工作打算" in titles
    view = page.editor_view
    assert view.editor.get_text().startswith("〔请填写：开头语：概述{span}")  # its own prompt, not the annual text
    view.editor.text.delete("1.0", "end")  # the clerk writes over the prompt
    view.editor.insert_placeholder("span")
    view.editor.text.insert("end", "，街道扎实推进法治政府建设。现将有关情况报告如下：")
    pump(root)
    view.update_preview()
    assert view.preview.get("1.0", "end-1c").startswith("2022年上半年，街道扎实推进法治政府建设。〔本单位填写〕")
    assert view.on_save()
    assert half_year.section_text(2022, "preamble").text.startswith("{span}，街道")
    assert annual_report.section_text(2022, "preamble").text == annual_preamble  # the annual report's stays
    assert page.figures_view.figure_tree.set("patrols", "value") == "13次"  # the first half's figures
    page.kind_buttons["annual"].invoke()
    pump(root)
    assert page.period().end.isoformat() == "2022-12-31"
    assert page.figures_view.figure_tree.set("patrols", "value") == "26次"


def test_switching_kind_asks_about_unsaved_text(demo_window, root, dialogs) -> None:  # noqa: ANN001
    page = _report(demo_window)
    page.editor_view.select_section("closing")
    page.editor_view.editor.text.insert("end", "未保存的一句。")
    pump(root)
    dialogs.save_discard = ["cancel"]
    page.kind_buttons["shufa"].invoke()
    pump(root)
    assert page.kind_key == "annual" and page.kind_var.get() == "annual"
    assert page.editor_view.editor.display_text().endswith("未保存的一句。")
    dialogs.save_discard = ["save"]
    page.kind_buttons["shufa"].invoke()
    pump(root)
    assert page.kind_key == "shufa" and annual_report.section_text(2022, "closing").text.endswith("未保存的一句。")


def test_the_half_year_summary_is_exported_from_the_page(demo_window, root, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    page = _report(demo_window)
    page.kind_buttons["half-year"].invoke()
    pump(root)
    out = tmp_path / "半年.docx"
    asked: list[dict] = []
    monkeypatch.setattr(report_export.ttk.filedialog, "asksaveasfilename", lambda **kw: asked.append(kw) or str(out))
    page.notebook.select(page.export_view)
    assert page.export_view.on_export() is None  # its own words are still to be written
    lines = [link.cget("text") for link in page.export_view.todo_links]
    assert lines and lines[0].startswith("1.开头：开头语") and any("下半年工作打算" in t for t in lines)
    target = next(i for i, t in enumerate(lines) if "存在的问题" in t)
    page.export_view.todo_links[target].event_generate("<Button-1>")
    pump(root)
    assert page.notebook.index("current") == 0 and page.editor_view.section_key == "h2"
    for key, text in {"preamble": "上半年工作平稳。现将有关情况报告如下：", "h2": "台账不够及时。", "h3": "按月整理台账。"}.items():
        half_year.save_text(2022, key, text)
    page.refresh()
    assert page.export_view.on_export() is not None
    pump(root, 50)
    assert asked[-1]["initialfile"] == "金兰山街道关于2022年上半年法治政府建设工作总结的报告.docx"
    assert page.export_view.last_result is not None, page.export_view.result_label.cget("text")
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "县委依法治县办：" in text and "开展治安巡逻13次" in text


def test_the_half_year_layout_is_chosen_on_the_format_tab(demo_window, root) -> None:  # noqa: ANN001
    page = _report(demo_window)
    page.kind_buttons["half-year"].invoke()
    page.notebook.select(page.format_view)
    pump(root)
    editor = page.format_view.half_year_editor
    assert editor.winfo_ismapped()
    editor.masthead_var.set(True)
    editor.addressee_var.set("县委全面依法治县委员会办公室")
    assert editor.on_changed()
    assert half_year.HalfYearOptions.load() == half_year.HalfYearOptions(True, "县委全面依法治县委员会办公室")
    page.kind_buttons["annual"].invoke()
    pump(root)
    assert not editor.winfo_ismapped()  # the annual report has no such choice


def test_a_leaders_report_counts_the_persons_own_records(demo_window, root, dialogs) -> None:  # noqa: ANN001
    page = _report(demo_window)
    page.kind_buttons["shufa"].invoke()
    pump(root)
    assert list(page.person_box.cget("values"))[:2] == ["张健平", "余志强"]
    assert page.person_var.get() == "张健平" and page.post_var.get() == "金兰山街道党工委书记"
    view = page.editor_view
    assert view.select_section("f1")
    chips = dict(view.backing_labels())
    meeting = next(s for s in chips if s.startswith("本人主持召开"))
    assert chips[meeting] == "2 条记录"
    index = next(i for i, s in enumerate(view.preview_sentences) if s.claim.text == meeting)
    before = set(root.winfo_children())
    window = view.on_backing_click(index)
    pump(root)
    assert isinstance(window, RecordListWindow) and len(window.rows) == 2
    assert all(row["chair"] == "张健平" for row in window.rows)  # his meetings, nobody else's
    window.destroy()
    assert page.figures_view.figure_tree.set("p_meetings", "value") == "2次"
    page.person_var.set("余志强")
    page.on_person_selected()
    pump(root)
    assert page.document.person == "余志强" and page.post_var.get() == "金兰山街道办事处主任"
    assert page.figures_view.figure_tree.set("p_center_study", "value") == "0次"
    assert _opened(root, before) == []


def test_a_leaders_export_asks_for_the_post_of_someone_not_in_the_profile(demo_window, root, tmp_path,  # noqa: ANN001
                                                                         monkeypatch) -> None:  # fmt: skip
    page = _report(demo_window)
    page.select_kind("shufa", "周海燕")
    pump(root)
    assert page.post_var.get() == ""
    out = tmp_path / "周海燕.docx"
    monkeypatch.setattr(report_export.ttk.filedialog, "asksaveasfilename", lambda **kw: str(out))
    assert page.export_view.on_export() is None
    lines = [link.cget("text") for link in page.export_view.todo_links]
    assert lines[0].startswith("1.标题下的职务：周海燕的职务")
    page.export_view.todo_links[0].event_generate("<Button-1>")
    pump(root)
    assert page.focus_get() is page.post_entry
    page.post_entry.insert(0, "金兰山街道办事处副主任")
    page.post_entry.event_generate("<Return>")
    pump(root)
    assert shufa.post_of("周海燕") == "金兰山街道办事处副主任"
    for item in page.document.prompt_items(page.period()):
        shufa.save_text(2022, "周海燕", item.section, "本人履职尽责。")
    assert page.export_view.on_export() is not None
    pump(root, 50)
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs if p.text.strip()]
    assert paragraphs[2] == "金兰山街道办事处副主任\u3000周海燕"


def test_the_records_that_name_nobody_are_one_click_from_their_forms(demo_window, root) -> None:  # noqa: ANN001
    nobody = records.create("meeting", {"date": "2022-05-06", "kind": "法治建设专题会议", "title": "未写主持人的会议"}).id
    page = _report(demo_window)
    page.kind_buttons["shufa"].invoke()
    pump(root)
    links = page.editor_view.missing_links
    assert [link.cget("text") for link in links] == ["1 条会议未填写主持人"]
    before = set(root.winfo_children())
    links[0].event_generate("<Button-1>")
    pump(root)
    window = next(w for w in _opened(root, before) if isinstance(w, RecordListWindow))
    assert [row["id"] for row in window.rows] == [nobody]
    window.tree.selection_set(str(nobody))
    form = window.on_open()
    assert isinstance(form, RecordForm)
    form.destroy()
    records.update("meeting", nobody, {"chair": "张健平"})  # the clerk writes who chaired it
    pump(root, 400)
    assert window.rows == []  # the list follows the records
    assert page.editor_view.missing_links == []  # and so does the editor
    assert page.figures_view.figure_tree.set("p_meetings", "value") == "3次"


def test_the_county_database_writes_its_own_report_only(county_window, root) -> None:  # noqa: ANN001
    page = county_window.show_page(PageId.REPORT)
    pump(root)
    assert page.document.county
    assert not page.kind_box.winfo_ismapped() and page.county_title.winfo_ismapped()


def test_no_page_names_the_main_window(demo_window) -> None:  # noqa: ANN001
    named = [str(p.relative_to(PAGES)) for p in PAGES.rglob("*.py") if re.search(r"\bMainWindow\b", p.read_text())]
    assert named == []
    assert isinstance(demo_window, Workbench)
    page = demo_window.show_page(PageId.REPORT)
    assert page.app is demo_window
    for view in page.views:  # one ttk.Frame per tab, each on the page's notebook
        assert str(view) in page.notebook.tabs()


def test_an_office_with_nobody_to_report_yet(main_window, root, dialogs) -> None:  # noqa: ANN001
    page = main_window.show_page(PageId.REPORT)
    page.kind_buttons["shufa"].invoke()
    pump(root)
    assert page.person_box.cget("values") in ("", ()) and page.document.person == ""
    assert page.figures_view.figure_tree.get_children()  # the figures list says whom to choose
    assert page.export_view.on_export() is None
    assert dialogs.messages("show_warning") == ["请先选择述法报告的报告人。"]


def test_a_report_to_send_without_a_signer_sends_the_clerk_to_the_unit_profile(demo_window, root, dialogs,  # noqa: ANN001
                                                                               tmp_path, monkeypatch) -> None:
    """GB/T 9704 §7.2.6: the 报送版 carries 签发人 and the name. With none in 单位设置, 导出报告 says
    so and opens 单位设置 before any save dialog; the 征求意见稿 is still written."""
    from lawdesk.services import settings

    settings.save_profile({"signers": ""})
    page = _report(demo_window)
    pump(root)
    asked: list[dict] = []
    out = tmp_path / "报告.docx"
    monkeypatch.setattr(report_export.ttk.filedialog, "asksaveasfilename", lambda **kw: asked.append(kw) or str(out))
    assert page.export_view.on_export() is None
    pump(root)
    assert any("签发人" in m for m in dialogs.messages("show_warning"))
    assert asked == [] and not out.exists()
    assert demo_window.current_key == PageId.SETTINGS
    signers = demo_window.pages[PageId.SETTINGS].rows["signers"]
    assert "签发人" in signers.error.cget("text") and signers.error.winfo_ismapped()  # the field to fill, marked
    page = _report(demo_window)
    assert page.export_view.on_export(draft=True) is not None  # the draft goes without
    pump(root, 50)
    assert page.export_view.last_result is not None and out.exists()

"""年度报告 as the secretary checks it before signing: each sentence's backing, the export gate's
list (each item one click from its part), the 征求意见稿, the 部分 list, the county's own report."""

from __future__ import annotations

import tkinter
from pathlib import Path

import docx
import pytest

from lawdesk.services import annual_report, settings
from lawdesk.ui.pages.report import ReportPage
from lawdesk.ui.pages.report import export as report_page
from tests.ui.conftest import pump

PROFILE = {
    "unit_name": "白石镇", "county_name": "新县", "party_organ": "中共新县白石镇委员会",
    "government_organ": "新县白石镇人民政府", "issuer_mark": "中共新县白石镇委员会文件", "doc_prefix": "白政文",
    "addressee": "县委、县政府",
}  # fmt: skip


def _chips(page: ReportPage) -> dict[str, str]:
    return dict(page.editor_view.backing_labels())


def _click_text_tag(widget: tkinter.Text, tag: str) -> None:
    """A real mouse click on the first character of ``tag`` in a Text."""
    start = widget.tag_ranges(tag)[0]
    widget.see(start)
    widget.update()
    x, y, _w, h = widget.bbox(start)
    widget.event_generate("<Motion>", x=x + 2, y=y + h // 2)  # Tk finds the tag under the pointer
    widget.event_generate("<Button-1>", x=x + 2, y=y + h // 2)


def test_each_sentence_shows_its_backing_and_a_click_opens_its_records(demo_window, root):  # noqa: ANN001
    page = demo_window.show_page("report")
    page.set_year(2022)
    assert page.editor_view.select_section("s2_2")
    chips = _chips(page)
    warning = next(s for s in chips if "召开警示教育大会2次" in s)
    assert chips[warning] == "2 条记录"
    assert chips["以上率下、以点带面，全面营造风清气正政治生态。"] == "本单位填写"
    shown = page.editor_view.preview.get("1.0", "end-1c")
    assert "召开警示教育大会2次。〔2 条记录〕" in shown
    index = next(i for i, s in enumerate(page.editor_view.preview_sentences) if s.claim.text == warning)
    before = set(root.winfo_children())
    _click_text_tag(page.editor_view.preview, f"b{index}")
    pump(root)
    opened = [w for w in root.winfo_children() if w not in before and isinstance(w, tkinter.Toplevel)]
    assert len(opened) == 1 and len(opened[0].rows) == 2  # the two 警示教育大会 of 2022
    opened[0].destroy()
    # a sentence backed by several figures offers each of them
    hotline = next(i for i, s in enumerate(page.editor_view.preview_sentences) if "市长热线45件" in s.claim.text)
    menu = page.editor_view.on_backing_click(hotline)
    assert isinstance(menu, tkinter.Menu) and menu.index("end") >= 1
    menu.destroy()


def test_a_report_with_prompts_is_refused_with_its_list_each_item_one_click_from_its_part(
    main_window, root, monkeypatch, tmp_path: Path  # noqa: ANN001
) -> None:
    settings.save_profile(PROFILE)
    from lawdesk.services import records

    records.create("study", {"date": "2024-05-10", "form": "集中学法", "topic": "民法典"})
    page = main_window.show_page("report")
    page.set_year(2024)
    page.editor_view.select_section("preamble")
    assert _chips(page) and set(_chips(page).values()) == {"待填写"}
    asked: list[object] = []
    monkeypatch.setattr(report_page.ttk.filedialog, "asksaveasfilename", lambda **kw: asked.append(kw) or "")
    assert page.export_view.on_export() is None
    assert asked == []  # refused before a file is chosen
    assert "不能生成报送版" in page.export_view.result_label.cget("text")
    lines = [link.cget("text") for link in page.export_view.todo_links]
    assert lines[0].startswith("1.开头：开头语")
    assert not any("学法用法和法治队伍建设：" in t for t in lines)  # that part has its record
    # one click on an item: the editor, its part, its prompt selected
    page.notebook.select(3)
    target = next(i for i, t in enumerate(lines) if "主要安排" in t)
    page.export_view.todo_links[target].event_generate("<Button-1>")
    pump(root)
    assert page.notebook.index("current") == 0 and page.editor_view.section_key == "s4"
    assert page.editor_view.editor.text.get("sel.first", "sel.last").startswith("〔请填写：")
    # the 征求意见稿 is written, prompts and all, and says so
    out = tmp_path / "白石镇（征求意见稿）.docx"
    monkeypatch.setattr(report_page.ttk.filedialog, "asksaveasfilename", lambda **kw: asked.append(kw) or str(out))
    assert page.export_view.on_export(draft=True) is not None
    assert asked[-1]["initialfile"] == "白石镇关于2024年度法治政府建设工作情况的报告（征求意见稿）.docx"
    pump(root, 50)
    assert page.export_view.last_result is not None and "征求意见稿" in page.export_view.result_label.cget("text")
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "〔请填写：" in text and "（征求意见稿）" in text
    # once the words are written, the 报送版 goes out
    for key in ("preamble", "s1", "m2", "m3", "m4", "m5", "s3", "s4"):
        annual_report.save_narrative(2024, key, "本单位的文字。")
    page.refresh()
    assert page.document.prompt_items(page.period()) == []


def test_the_section_list_shows_each_name_whole(demo_window, root):  # noqa: ANN001
    from tkinter import font as tkfont

    page = demo_window.show_page("report")
    page.set_year(2022)
    names = list(page.editor_view.section_box.cget("values"))
    assert "　（一）完善监督体制机制，强化对权力的制约监督" in names  # no "…" at 18 characters
    box = page.editor_view.section_box
    box.tk.call("ttk::combobox::Post", str(box))
    pump(root)
    popdown = box.tk.eval(f"ttk::combobox::PopdownWindow {box}")
    width = int(box.tk.call("winfo", "width", popdown))
    longest = max(tkfont.nametofont("TkDefaultFont").measure(n) for n in names)
    box.tk.call("ttk::combobox::Unpost", str(box))
    assert width > box.winfo_width()
    assert width >= min(longest, box.winfo_screenwidth() - box.winfo_rootx() - 44)
    assert box.winfo_rootx() + width <= box.winfo_screenwidth()


@pytest.mark.usefixtures("dialogs")
def test_in_a_county_database_the_report_page_is_the_countys_report(county_window, root, monkeypatch, tmp_path):  # noqa: ANN001
    page = county_window.show_page("report")
    assert page.document.county
    page.set_year(2023)
    titles = list(page.editor_view.section_box.cget("values"))
    assert "一、2023年度全县乡镇（街道）法治政府建设基本情况" in titles
    assert page.editor_view.select_section("cs2_2")
    chips = _chips(page)
    assert any("全县开展治安巡逻" in s and label.endswith("条记录") for s, label in chips.items())
    out = tmp_path / "县.docx"
    monkeypatch.setattr(report_page.ttk.filedialog, "asksaveasfilename", lambda **kw: str(out))
    assert page.export_view.default_filename(page.period()) == "新县关于2023年度全县乡镇（街道）法治政府建设工作情况的报告.docx"
    task = page.export_view.on_export()
    assert task is not None, page.export_view.result_label.cget("text")
    pump(root, 50)
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "全县乡镇（街道）法治政府建设工作情况的报告" in text.replace("\n", "")
    assert "白沙镇尚未报送" in text

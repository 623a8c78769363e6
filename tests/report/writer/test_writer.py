"""The GB/T 9704 writer: reopen the generated .docx and assert real layout properties (GB/T 9704 §5, §7)."""

from __future__ import annotations

import datetime
import re
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from lawdesk.report import files, gbt9704
from lawdesk.report.context import BodyParagraph
from lawdesk.report.errors import PdfUnavailable, ReportError, ReportFileLocked
from lawdesk.report.files import docx_to_pdf, save_docx_atomic
from lawdesk.report.profile import PRESETS, ReportProfile
from lawdesk.report.writer import (
    PPR_SEQ,
    RPR_SEQ,
    build_document,
    format_date,
    split_title,
    text_width_twips,
)
from tests.report_fixtures import make_context

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def _save(tmp: Path, name: str, **kw) -> Path:
    profile = kw.pop("profile", ReportProfile())
    path = tmp / name
    save_docx_atomic(build_document(make_context(**kw), profile), path)
    return path


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("writer")


@pytest.fixture(scope="module")
def report(out_dir) -> Path:
    return _save(out_dir, "report.docx", attachments=True)


@pytest.fixture(scope="module")
def plain_rule_report(out_dir) -> Path:
    return _save(out_dir, "plain.docx", profile=ReportProfile(party_star=False))


@pytest.fixture(scope="module")
def public_report(out_dir) -> Path:
    return _save(out_dir, "public.docx", public=True)


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def body_items(path: Path) -> list[etree._Element]:
    return list(part(path, "word/document.xml").find(w("body")))


def text(el: etree._Element) -> str:
    out = []
    for node in el.iter(w("t"), w("tab")):
        if node.tag == w("t"):
            out.append(node.text or "")
        elif node.getparent().tag == w("r"):
            out.append("\t")
    return "".join(out)


def paragraphs(path: Path) -> list[etree._Element]:
    return [el for el in body_items(path) if el.tag == w("p")]


def find_par(path: Path, predicate) -> etree._Element:
    return next(p for p in paragraphs(path) if predicate(text(p)))


def rfonts(run: etree._Element) -> etree._Element:
    return run.find(f"{w('rPr')}/{w('rFonts')}")


def attr(el: etree._Element | None, child: str, name: str) -> str | None:
    if el is None:
        return None
    found = el.find(w(child)) if child else el
    return None if found is None else found.get(w(name))


def ppr(p: etree._Element) -> etree._Element:
    return p.find(w("pPr"))


def text_runs(p: etree._Element) -> list[etree._Element]:
    return [r for r in p.iter(w("r")) if text(r).strip()]


# ------------------------------------------------------------------ page and package


def test_page_size_margins_grid(report):
    sect = part(report, "word/document.xml").find(f"{w('body')}/{w('sectPr')}")
    assert attr(sect, "pgSz", "w") == "11906" and attr(sect, "pgSz", "h") == "16838"
    mar = sect.find(w("pgMar"))
    assert (mar.get(w("top")), mar.get(w("bottom"))) == ("2098", "1984")
    assert (mar.get(w("left")), mar.get(w("right"))) == ("1587", "1474")
    assert int(mar.get(w("footer"))) == gbt9704.FOOTER_DISTANCE_TWIPS
    assert 11906 - 1587 - 1474 == gbt9704.BODY_WIDTH_TWIPS == 8845
    assert attr(sect, "docGrid", "type") == "lines"
    assert attr(sect, "docGrid", "linePitch") == "579"
    assert sect.find(w("titlePg")) is None
    kinds = {ref.get(w("type")) for ref in sect.findall(w("footerReference"))}
    assert kinds == {"default", "even"}


def test_settings_language_and_odd_even(report):
    settings = part(report, "word/settings.xml")
    assert settings.find(w("evenAndOddHeaders")) is not None
    assert attr(settings, "themeFontLang", "eastAsia") == "zh-CN"


def test_styles_explicit_fonts_no_theme(report):
    styles = part(report, "word/styles.xml")
    rpr = styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
    assert attr(rpr, "rFonts", "eastAsia") == "仿宋_GB2312"
    assert attr(rpr, "rFonts", "hint") == "eastAsia"
    assert attr(rpr, "lang", "eastAsia") == "zh-CN"
    with zipfile.ZipFile(report) as z:
        for name in ("word/styles.xml", "word/document.xml", "word/stylesWithEffects.xml"):
            xml = z.read(name).decode("utf-8")
            assert "Theme=" not in xml and "w:cstheme" not in xml, name
        theme = z.read("word/theme/theme1.xml").decode("utf-8")
    assert "ＭＳ" not in theme and "Mincho" not in theme and "Calibri" not in theme
    assert re.search(r'<a:ea typeface="宋体"/>', theme)
    normal = styles.xpath("w:style[@w:styleId='Normal']", namespaces=NS)[0]
    assert attr(normal.find(w("pPr")), "widowControl", "val") == "0"
    assert attr(normal.find(w("pPr")), "spacing", "line") == "579"
    assert attr(normal.find(w("rPr")), "spacing", "val") == "-5"
    assert attr(normal.find(w("rPr")), "sz", "val") == "32"


def test_every_run_has_explicit_east_asian_font(report):
    doc = part(report, "word/document.xml")
    for r in doc.iter(w("r")):
        if not text(r).strip():
            continue
        rf = rfonts(r)
        assert rf is not None and rf.get(w("eastAsia")), text(r)
        assert rf.get(w("hint")) == "eastAsia"
        assert rf.get(w("ascii")) == rf.get(w("eastAsia"))


def test_schema_order_of_ppr_and_rpr(report):
    for name in ("word/document.xml", "word/styles.xml", "word/footer1.xml", "word/footer2.xml"):
        root = part(report, name)
        for tag, seq in (("pPr", PPR_SEQ), ("rPr", RPR_SEQ)):
            for el in root.iter(w(tag)):
                names = [etree.QName(c).localname for c in el if etree.QName(c).namespace == W]
                idx = [seq.index(n) for n in names if n in seq]
                assert idx == sorted(idx), (name, names)


# ------------------------------------------------------------------ 版头


def test_mark_is_red_fitted_and_spaced(report):
    pars = paragraphs(report)
    spacer, mark = pars[0], pars[1]
    assert text(mark) == "中共新县金兰山街道工作委员会文件"
    assert attr(ppr(mark), "jc", "val") == "center"
    run = text_runs(mark)[0]
    assert attr(run.find(w("rPr")), "color", "val") == "FF0000"
    assert rfonts(run).get(w("eastAsia")) == "方正小标宋简体"
    size_pt = int(attr(run.find(w("rPr")), "sz", "val")) / 2
    assert size_pt <= 36 and size_pt * 16 <= gbt9704.BODY_WIDTH_PT
    spacer_pt = int(attr(ppr(spacer), "spacing", "line")) / 20
    assert abs(spacer_pt - (99.2 - 0.25 * size_pt)) < 1
    assert not text(pars[2]) and not text(pars[3])  # 空二行


def test_doc_number_and_signers_row(report):
    row = find_par(report, lambda t: "签发人" in t)
    number = text(row).split("\t")[0]
    assert re.match(gbt9704.DOC_NUMBER_PATTERN, number)
    assert attr(ppr(row), "ind", "firstLine") == "320"
    tab = ppr(row).find(f"{w('tabs')}/{w('tab')}")
    assert tab.get(w("val")) == "right" and abs(int(tab.get(w("pos"))) - 8525) <= 5
    runs = text_runs(row)
    label = next(r for r in runs if "签发人" in text(r))
    names = runs[-1]
    assert rfonts(label).get(w("eastAsia")) == "仿宋_GB2312"
    assert text(names) == "张健平\u3000余志强"
    assert rfonts(names).get(w("eastAsia")) == "楷体_GB2312"


def test_more_than_two_signers_put_number_on_last_line(tmp_path):
    ctx = make_context()
    ctx.signers = ["张健平", "余志强", "王五"]
    doc = build_document(ctx, ReportProfile(party_star=False))
    texts = [p.text for p in doc.paragraphs]
    first = texts.index("\t签发人：张健平\u3000余志强")
    assert texts[first + 1] == "金文〔2023〕5号\t王五"


def test_red_rule_border_4mm_below_number(plain_rule_report):
    row = find_par(plain_rule_report, lambda t: "签发人" in t)
    bottom = ppr(row).find(f"{w('pBdr')}/{w('bottom')}")
    assert bottom.get(w("color")) == "FF0000" and bottom.get(w("val")) == "single"
    assert bottom.get(w("sz")) == "8" and bottom.get(w("space")) == "11"
    assert attr(ppr(row), "ind", "left") == "0" and attr(ppr(row), "ind", "right") == "0"


def test_party_star_rule_table(report):
    items = body_items(report)
    row = next(i for i, el in enumerate(items) if "签发人" in text(el))
    tbl = items[row + 1]
    assert tbl.tag == w("tbl") and "★" in text(tbl)
    assert attr(tbl.find(w("tblPr")), "tblW", "w") == "8845"
    reds = [b for b in tbl.iter(w("bottom")) if b.get(w("color")) == "FF0000"]
    assert len(reds) == 2
    star_run = next(r for r in tbl.iter(w("r")) if text(r) == "★")
    assert attr(star_run.find(w("rPr")), "color", "val") == "FF0000"


def test_red_only_on_mark_and_star(report):
    doc = part(report, "word/document.xml")
    for r in doc.iter(w("r")):
        color = attr(r.find(w("rPr")), "color", "val")
        if color and color not in ("000000", "auto"):
            assert color == "FF0000"
            assert text(r) in ("★", "中共新县金兰山街道工作委员会文件")


# ------------------------------------------------------------------ 主体


def test_title_lines_split_centred_22pt(report):
    pars = paragraphs(report)
    title = [
        p
        for p in pars
        if text_runs(p) and attr(text_runs(p)[0].find(w("rPr")), "sz", "val") == "44"
    ]
    assert [text(p) for p in title][:3] == [
        "中共新县金兰山街道工作委员会",
        "新县金兰山街道办事处",
        "关于2022年度法治政府建设工作情况的报告",
    ]
    for p in title:
        assert attr(ppr(p), "jc", "val") == "center"
        assert ppr(p).find(w("keepNext")) is not None
        assert text_width_twips(text(p), 44, 0) <= gbt9704.BODY_WIDTH_TWIPS
        assert rfonts(text_runs(p)[0]).get(w("eastAsia")) == "方正小标宋简体"


def test_split_title_balanced_and_keeps_book_titles():
    lines = split_title("关于贯彻落实《中华人民共和国行政复议法》推进依法行政工作情况的报告")
    assert all(len(line) <= 20 for line in lines) and len(lines) == 2
    assert all(line.count("《") == line.count("》") for line in lines)
    assert split_title("关于2022年度法治政府建设工作情况的报告") == [
        "关于2022年度法治政府建设工作情况的报告"
    ]
    long = split_title("关于2022年度法治政府建设工作情况和2023年度工作计划的报告")
    assert len(long) == 2 and all(text_width_twips(x, 44, 0) <= 8845 for x in long)


def test_addressee_flush_left_with_colon(report):
    p = find_par(report, lambda t: t.startswith("县委"))
    assert text(p) == "县委、县政府："
    assert attr(ppr(p), "ind", "firstLine") == "0"


def test_body_paragraphs_exact_pitch_indent_justify(report):
    pars = [p for p in paragraphs(report) if attr(ppr(p), "ind", "firstLine") == "640"]
    assert len(pars) >= 20
    for p in pars:
        assert attr(ppr(p), "spacing", "line") == "579"
        assert attr(ppr(p), "spacing", "lineRule") == "exact"
        assert attr(ppr(p), "spacing", "before") == "0" == attr(ppr(p), "spacing", "after")
        assert attr(ppr(p), "jc", "val") == "both"


def test_heading_fonts_per_level(report):
    def first_font(prefix: str) -> str:
        p = find_par(report, lambda t: t.startswith(prefix))
        return rfonts(text_runs(p)[0]).get(w("eastAsia"))

    assert first_font("一、") == "黑体"
    assert first_font("（一）") == "楷体_GB2312"
    assert first_font("1.") == "仿宋_GB2312"
    assert first_font("（1）") == "仿宋_GB2312"
    run_in = find_par(report, lambda t: t.startswith("（一）完善"))
    fonts = [rfonts(r).get(w("eastAsia")) for r in text_runs(run_in)]
    assert fonts == ["楷体_GB2312", "仿宋_GB2312"]
    assert ppr(run_in).find(w("keepNext")) is None
    standalone = find_par(report, lambda t: t.startswith("二、"))
    assert ppr(standalone).find(w("keepNext")) is not None


def test_bold_headings_follow_profile():
    doc = build_document(make_context(), PRESETS["二三级标题加粗"])
    p = next(p for p in doc.paragraphs if p.text.startswith("（一）"))
    assert p.runs[0].bold is True and not p.runs[1].bold
    p3 = next(p for p in doc.paragraphs if p.text.startswith("1."))
    assert p3.runs[0].bold is True


def test_single_sealed_signature_centred_over_date(tmp_path):
    """7.3.5.1, one organ: date 右空四字, the organ centred over it."""
    ctx = make_context()
    ctx.signature_organs = ctx.signature_organs[1:]
    path = tmp_path / "single.docx"
    save_docx_atomic(build_document(ctx), path)
    date = find_par(path, lambda t: t == "2023年1月9日")
    assert attr(ppr(date), "jc", "val") == "right"
    assert attr(ppr(date), "ind", "right") == "1280"
    date_w = text_width_twips(text(date))
    organ = "新县金兰山街道办事处"
    p = [p for p in paragraphs(path) if text(p) == organ][-1]  # not the title line
    assert attr(ppr(p), "jc", "val") == "right"
    assert ppr(p).find(w("keepNext")) is not None
    expected = 1280 + (date_w - text_width_twips(organ)) / 2
    assert abs(int(attr(ppr(p), "ind", "right")) - max(expected, 0)) <= 2
    assert re.match(gbt9704.DATE_PATTERN, text(date))


def test_format_date_no_padding():
    assert format_date(datetime.date(2023, 1, 9)) == "2023年1月9日"
    assert format_date(datetime.date(2023, 11, 30)) == "2023年11月30日"


def test_note_and_attachment(report):
    note = find_par(report, lambda t: t == "（此件公开发布）")
    assert attr(ppr(note), "ind", "left") == "640"
    listing = find_par(report, lambda t: t.startswith("附件："))
    assert text(listing) == "附件：2022年度法治政府建设主要数据"
    label = find_par(report, lambda t: t == "附件")
    assert ppr(label).find(w("pageBreakBefore")) is not None
    assert rfonts(text_runs(label)[0]).get(w("eastAsia")) == "黑体"


# ------------------------------------------------------------------ footers and 版记


@pytest.mark.parametrize("name,odd", [("word/footer1.xml", True), ("word/footer2.xml", False)])
def test_footers_page_numbers(report, name, odd):
    doc = docx.Document(str(report))
    section = doc.sections[0]
    footer = section.footer if odd else section.even_page_footer
    p = footer.paragraphs[0]._p
    pr = p.find(w("pPr"))
    if odd:
        assert attr(pr, "jc", "val") == "right" and attr(pr, "ind", "right") == "280"
    else:
        assert attr(pr, "jc", "val") == "left" and attr(pr, "ind", "left") == "280"
    instr = "".join(t.text for t in p.iter(w("instrText")))
    assert instr.strip() == "PAGE"
    assert [f.get(w("fldCharType")) for f in p.iter(w("fldChar"))] == ["begin", "separate", "end"]
    shown = text(p)
    assert re.match(r"^\u2014 \d \u2014$", shown)
    for r in text_runs(p):
        assert rfonts(r).get(w("eastAsia")) == "宋体"
        assert attr(r.find(w("rPr")), "sz", "val") == "28"


def test_imprint_rules_and_text(report):
    items = body_items(report)
    index = max(i for i, el in enumerate(items) if el.tag == w("tbl") and "印发" in text(el))
    tbl = items[index]
    tbl_pr = tbl.find(w("tblPr"))
    assert attr(tbl_pr, "tblpPr", "vertAnchor") == "margin"
    assert attr(tbl_pr, "tblpPr", "tblpYSpec") == "bottom"
    assert attr(tbl_pr, "tblW", "w") == "8845"
    borders = tbl_pr.find(w("tblBorders"))
    assert attr(borders, "top", "sz") == "8" and attr(borders, "bottom", "sz") == "8"
    thin = [b for b in tbl.iter(w("top")) if b.getparent().tag == w("tcBorders")]
    assert [b.get(w("sz")) for b in thin] == ["6"]
    copy_par, issue_par = [p for p in tbl.iter(w("p"))]
    assert text(copy_par) == "抄送：县委依法治县办，县司法局。"
    assert text(issue_par) == "中共新县金兰山街道工作委员会办公室\t2023年1月9日印发"
    for r in text_runs(copy_par) + text_runs(issue_par):
        assert attr(r.find(w("rPr")), "sz", "val") == "28"
    # the 版记 is the last content of the document
    assert all(not text(el).strip() for el in items[index + 1 :])


def test_public_version_has_no_masthead_or_imprint(public_report):
    items = body_items(public_report)
    all_text = "".join(text(el) for el in items)
    assert "签发人" not in all_text and "〔2023〕" not in all_text
    assert "FF0000" not in etree.tostring(part(public_report, "word/document.xml")).decode()
    assert "抄送" not in all_text and "印发" not in all_text
    first = next(p for p in paragraphs(public_report) if text(p))
    assert text(first) == "中共新县金兰山街道工作委员会"
    assert "县委、县政府：" in all_text and "2023年1月9日" in all_text


def test_line_pitch_profile_560():
    doc = build_document(make_context(), PRESETS["28磅行距"])
    body = next(p for p in doc.paragraphs if p.text.startswith("2022年在"))
    assert body._p.pPr.find(w("spacing")).get(w("line")) == "560"
    grid = doc.sections[0]._sectPr.find(w("docGrid"))
    assert grid.get(w("linePitch")) == "560"


def test_profile_round_trip_and_presets():
    profile = PRESETS["仿宋（无_GB2312字体）"]
    assert ReportProfile.from_dict(profile.to_dict()) == profile
    assert ReportProfile.from_dict({"line_pitch_twips": "x", "party_star": 1, "zzz": 1}) == (
        ReportProfile()
    )
    assert ReportProfile() == PRESETS["标准（GB/T 9704-2012）"]
    doc = build_document(make_context(), profile)
    p = next(p for p in doc.paragraphs if p.text.startswith("2022年在"))
    assert p.runs[0]._r.rPr.rFonts.get(w("eastAsia")) == "仿宋"


def test_body_paragraph_plain_text_only():
    ctx = make_context()
    ctx.body = [BodyParagraph("只有一段。")]
    doc = build_document(ctx)
    assert any(p.text == "只有一段。" for p in doc.paragraphs)


# ------------------------------------------------------------------ saving and PDF


def test_save_atomic_replaces_and_leaves_no_temp(tmp_path):
    target = tmp_path / "报告.docx"
    target.write_bytes(b"old")
    save_docx_atomic(build_document(make_context()), target)
    assert zipfile.is_zipfile(target)
    assert [p.name for p in tmp_path.iterdir()] == ["报告.docx"]


def test_save_failure_keeps_previous_file(tmp_path, monkeypatch):
    target = tmp_path / "报告.docx"
    target.write_bytes(b"previous good file")
    doc = build_document(make_context())

    def broken_save(stream):
        stream.write(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(doc, "save", broken_save)
    with pytest.raises(ReportError) as info:
        save_docx_atomic(doc, target)
    assert "报告.docx" in info.value.message
    assert target.read_bytes() == b"previous good file"
    assert [p.name for p in tmp_path.iterdir()] == ["报告.docx"]


def test_save_locked_file_raises_chinese_message(tmp_path, windows):
    target = tmp_path / "报告.docx"
    target.write_bytes(b"open in WPS")
    with windows.hold(target), pytest.raises(ReportFileLocked) as info:
        save_docx_atomic(build_document(make_context()), target)
    assert info.value.message == "文件“报告.docx”正被 WPS 或 Word 打开，请关闭后重试。"
    assert target.read_bytes() == b"open in WPS"
    assert [p.name for p in tmp_path.iterdir()] == ["报告.docx"]


def test_pdf_unavailable_without_soffice(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "find_soffice", lambda: None)
    with pytest.raises(PdfUnavailable) as info:
        docx_to_pdf(tmp_path / "a.docx", tmp_path / "a.pdf")
    assert "未找到 LibreOffice（soffice）" in info.value.message
    assert "另存为 PDF" in info.value.message


@pytest.mark.parametrize("organ", ["中共新县委员会全面依法治县委员会办公室", "中共新县青石镇委员会党政综合办公室"])
def test_a_long_print_organ_and_the_date_share_one_line(tmp_path, organ):
    """7.4.3: 印发机关左空一字、印发日期右空一字, on one line: a long organ name is set a little
    tighter instead of pushing the date onto a line of its own."""
    import dataclasses

    from lawdesk.report.check import check_document

    ctx = dataclasses.replace(make_context(), print_organ=organ, print_date=datetime.date(2024, 12, 31))
    path = tmp_path / "long.docx"
    save_docx_atomic(build_document(ctx, ReportProfile()), path)
    items = body_items(path)
    tbl = next(el for el in reversed(items) if el.tag == w("tbl") and "印发" in text(el))
    (issue,) = [p for p in tbl.iter(w("p")) if "抄送" not in text(p)]
    assert text(issue) == f"{organ}\t2024年12月31日印发"
    tab = issue.find(w("pPr")).find(f"{w('tabs')}/{w('tab')}")
    assert (tab.get(w("val")), tab.get(w("pos"))) == ("right", str(gbt9704.IMPRINT_RIGHT_TAB_TWIPS))
    first = issue.find(w("r"))
    spacing = int(first.find(f"{w('rPr')}/{w('spacing')}").get(w("val")))
    # organ + a character + the widest date a viewer sets fits the 版记's width
    date_w = 5 * 280 + 8 * round(0.64 * 280) + round(5 * 0.25 * 280)
    assert len(organ) * (280 + spacing) + 280 + date_w <= gbt9704.BODY_WIDTH_TWIPS - 2 * 280
    assert spacing >= -40
    findings = check_document(path, ReportProfile())
    assert not [f for f in findings if f.code == "4.33"], findings

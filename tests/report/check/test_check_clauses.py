"""Every check item of ``lawdesk check``: a generated report is broken in one place and the
checker must name exactly that item (GB/T 9704-2012 clauses in ``CLAUSES``)."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from lawdesk.report.check import CLAUSES, ERROR, INFO, WARNING, Doc, check_document, check_docx
from lawdesk.report.check.package import _Package
from lawdesk.report.check.render import parity_findings
from lawdesk.report.files import save_docx_atomic
from lawdesk.report.profile import ReportProfile
from lawdesk.report.writer import build_document
from lawdesk.report.writer.imprint import BLANK_PAGE
from tests.report_fixtures import make_context

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("clauses") / "good.docx"
    save_docx_atomic(build_document(make_context(attachments=True)), path)
    return path


def _rewrite(src: Path, dst: Path, name: str, change: Callable[[str], str]) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == name:
                new = change(data.decode("utf-8"))
                assert new != data.decode("utf-8"), f"mutation of {name} did not apply"
                data = new.encode("utf-8")
            zout.writestr(info, data)
    return dst


def text(change: Callable[[str], str], name: str = "word/document.xml"):
    return name, change


def tree(change: Callable[[etree._Element], None], name: str = "word/document.xml"):
    def apply(xml: str) -> str:
        root = etree.fromstring(xml.encode("utf-8"))
        change(root)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True).decode("utf-8")

    return name, apply


def _par(root: etree._Element, predicate: Callable[[str], bool]) -> etree._Element:
    for p in root.iter(w("p")):
        if predicate("".join(t.text or "" for t in p.iter(w("t")))):
            return p
    raise AssertionError("paragraph not found")


def _set(el: etree._Element, child: str, **attrs: str) -> None:
    node = el.find(w(child))
    assert node is not None, child
    for key, value in attrs.items():
        node.set(w(key), value)


def _ppr(root, predicate) -> etree._Element:
    return _par(root, predicate).find(w("pPr"))


def _add_keep_next(root: etree._Element) -> None:
    ppr = _ppr(root, lambda t: t.startswith("（一）完善"))
    ppr.insert(0, etree.Element(w("keepNext")))


def _narrow_signature_column(root: etree._Element) -> None:
    table = next(t for t in root.iter(w("tbl")) if "2023年1月9日" in "".join(x.text or "" for x in t.iter(w("t")))
                 and t.find(f"{w('tblPr')}/{w('tblpPr')}") is None)  # fmt: skip
    table.find(f"{w('tblGrid')}/{w('gridCol')}").set(w("w"), "1000")


def _drop_imprint_anchor(root: etree._Element) -> None:
    for pos in list(root.iter(w("tblpPr"))):
        pos.getparent().remove(pos)


def _swap_ppr_order(root: etree._Element) -> None:
    ppr = _ppr(root, lambda t: t.startswith("县委、县政府"))
    jc = ppr.find(w("jc"))
    ppr.remove(jc)
    ppr.insert(0, jc)


def _normal_size(xml: str) -> str:
    head, tail = xml.split('w:styleId="Normal"', 1)
    return head + 'w:styleId="Normal"' + tail.replace('<w:sz w:val="32"/>', '<w:sz w:val="28"/>', 1)


# (item, member, mutation): each breaks the good document in one place.
CASES = [
    ("4.1", *text(lambda x: x.replace('w:w="11906"', 'w:w="12240"'))),
    ("4.2", *text(lambda x: x.replace('w:top="2098"', 'w:top="1440"'))),
    ("4.3", *text(lambda x: x.replace('w:right="1474"', 'w:right="1000"'))),
    ("4.4", *text(lambda x: x.replace('w:footer="1400"', 'w:footer="992"'))),
    ("4.5", *text(lambda x: x.replace('w:linePitch="579"', 'w:linePitch="312"'))),
    ("4.6", *text(lambda x: re.sub(r'<w:footerReference w:type="even"[^>]*/>', "", x))),
    ("4.7", *text(lambda x: re.sub(r"<w:evenAndOddHeaders[^>]*/>", "", x), "word/settings.xml")),
    ("4.8", *text(lambda x: re.sub(r'(<w:themeFontLang[^>]*w:eastAsia=")zh-CN', r"\1ja-JP", x), "word/settings.xml")),
    ("4.9", *text(lambda x: x.replace('w:eastAsia="zh-CN"', 'w:eastAsia="ja-JP"', 1), "word/styles.xml")),
    ("4.10", *text(_normal_size, "word/styles.xml")),
    ("4.12", *text(lambda x: x.replace('<w:jc w:val="right"/>', '<w:jc w:val="center"/>'), "word/footer1.xml")),
    ("4.13", *text(lambda x: x.replace("\u2014", "-"), "word/footer1.xml")),
    ("4.14", *text(lambda x: x.replace('<w:sz w:val="28"/>', '<w:sz w:val="24"/>'), "word/footer2.xml")),
    ("4.15", *text(lambda x: x.replace('w:line="579"', 'w:line="600"'))),
    ("4.16", *text(lambda x: x.replace('w:firstLine="640"', 'w:firstLine="0"', 1))),
    ("4.17", *text(lambda x: x.replace('w:eastAsia="仿宋_GB2312"', 'w:eastAsiaTheme="minorEastAsia"'))),
    ("4.18", *text(lambda x: x.replace('w:hint="eastAsia"', 'w:hint="default"').replace('w:ascii="仿宋_GB2312"', 'w:ascii="Arial"'))),
    ("4.19", *text(lambda x: x.replace('<w:sz w:val="32"/>', '<w:color w:val="0000FF"/><w:sz w:val="32"/>', 1))),
    ("4.20", *text(lambda x: x.replace('w:eastAsia="黑体"', 'w:eastAsia="仿宋_GB2312"', 1))),
    ("4.21", *tree(_add_keep_next)),
    ("4.22", *tree(lambda r: _set(_ppr(r, lambda t: t.endswith("文件")), "jc", val="left"))),
    ("4.23", *tree(lambda r: _set(r.find(f"{w('body')}/{w('p')}/{w('pPr')}"), "spacing", line="200"))),
    ("4.24", *text(lambda x: x.replace("金文〔2023〕5号", "金文[2023]第05号"))),
    ("4.25", *text(lambda x: x.replace("签发人：", "签发人"))),
    ("4.26", *tree(lambda r: [b.set(w("color"), "0000FF") for b in r.iter(w("bottom")) if b.get(w("color")) == "FF0000"])),
    ("4.27", *text(lambda x: x.replace("工作情况的报告<", "工作情况的报告。<", 1))),
    ("4.28", *text(lambda x: x.replace(">县委、县政府：<", ">县委、县政府<", 1))),
    ("4.29", *text(lambda x: re.sub(r"(>附件：[^<]*)<", r"\1。<", x, count=1))),
    ("4.30", *text(lambda x: x.replace(">2023年1月9日<", ">2023年01月09日<"))),
    ("4.31", *tree(_narrow_signature_column)),
    ("4.32", *tree(lambda r: _set(_ppr(r, lambda t: t == "（此件公开发布）"), "ind", left="0"))),
    ("4.33", *text(lambda x: x.replace("抄送：", "抄送"))),
    ("4.34", *text(lambda x: re.sub(r"<w:tcBorders><w:top [^>]*/></w:tcBorders>", "", x))),
    ("4.35", *tree(_drop_imprint_anchor)),
    ("4.36", *text(lambda x: x.replace('<a:ea typeface="宋体"/>', '<a:ea typeface="MS Mincho"/>', 1), "word/theme/theme1.xml")),
    ("4.38", *tree(_swap_ppr_order)),
    ("4.39", *text(lambda x: x.replace("?>", '?><!DOCTYPE x [<!ENTITY a "b">]>', 1), "word/settings.xml")),
]


@pytest.mark.parametrize("code,member,change", CASES, ids=[c[0] for c in CASES])
def test_a_broken_document_is_flagged_with_its_item(good, tmp_path, code, member, change):
    assert not [f for f in check_docx(good) if f.code == code and f.severity != INFO]
    bad = _rewrite(good, tmp_path / "bad.docx", member, change)
    found = [f for f in check_docx(bad) if f.code == code and f.severity in (ERROR, WARNING)]
    assert found, f"{code} ({CLAUSES[code]}) not reported"
    assert all(re.search(r"[\u4e00-\u9fff]", f.message) for f in found)


def test_unnumbered_imprint_pages_with_a_page_number_are_flagged(tmp_path):
    path = tmp_path / "blank.docx"
    save_docx_atomic(build_document(make_context(), None, BLANK_PAGE), path)
    assert not [f for f in check_docx(path) if f.code == "4.6"]
    with zipfile.ZipFile(path) as z:
        last = sorted(n for n in z.namelist() if re.match(r"word/footer\d+\.xml", n))[-1]
        numbered = z.read("word/footer1.xml").decode("utf-8")
    bad = _rewrite(path, tmp_path / "bad.docx", last, lambda x: numbered)
    assert any(f.code == "4.6" and "不编排页码" in f.message for f in check_docx(bad))


def _doc(path: Path) -> Doc:
    return Doc(_Package(path), None)


def test_page_parity_item_4_40(good):
    doc = _doc(good)
    odd = parity_findings(doc, 7, None)
    assert [f.severity for f in odd] == [ERROR] and "偶数页" in odd[0].message
    assert [f.severity for f in parity_findings(doc, 8, None)] == [INFO]
    texts = ["正文\n\n— 7 —", "\n\n— 8 —", "抄送：某某。\n某某印发\n— 9 —"]
    numbered = parity_findings(doc, 10, ["x"] * 7 + texts)
    assert any("不编排页码" in f.message for f in numbered)


def test_extra_checks_join_the_findings(good):
    from lawdesk.report.check import Finding

    found = check_document(good, extra=[lambda d: [Finding(WARNING, "9.1", "文字有误。", "第1段")]])
    assert any(f.code == "9.1" and f.message == "文字有误。" for f in found)


def test_every_item_has_a_broken_document_test():
    tested = {c[0] for c in CASES} | {"4.40"}
    assert tested == set(CLAUSES), set(CLAUSES) ^ tested


def test_profile_given_checks_the_sealed_layout(good):
    assert not [f for f in check_docx(good, ReportProfile()) if f.severity == ERROR]


def test_an_imprint_page_alone_must_not_be_numbered(good):
    texts = ["正文第一行\n正文第二行\n\n\n— 7 —", "抄送：某某。\n某某2023年1月9日印发\n\n— 8 —"]
    assert any("版记页不编排页码" in f.message for f in parity_findings(_doc(good), 8, texts))
    texts[-1] = "抄送：某某。\n某某2023年1月9日印发\n\n"
    assert not [f for f in parity_findings(_doc(good), 8, texts) if f.severity == ERROR]


def test_check_without_render_says_how_it_counts_and_finds_the_parity(tmp_path):
    from lawdesk.report.check.render import HOW_ESTIMATED, estimate_check
    from lawdesk.report.writer.imprint import NATURAL, NEXT_PAGE

    ctx = make_context()  # its text ends on an odd page
    for placement, parity_ok in ((NEXT_PAGE, True), (NATURAL, False)):
        path = tmp_path / f"{placement}.docx"
        save_docx_atomic(build_document(ctx, None, placement), path)
        findings = check_document(path, extra=[estimate_check])
        parity = [f for f in findings if f.code == "4.40"]
        assert any(f.message == HOW_ESTIMATED for f in parity)
        assert "未用 LibreOffice" in HOW_ESTIMATED and "22行" in HOW_ESTIMATED
        errors = [f for f in parity if f.severity == ERROR]
        assert (not errors) is parity_ok, parity
        if parity_ok:
            assert any("按版心网格估算共 8 页，版记在偶数页" in f.message for f in parity)

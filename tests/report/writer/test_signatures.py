"""署名 and 成文日期 (GB/T 9704 §7.3.5): sealed joint organs side by side with seals that never
meet, the unsealed stacked layout, a single signer; the 署名 page always carries text."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from lxml import etree

from lawdesk.report import gbt9704 as g
from lawdesk.report.check import ERROR, check_docx, format_findings
from lawdesk.report.files import docx_to_pdf, find_soffice, save_docx_atomic
from lawdesk.report.profile import SWITCH_LABELS, ReportProfile
from lawdesk.report.writer import build_document, text_width_twips
from lawdesk.report.writer.body import seal_columns, unsealed_indents
from tests.report_fixtures import ORGAN_GOV, ORGAN_PARTY, make_context

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MM = 72 / 25.4


def _save(tmp_path: Path, profile: ReportProfile, organs=None, name="r.docx", **kw) -> Path:
    ctx = make_context(**kw)
    if organs is not None:
        ctx.signature_organs = organs
    path = tmp_path / name
    save_docx_atomic(build_document(ctx, profile), path)
    return path


def _signature_table(path: Path):
    return next(t for t in docx.Document(str(path)).tables if any(c.text == "2023年1月9日" for c in t._cells))


def test_the_profile_option_has_a_chinese_label_and_round_trips():
    assert "加盖印章" in SWITCH_LABELS["sealed"]
    assert ReportProfile.from_dict({"sealed": False}).sealed is False
    assert ReportProfile().sealed is True


def test_sealed_joint_document_puts_organs_side_by_side_and_the_date_under_the_last(tmp_path):
    path = _save(tmp_path, ReportProfile())
    table = _signature_table(path)
    assert [c.text for c in table.rows[0].cells] == [ORGAN_PARTY, ORGAN_GOV]
    widths = [int(c.get(f"{{{W}}}w")) for c in table._tbl.iter(f"{{{W}}}gridCol")]
    assert sum(widths) == g.BODY_WIDTH_TWIPS
    # the date: one cell across the row (it never wraps), its middle under the last organ
    (date_cell,) = table._tbl.findall(f"{{{W}}}tr")[-1].findall(f"{{{W}}}tc")
    paragraph = date_cell.find(f"{{{W}}}p")
    assert "".join(t.text for t in paragraph.iter(f"{{{W}}}t")) == "2023年1月9日"
    left = int(paragraph.find(f"{{{W}}}pPr/{{{W}}}ind").get(f"{{{W}}}left"))
    assert widths[0] < left + text_width_twips("2023年1月9日") // 2 < sum(widths)
    assert min(widths) >= g.mm_to_twips(g.SEAL_DIAMETER_MM + g.SEAL_GAP_MM)  # seals never meet
    assert all(r._tr.find(f"{{{W}}}trPr/{{{W}}}cantSplit") is not None for r in table.rows)
    assert not [f for f in check_docx(path, ReportProfile()) if f.severity == ERROR]


def test_three_organs_still_fit_seals_side_by_side():
    assert seal_columns(2) == 2 and seal_columns(3) == 3
    assert seal_columns(5) == 3  # a fourth seal would not fit the 版心 (156 mm)


def test_unsealed_joint_document_stacks_the_organs(tmp_path):
    path = _save(tmp_path, ReportProfile(sealed=False))
    pars = docx.Document(str(path)).paragraphs
    k = next(i for i, p in enumerate(pars) if p.text == "2023年1月9日")
    assert [p.text for p in pars[k - 2 : k]] == [ORGAN_PARTY, ORGAN_GOV]
    assert pars[k - 3].text == ""  and pars[k - 4].text != ""  # 下空一行 (7.3.5.2)
    rights, date_right = unsealed_indents([ORGAN_PARTY, ORGAN_GOV], "2023年1月9日")
    assert rights[0] == g.UNSEALED_RIGHT_INDENT_TWIPS  # the longest 右空二字
    start = g.BODY_WIDTH_TWIPS - rights[0] - text_width_twips(ORGAN_PARTY)
    date_start = g.BODY_WIDTH_TWIPS - date_right - text_width_twips("2023年1月9日")
    assert date_start - start == 2 * g.CHAR_SANHAO_TWIPS  # 首字右移二字
    findings = check_docx(path, ReportProfile(sealed=False))
    assert not [f for f in findings if f.severity == ERROR], format_findings(findings)


def test_unsealed_date_longer_than_the_organ_moves_the_organ_left():
    rights, date_right = unsealed_indents(["某局"], "2023年12月31日")
    assert date_right == g.UNSEALED_RIGHT_INDENT_TWIPS
    start = g.BODY_WIDTH_TWIPS - rights[0] - text_width_twips("某局")
    assert g.BODY_WIDTH_TWIPS - date_right - text_width_twips("2023年12月31日") - start == 640


def test_single_signer_has_its_own_layout(tmp_path):
    path = _save(tmp_path, ReportProfile(), organs=[ORGAN_GOV])
    assert not [t for t in docx.Document(str(path)).tables if any(c.text == "2023年1月9日" for c in t._cells)]
    assert not [f for f in check_docx(path, ReportProfile()) if f.severity == ERROR]


@pytest.mark.parametrize("public", [False, True])
def test_last_body_paragraph_keeps_with_the_attachment_list_and_signature(tmp_path, public):
    path = _save(tmp_path, ReportProfile(), attachments=True, public=public)
    pars = docx.Document(str(path)).paragraphs
    k = next(i for i, p in enumerate(pars) if p.text.startswith("附件："))
    chain = pars[k - 2 : k + 1]  # last body paragraph, the blank line, 附件说明
    assert chain[0].text.strip() and all(p.paragraph_format.keep_with_next for p in chain)


@pytest.mark.skipif(find_soffice() is None or shutil.which("pdftotext") is None, reason="需要 LibreOffice 和 pdftotext")
def test_rendered_seals_side_by_side_do_not_overlap(tmp_path):
    path = _save(tmp_path, ReportProfile())
    pdf = docx_to_pdf(path, tmp_path / "r.pdf", timeout=240)
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    lines = []
    for page in (e for e in root.iter() if etree.QName(e).localname == "page"):
        number = len(lines)
        for line in (e for e in page.iter() if etree.QName(e).localname == "line"):
            text = "".join(e.text or "" for e in line.iter() if etree.QName(e).localname == "word")
            lines.append((number, text, *(float(line.get(k)) for k in ("xMin", "yMin", "xMax", "yMax"))))
    party = [x for x in lines if x[1] == ORGAN_PARTY][-1]  # the 署名, not the title line
    gov = [x for x in lines if x[1] == ORGAN_GOV][-1]
    date = next(x for x in lines if x[1] == "2023年1月9日")
    assert abs(party[3] - gov[3]) < 2  # one row: side by side
    radius = g.SEAL_DIAMETER_MM * MM / 2
    centres = [((x[2] + x[4]) / 2, (x[3] + x[5]) / 2) for x in (party, gov)]
    assert centres[1][0] - centres[0][0] >= 2 * radius  # the two seals do not overlap or touch
    left, right = g.MARGIN_LEFT_MM * MM, (g.PAGE_WIDTH_MM - g.MARGIN_RIGHT_MM) * MM
    assert centres[0][0] - radius >= left - 1 and centres[1][0] + radius <= right + 1  # inside the 版心
    assert date[3] > gov[3] and abs((date[2] + date[4]) / 2 - centres[1][0]) < 6 * MM  # under the last
    # the 署名 page carries body text (7.3.5): a line of the body precedes the organs on that page
    page_lines = [x for x in lines if x[0] == party[0] and x[3] < party[3]]
    assert any(len(x[1]) > 10 for x in page_lines)


# ------------------------------------------------------------------ long organ names (#16 point 9)

LONG = "中共新县委员会全面依法治县委员会办公室"  # 19 characters: wider than half the 版心


def _signature_texts(path: Path) -> list[str]:
    """The 署名 lines as printed: each paragraph's lines (a break inside a cell is a new line)."""
    body = docx.Document(str(path)).element.body
    out = []
    for tbl in body.iter(f"{{{W}}}tbl"):
        for p in tbl.iter(f"{{{W}}}p"):
            parts = [(t.text or "") if t.tag == f"{{{W}}}t" else "\n" for t in p.iter(f"{{{W}}}t", f"{{{W}}}br")]
            out += [x for x in "".join(parts).split("\n") if x]
    return out


@pytest.mark.parametrize(
    "organs,lines",
    [
        ([LONG, "新县司法局"], [LONG, "新县司法局"]),  # side by side: the long name has the room it needs
        ([LONG, "中共新县青石镇委员会党政综合办公室"], ["中共新县委员会", "全面依法治县委员会办公室",
                                                "中共新县青石镇委员会", "党政综合办公室"]),  # fmt: skip
    ],
)
def test_joint_organ_names_break_only_between_words(tmp_path, organs, lines):
    path = _save(tmp_path, ReportProfile(), organs=organs)
    texts = _signature_texts(path)
    assert [t for t in texts if t in lines] == lines
    assert not any(t.startswith("员会") or t.endswith("县委") for t in texts)


@pytest.mark.parametrize("sealed", [True, False])
def test_a_single_long_organ_breaks_between_words(tmp_path, sealed):
    organ = "中共某某自治区某某市某某自治县委员会全面依法治县委员会办公室"  # 30 characters
    path = _save(tmp_path, ReportProfile(sealed=sealed), organs=[organ])
    paras = [p.text for p in docx.Document(str(path)).paragraphs]
    assert "中共某某自治区某某市某某自治县委员会" in paras and "全面依法治县委员会办公室" in paras
    assert not any(p.startswith("员会") for p in paras)


@pytest.mark.skipif(find_soffice() is None or shutil.which("pdftotext") is None, reason="需要 LibreOffice 和 pdftotext")
def test_rendered_long_organs_keep_their_words_and_seals_apart(tmp_path):
    path = _save(tmp_path, ReportProfile(), organs=[LONG, "新县司法局"])
    pdf = docx_to_pdf(path, tmp_path / "r.pdf", timeout=240)
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    row = next(line for line in out.splitlines() if "新县司法局" in line and "全面依法治县" in line)
    assert LONG in row.replace(" ", "")  # one line, side by side with the other organ
    assert "员会办公室" not in [line.strip() for line in out.splitlines()]

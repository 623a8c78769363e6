"""The inspection binder (迎检台账): a zip that an inspector can open folder by folder.

::

    2022年度迎检台账/
        00_目录.docx                 index: a table per report section (仿宋 3号)
        00_全部台账.xlsx              the whole 台账 with the figures sheet (as ``export``)
        01_一、党政主要负责人履行第一责任人职责/
            会议/01_会议台账.xlsx      the records of this section and type (the section's number
                                       first: Excel cannot open two workbooks of the same name)
            会议/佐证材料/2022-03-05_法治建设专题会议_签到表_1.jpg   (date, title, kind, number)

A record goes to the section of the most specific figure that counts it (a 警示教育大会 to
二（二）, a 党工委班子会 chaired by the principal leader to 一); the index names every figure
that counts it. Records no figure counts go to their type's usual section, marked as such.

Where the report counts a record is given as the page, section and figure: the page is the one
on which the annual report of the same period writes that figure, from the report's own grid
estimate (``annual_report.figure_pages``; GB/T 9704 fixes 22 lines a page, so the count holds in WPS
and Word alike). Without a complete unit profile no report can be written, and the index gives
the section and figure only.

The public variant masks personal fields (``FieldSpec.personal``) and the names and numbers in
free text (``layout.mask_text``) in the sheets and the index, and leaves out the evidence files
of record types that carry personal data (an agreement photo cannot be masked). No cell of any
sheet is a live formula (``writer``).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from lawdesk import safe_write
from lawdesk.errors import LawdeskError
from lawdesk.excel import export, layout, writer
from lawdesk.filenames import portable_name
from lawdesk.schema import RecordSpec
from lawdesk.services import ledger
from lawdesk.services.period import Period

INDEX_NAME = "00_目录.docx"
LEDGER_NAME = "00_全部台账.xlsx"
EVIDENCE_FOLDER = "佐证材料"
NOT_COUNTED = "（未计入报告数字）"
TITLE_CHARS = 40


def safe_name(text: str, limit: int = TITLE_CHARS) -> str:
    """A file-name part Windows accepts (``lawdesk.filenames.portable_name``)."""
    return portable_name(text, limit)


@dataclass
class IndexEntry:
    day: str
    title: str
    files: list[str]
    counted: list[str]
    kind_label: str


@dataclass
class Section:
    key: str
    title: str
    entries: dict[str, list[IndexEntry]] = field(default_factory=dict)  # record type label → entries


@dataclass
class BinderResult:
    path: Path
    records: int
    files: int
    missing_files: list[str]
    message: str


def _record_title(spec: RecordSpec, row: dict[str, object]) -> str:
    return str(row.get(spec.title_field) or "")


def _day(spec: RecordSpec, row: dict[str, object]) -> str:
    value = row.get(spec.date_field)
    return value.isoformat() if isinstance(value, dt.date) else (str(value)[:10] if value else "")


def _counted_text(counted: list[ledger.Counted], pages: dict[str, int]) -> list[str]:
    return [
        (f"第{pages[c.key]}页 " if c.key in pages else "") + f"{export.section_name(c.section)}：{c.label}"
        for c in counted
    ] or [NOT_COUNTED]


def _without_section(counted: str, section_name: str) -> str:
    """“第4页 二（二）…：召开警示教育大会” reads “第4页 召开警示教育大会” in its own section's table."""
    page, sep, rest = counted.partition(" ") if counted.startswith("第") else ("", "", counted)
    if rest.startswith(section_name + "："):
        rest = rest.split("：", 1)[1]
    return page + sep + rest


def _report_pages(period: Period) -> dict[str, int]:
    """figure key → page of the annual report that writes it ({} when no report can be written)."""
    from lawdesk.services import annual_report, stats

    try:
        return annual_report.figure_pages(period, [f.key for f in stats.FIGURES])
    except LawdeskError:
        return {}


def build_binder(period: Period, out_path: Path, *, public: bool = False) -> BinderResult:
    """Write the binder zip atomically; ``LawdeskError`` with a Chinese message on failure."""
    out_path = Path(out_path)
    safe_write.refuse_input(out_path)
    if out_path.suffix.lower() != ".zip":
        out_path = out_path.with_name(out_path.name + ".zip")
    safe_write.check_target(out_path)
    root = f"{period.title_label}迎检台账" + ("（公开版）" if public else "")
    sections: dict[str, Section] = {}
    order = [*export.SECTION_NAMES]
    for n, key in enumerate(order, start=1):
        sections[key] = Section(key, f"{n:02d}_{export.section_name(key)}")
    missing: list[str] = []
    n_records = n_files = 0
    pages = _report_pages(period)
    with tempfile.TemporaryDirectory(prefix="lawdesk-binder-") as tmp:
        tmpdir = Path(tmp)
        with safe_write.replacing(out_path) as zip_tmp, _pieces_of(out_path):
            with zipfile.ZipFile(zip_tmp, "w", zipfile.ZIP_DEFLATED) as zf:
                whole = export.export_ledger(period, tmpdir / LEDGER_NAME, mask=public)
                zf.write(whole.path, f"{root}/{LEDGER_NAME}")
                for spec in layout.record_specs():
                    rows = ledger.rows(spec.kind, period)
                    if not rows:
                        continue
                    counted = ledger.counted_by(spec.kind, period)
                    files = ledger.evidence(spec.kind, {int(r["id"]) for r in rows})
                    personal = any(f.personal for f in spec.all_fields)
                    by_section: dict[str, list[dict[str, object]]] = {}
                    for row in rows:
                        marks = counted.get(int(row["id"]), [])
                        home = marks[0].section if marks else ledger.home_section(spec)
                        by_section.setdefault(home if home in sections else order[-1], []).append(row)
                    for key, section_rows in by_section.items():
                        folder = f"{root}/{sections[key].title}/{spec.label}"
                        sheet = writer.write_ledger(
                            tmpdir / f"{spec.kind}-{key[:2]}.xlsx", {spec.kind: section_rows}, [spec],
                            title="", note="", mask=public,
                        )
                        zf.write(sheet, f"{folder}/{ledger_name(sections[key].title, spec)}")
                        used: set[str] = set()
                        for row in section_rows:
                            n_records += 1
                            names: list[str] = []
                            if public and personal:
                                names = ["（公开版不含材料）"] if files.get(int(row["id"])) else []
                            else:
                                seqs: dict[str, int] = {}
                                for ev in files.get(int(row["id"]), []):
                                    source = ev.path
                                    seqs[ev.category] = seqs.get(ev.category, 0) + 1
                                    name = _unique(used, evidence_name(_day(spec, row), _record_title(spec, row),
                                                                       ev.category, seqs[ev.category], ev.original_name))
                                    if not source.is_file():
                                        missing.append(f"{spec.label}“{_record_title(spec, row)}”的材料“{ev.original_name}”")
                                        names.append(f"{name}（文件缺失）")
                                        continue
                                    zf.write(source, f"{folder}/{EVIDENCE_FOLDER}/{name}")
                                    names.append(name)
                                    n_files += 1
                            title = _record_title(spec, row)
                            if public:
                                title = _masked_title(spec, row, title)
                            entry = IndexEntry(_day(spec, row), title, names,
                                               _counted_text(counted.get(int(row["id"]), []), pages), spec.label)
                            sections[key].entries.setdefault(spec.label, []).append(entry)
                index = tmpdir / INDEX_NAME
                write_index(index, period, list(sections.values()), public=public)
                zf.write(index, f"{root}/{INDEX_NAME}")
    lines = [f"已生成{period.label}迎检台账{'（公开版）' if public else ''}：{out_path}",
             f"共 {n_records} 条记录、{n_files} 个佐证材料文件。"]
    if missing:
        lines.append(f"注意：有 {len(missing)} 个材料文件找不到，目录中已标明“文件缺失”：" + "；".join(missing[:5]))
    return BinderResult(out_path, n_records, n_files, missing, "\n".join(lines))


@contextmanager
def _pieces_of(out_path: Path) -> Iterator[None]:
    """A sheet or the index that could not be written (in the temporary folder) is named as what
    it is: a piece of the binder, which was not written."""
    try:
        yield
    except safe_write.OutputError as exc:
        kept = "原来的文件没有改动；" if out_path.exists() else ""
        raise safe_write.OutputError(f"“{out_path.name}”没有生成，{kept}整理其中的文件时{exc.message}") from exc


def ledger_name(section_title: str, spec: RecordSpec) -> str:
    """“01_会议台账.xlsx”: the section's number makes each 台账's name unique in the binder."""
    return f"{section_title.split('_', 1)[0]}_{spec.label}台账.xlsx"


def evidence_name(day: str, title: str, category: str, seq: int, original: str) -> str:
    """“2022-03-05_法治建设专题会议_签到表_1.jpg”: date, title, kind of evidence, number."""
    return f"{day}_{safe_name(title)}_{safe_name(category or '其他', 10)}_{seq}{Path(original).suffix.lower()}"


def _masked_title(spec: RecordSpec, row: dict[str, object], title: str) -> str:
    return layout.mask_text(title, layout.personal_names(spec, row))


def _unique(used: set[str], name: str) -> str:
    stem, suffix = os.path.splitext(name)
    candidate, n = name, 2
    while candidate.casefold() in used:  # Windows file names ignore case
        candidate = f"{stem}({n}){suffix}"
        n += 1
    used.add(candidate.casefold())
    return candidate


# --------------------------------------------------------------------------------------------
# The index document


def write_index(out: Path, period: Period, sections: list[Section], *, public: bool) -> Path:
    """The index .docx: title, a note, then per section a table (date, title, files, where counted)."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    from lawdesk.report import gbt9704 as g
    from lawdesk.report.profile import ReportProfile
    from lawdesk.report.writer.base import set_fonts

    profile = ReportProfile()
    doc = docx.Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Mm(g.PAGE_HEIGHT_MM), Mm(g.PAGE_WIDTH_MM)
    sec.left_margin = sec.right_margin = Mm(20)
    sec.top_margin = sec.bottom_margin = Mm(20)
    body_pt = g.SIZE_SANHAO / 2  # 5.2.2 3号仿宋 (一般)

    def para(text: str, font: str, size: float, *, bold: bool = False, center: bool = False, after: float = 0):
        p = doc.add_paragraph()
        p.paragraph_format.space_after = Pt(after)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(layout.xml_safe(text))
        run.font.size = Pt(size)
        run.bold = bold
        set_fonts(run._r.get_or_add_rPr(), font)  # noqa: SLF001 - python-docx's run element
        return p

    title = f"{period.title_label}法治政府建设迎检台账目录" + ("（公开版）" if public else "")
    para(title, profile.title_font, g.SIZE_ERHAO / 2, center=True, after=12)
    para(f"统计期间：{period.start.isoformat()} 至 {period.end.isoformat()}。“报告中计入”一栏列出年度报告中"
         "统计这条记录的指标及其所在页码（属于其他部分的注明部分）。"
         + ("公开版已隐去个人信息，不含可能载有个人信息的材料。" if public else ""),
         profile.body_font, body_pt, after=6)
    widths = (Mm(17), Mm(37), Mm(88), Mm(62), Mm(53))  # 257 mm: A4 landscape less 2 × 20 mm
    for section in sections:
        if not section.entries:
            continue
        section_name = section.title.split("_", 1)[1]
        para(section_name, profile.hei_font, body_pt, after=4)
        for kind_label, entries in section.entries.items():
            para(f"{kind_label}（{len(entries)} 条）", profile.kai_font, body_pt, after=2)
            table = doc.add_table(rows=1, cols=5)
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            table.autofit = False
            for column, width in zip(table.columns, widths, strict=True):
                column.width = width
            for i, head in enumerate(("序号", "日期", "标题", "佐证材料", "报告中计入")):
                _cell(table.rows[0].cells[i], head, profile.hei_font, body_pt, widths[i], set_fonts)
            _repeat_header(table.rows[0])
            for n, entry in enumerate(entries, start=1):
                cells = table.add_row().cells
                counted = [_without_section(c, section_name) for c in entry.counted]
                values = (str(n), entry.day, entry.title, "\n".join(entry.files) or "—", "\n".join(counted))
                for i, value in enumerate(values):
                    _cell(cells[i], value, profile.body_font, body_pt, widths[i], set_fonts)
            para("", profile.body_font, 6)
    return safe_write.write_with(out, doc.save)


def _cell(cell, text: str, font: str, size: float, width, set_fonts) -> None:  # noqa: ANN001
    from docx.shared import Pt

    cell.width = width
    lines = layout.xml_safe(text).split("\n")
    p = cell.paragraphs[0]
    for i, line in enumerate(lines):
        if i:
            p = cell.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        run = p.add_run(line)
        run.font.size = Pt(size)
        set_fonts(run._r.get_or_add_rPr(), font)  # noqa: SLF001


def _repeat_header(row) -> None:  # noqa: ANN001
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()  # noqa: SLF001
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)

"""Workbooks written the way WPS 表格 writes them, by hand, without openpyxl.

WPS saves an .xlsx with every text in ``sharedStrings.xml`` (``t="s"``), rows with ``spans``,
dates as serial numbers in a custom ``yyyy/m/d`` format (numFmtId 176), struck-out rows as
``hidden="1"``, merged cells after the sheet data, hidden sheets as ``state="hidden"``, and
``docProps/app.xml`` naming "WPS 表格". The reader must take it as it is.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

EPOCH = dt.date(1899, 12, 30)


@dataclass
class Sheet:
    name: str
    rows: list[list[object]]
    merges: list[str] = field(default_factory=list)  # "A3:A5"
    hidden_rows: set[int] = field(default_factory=set)  # 1-based
    state: str = "visible"
    #: cells given as raw <v> text (a number another program wrote): (row, col 1-based) → text
    raw_numbers: dict[tuple[int, int], str] = field(default_factory=dict)


def write(path: Path, sheets: list[Sheet]) -> Path:
    strings: list[str] = []
    index: dict[str, int] = {}

    def sst(text: str) -> int:
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return index[text]

    parts: dict[str, str] = {}
    for n, sheet in enumerate(sheets, start=1):
        rows_xml = []
        for r, row in enumerate(sheet.rows, start=1):
            cells = []
            for c, value in enumerate(row, start=1):
                ref = f"{get_column_letter(c)}{r}"
                if (r, c) in sheet.raw_numbers:
                    cells.append(f'<c r="{ref}"><v>{sheet.raw_numbers[(r, c)]}</v></c>')
                elif value is None:
                    continue
                elif isinstance(value, bool):
                    cells.append(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
                elif isinstance(value, dt.date):
                    day = value.date() if isinstance(value, dt.datetime) else value
                    cells.append(f'<c r="{ref}" s="1"><v>{(day - EPOCH).days}</v></c>')
                elif isinstance(value, int | float):
                    cells.append(f'<c r="{ref}"><v>{value}</v></c>')
                else:
                    cells.append(f'<c r="{ref}" t="s"><v>{sst(str(value))}</v></c>')
            hidden = ' hidden="1"' if r in sheet.hidden_rows else ""
            span = f' spans="1:{max(len(row), 1)}"'
            rows_xml.append(f'<row r="{r}"{span}{hidden}>{"".join(cells)}</row>')
        merges = ""
        if sheet.merges:
            merges = f'<mergeCells count="{len(sheet.merges)}">' + "".join(
                f'<mergeCell ref="{m}"/>' for m in sheet.merges) + "</mergeCells>"
        parts[f"xl/worksheets/sheet{n}.xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheetPr/><dimension ref="A1"/><sheetViews><sheetView workbookViewId="0"/></sheetViews>'
            '<sheetFormatPr defaultColWidth="9" defaultRowHeight="13.5"/>'
            f'<sheetData>{"".join(rows_xml)}</sheetData>{merges}'
            '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
            "</worksheet>"
        )
    sheets_xml = "".join(
        f'<sheet name="{escape(s.name)}" sheetId="{n}"' + (f' state="{s.state}"' if s.state != "visible" else "")
        + f' r:id="rId{n}"/>' for n, s in enumerate(sheets, start=1))
    parts["xl/workbook.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<workbookPr/><bookViews><workbookView/></bookViews><sheets>{sheets_xml}</sheets><calcPr calcId="144525"/>'
        "</workbook>"
    )
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        f'worksheet" Target="worksheets/sheet{n}.xml"/>' for n in range(1, len(sheets) + 1))
    k = len(sheets)
    rels += (f'<Relationship Id="rId{k + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
             f'relationships/styles" Target="styles.xml"/>'
             f'<Relationship Id="rId{k + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
             f'relationships/sharedStrings" Target="sharedStrings.xml"/>')
    parts["xl/_rels/workbook.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>'
    )
    parts["xl/styles.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy/m/d;@"/></numFmts>'
        '<fonts count="1"><font><sz val="11"/><name val="宋体"/><charset val="134"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="176" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        "</styleSheet>"
    )
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(strings)}" '
        f'uniqueCount="{len(strings)}">' + "".join(f"<si><t>{escape(t)}</t></si>" for t in strings) + "</sst>"
    )
    parts["docProps/app.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>WPS 表格</Application></Properties>"
    )
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for n in range(1, len(sheets) + 1))
    parts["[Content_Types].xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' + overrides + "</Types>"
    )
    parts["_rels/.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text.encode("utf-8"))
    return path

"""Reading a clerk's workbook into the plan of its import (``lawdesk.excel.plan``).

Clerks' sheets are not ours: a title row above the header, two-row (merged) headers, columns
in another order, extra columns, header variants (日期 / 活动日期 / 培训时间), a sheet called
Sheet1. ``read_workbook`` returns a ``WorkbookPlan``: per sheet the record type decided from its
headers, name, title rows and the file's name (``lawdesk.excel.headers``), the header found and
which column was matched to which field. Every sheet gets a plan, even one where nothing was
recognised: the clerk chooses its type and maps its columns in the preview, may give a missing
required column one value for every row (``constants``), tick in hidden sheets and hidden rows,
and give the year that day-month dates (3月5日) belong to. A layout imported before (the same
headers) is read the way the clerk mapped it then (``lawdesk.excel.mappings``).

Merged data cells are filled into every row they span (``plan``). Files that cannot be read raise
``LawdeskError`` with a Chinese message (``lawdesk.excel.sources``).
"""

from __future__ import annotations

from pathlib import Path

from lawdesk import normalize
from lawdesk.errors import LawdeskError
from lawdesk.excel import headers as hd
from lawdesk.excel import layout, mappings, sources
from lawdesk.excel.plan import IGNORED_SHEETS, WorkbookPlan, plan_sheet

# --------------------------------------------------------------------------------------------
# Opening the file


def read_workbook(path: Path, *, mapping: dict | None = None, remembered: bool = True) -> WorkbookPlan:
    """Open ``path`` and plan the import of each sheet; ``LawdeskError`` if it cannot be read.

    ``mapping`` is a saved mapping (``lawdesk.excel.mappings``: ``--mapping`` on the command line);
    with ``remembered`` a layout the clerk mapped before is read the same way again.
    """
    path = Path(path)
    source = sources.open_source(path)
    masked = layout.MASKED_KEYWORD in source.keywords
    sheets = [plan_sheet(data, path.stem) for data in source.sheets]
    plan = WorkbookPlan(path, sheets, source.format, masked, list(source.notes))
    if any(hd.MASKED_IDENTITY_HEADER in s.headers for s in sheets):
        plan.masked = True
    stored = mappings.recall() if remembered else {}
    for sheet in sheets:
        sheet.auto = mappings.entry_of(sheet)
        if sheet.note and not sheet.kind and normalize.key(sheet.name) in IGNORED_SHEETS:
            continue
        entry = mappings.find(mapping, sheet) if mapping else None
        if entry is None and stored:
            entry = mappings.find_stored(stored, sheet)
        if entry is not None:
            mappings.apply(sheet, entry)
    if not sheets:
        raise LawdeskError(f"文件“{path.name}”中没有工作表。")
    return plan

"""Remembered column mappings: a workbook's layout is read next year the way the clerk mapped it.

A layout is known by its header row (``signature``: the header keys, left to right). When the
clerk imports a sheet, its record type, header rows, column → field mapping, the constants given
for missing columns and the hidden-row choice are stored in the database's settings
(``excel_layouts``); a sheet with the same headers is read that way again, whatever its name or
year. The same entries, saved as a JSON file (``save_file``), are what ``lawdesk import
--mapping FILE`` takes, so batch imports need no window. The year is never remembered: next
year's workbook has its own.

A mapping file::

    {"format": "lawdesk-excel-mapping", "version": 1,
     "sheets": [{"sheet": "Sheet1", "headers": ["序号", "来电时间", …], "header_rows": [2],
                 "kind": "hotline", "columns": {"来电时间": "received_date", "序号": null},
                 "constants": {"channel": "12345市长热线"}, "include": true,
                 "include_hidden_rows": false}]}

Fields and record types may be given by name (``received_date``) or by label (受理日期, 热线办理).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lawdesk.errors import LawdeskError
from lawdesk.excel import headers as hd
from lawdesk.schema import RECORD_SPECS, RecordSpec

if TYPE_CHECKING:
    from lawdesk.excel.plan import SheetPlan, WorkbookPlan

SETTING_KEY = "excel_layouts"
FORMAT = "lawdesk-excel-mapping"
MAX_STORED = 200


def signature(headers: list[str]) -> str:
    """The layout of a header row: its header keys, left to right ("" for empty headers dropped
    at the end)."""
    keys = [hd.header_key(h) if h else "" for h in headers]
    while keys and not keys[-1]:
        keys.pop()
    return "|".join(keys)


def entry_of(sheet: SheetPlan) -> dict[str, Any]:
    """The mapping of one sheet as stored and saved."""
    columns: dict[str, str | None] = {}
    for header, name in zip(sheet.headers, sheet.mapping, strict=True):
        if header and header not in columns:
            columns[header] = name
    return {
        "sheet": sheet.name,
        "headers": list(sheet.headers),
        "header_rows": list(sheet.header_rows),
        "kind": sheet.kind,
        "columns": columns,
        "constants": {k: _jsonable(v) for k, v in sheet.constants.items()},
        "include": sheet.include,
        "include_hidden_rows": sheet.include_hidden_rows,
    }


def _jsonable(value: object) -> object:
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)


def _spec(kind: object) -> RecordSpec | None:
    for spec in RECORD_SPECS:
        if kind in (spec.kind, spec.label):
            return spec
    return None


def _field(spec: RecordSpec, name: object) -> str | None:
    if name in (None, "", "忽略", "（忽略此列）"):
        return None
    if name in (hd.IDENTITY, hd.IDENTITY_HEADER):
        return hd.IDENTITY
    for f in spec.all_fields:
        if name in (f.name, f.label):
            return f.name
    raise LawdeskError(f"对应关系中的字段“{name}”不是“{spec.label}”的字段。")


def apply(sheet: SheetPlan, entry: dict[str, Any]) -> None:
    """Read ``sheet`` as ``entry`` says (``LawdeskError`` for an entry that names no such type)."""
    spec = _spec(entry.get("kind"))
    if entry.get("kind") and spec is None:
        raise LawdeskError(f"对应关系中的记录类型“{entry.get('kind')}”不存在。")
    rows = [int(r) for r in entry.get("header_rows") or []]
    if rows and tuple(rows) != sheet.header_rows:
        sheet.set_header_row(rows[0], len(rows))
    sheet.set_kind(spec.kind if spec else None)
    if spec is not None:
        columns = entry.get("columns") or {}
        by_key = {hd.header_key(h): v for h, v in columns.items()}
        for index, header in enumerate(sheet.headers):
            key = hd.header_key(header) if header else ""
            if key in by_key:
                sheet.set_column(index, _field(spec, by_key[key]))
        for name, value in (entry.get("constants") or {}).items():
            field_name = _field(spec, name)
            if field_name and field_name != hd.IDENTITY:
                sheet.set_constant(field_name, value)
    sheet.include = bool(entry.get("include", sheet.include))
    sheet.include_hidden_rows = bool(entry.get("include_hidden_rows", False))
    sheet.remembered = True
    sheet.reason = "按保存的对应关系识别"


def _candidates(sheet: SheetPlan) -> list[tuple[tuple[int, ...], str]]:
    """(header rows, signature) of every row of the sheet's top that could be its header."""
    lines = [[hd.cell_text(v) for v in r] for r in sheet.top_rows()]
    width = max((len(r) for r in lines), default=0)
    lines = [r + [""] * (width - len(r)) for r in lines]
    out = [(sheet.header_rows, signature(sheet.headers))] if sheet.headers else []
    for i, one in enumerate(lines):
        out.append(((i + 1,), signature(one)))
        if i + 1 < len(lines):
            out.append(((i + 1, i + 2), signature([b or a for a, b in zip(one, lines[i + 1], strict=True)])))
    return [(rows, sig) for rows, sig in out if sig.count("|") >= 1]


def find_stored(stored: dict[str, dict[str, Any]], sheet: SheetPlan) -> dict[str, Any] | None:
    """The stored entry whose header row is one of this sheet's rows (its header rows updated)."""
    for rows, sig in _candidates(sheet):
        entry = stored.get(sig)
        if entry is not None:
            return dict(entry, header_rows=list(rows))
    return None


def find(mapping: dict[str, Any], sheet: SheetPlan) -> dict[str, Any] | None:
    """The entry of a mapping file for ``sheet``: the same headers, else the same sheet name."""
    entries = mapping.get("sheets") or []
    by_signature = {signature(e.get("headers") or []): e for e in entries if e.get("headers")}
    found = find_stored(by_signature, sheet)
    if found is not None:
        return found
    return next((e for e in entries if e.get("sheet") == sheet.name), None)


# --------------------------------------------------------------------------------------------
# Stored in the database, saved as a file


def recall() -> dict[str, dict[str, Any]]:
    """The layouts the clerk has imported before (signature → entry); {} without a database."""
    from lawdesk.services import settings

    try:
        stored = settings.get(SETTING_KEY, {})
    except Exception:  # noqa: BLE001 - no database open (reading a file only): nothing remembered
        return {}
    return stored if isinstance(stored, dict) else {}


def remember(plan: WorkbookPlan) -> None:
    """Store the mapping of every imported sheet under its layout (most recent kept)."""
    from lawdesk.services import settings

    stored = recall()
    changed = False
    for sheet in plan.importable:
        entry = entry_of(sheet)
        sig = signature(sheet.headers)
        if sig.count("|") < 1 or (entry == sheet.auto and not sheet.remembered):
            continue  # read right without help: nothing to remember
        changed = True
        entry.pop("sheet", None)
        stored.pop(sig, None)
        stored[sig] = entry
    while len(stored) > MAX_STORED:
        stored.pop(next(iter(stored)))
    if changed:
        settings.put(SETTING_KEY, stored)


def save_file(plan: WorkbookPlan, path: Path) -> Path:
    """Save the plan's mapping as a JSON file for ``lawdesk import --mapping``."""
    path = Path(path)
    if path.suffix.lower() != ".json":
        path = path.with_name(path.name + ".json")
    data = {"format": FORMAT, "version": 1, "sheets": [entry_of(s) for s in plan.sheets if s.headers]}
    from lawdesk import safe_write

    return safe_write.write_bytes(path, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))


def load_file(path: Path) -> dict[str, Any]:
    """A mapping file saved by ``save_file`` (or written by hand); ``LawdeskError`` in Chinese."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as exc:
        raise LawdeskError(f"找不到对应关系文件：{path}") from exc
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise LawdeskError(f"对应关系文件“{path.name}”无法读取（应为程序保存的 .json 文件）。") from exc
    if not isinstance(data, dict) or not isinstance(data.get("sheets"), list):
        raise LawdeskError(f"对应关系文件“{path.name}”的格式不对：应包含 sheets 列表。")
    return data

"""Importing a 台账 workbook: check every cell first, then write everything or nothing.

``check(plan)`` reads every row of every importable sheet. Rows that are not records are listed
as skipped with their row numbers, never refused: 合计/小计 rows, signature footers (审核人、填表人、
制表), rows with only a 序号 (or only unmapped columns), hidden rows unless the clerk ticked them
in. Each cell is read the clerk's way (``lawdesk.excel.cells``: 45人, 200余人, 无, 3月5日, 家庭纠纷
…, every such reading listed in ``notes``), then validated by the services' own ``clean_record``;
every problem is listed as sheet, row, column and a Chinese message. References (所属社区, 宣讲员)
may name records already in the database or rows of the workbook's own 社区 / 宣讲员 sheets.

Nothing is doubled. A row is compared with the live records of its type:

- a row carrying a record's identity (the hidden 记录标识 column of an export) is that record:
  unchanged → skipped, changed → an update of it (export → edit → import corrects the record);
- a row equal to a live record in every column the sheet has → skipped (as often as such
  records exist: two patrols on the same street and day stay two);
- a row that matches a live record on its key fields (``RecordSpec.match_fields``: date and
  title, the 工单号 of a hotline case, a roster's name) → an update proposal shown in the preview
  (``on_match``: "update" by default, or "create" / "skip" as the clerk chooses);
- anything else is created.

A masked export (``--mask``, the public binder's sheets) is refused whole: its 张* and 139****
would be written over the real names, or double every record.

``commit(result)`` writes in ONE transaction through ``services.records`` (``import_many`` for
new records, ``update`` for corrections; one audit entry per record), rosters first, then
announces ``events.notify("database")`` and remembers each sheet's mapping for next year.

(Longer than most modules: the check of every cell and the commit are one set of rules about
what a row may become — a new record, a correction, a skipped row — and must agree.)
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from lawdesk import normalize
from lawdesk.errors import LawdeskError, NotFoundError, ValidationError
from lawdesk.excel import cells
from lawdesk.excel.headers import IDENTITY
from lawdesk.excel.plan import SheetPlan, WorkbookPlan
from lawdesk.schema import FieldSpec, RecordSpec, spec_for
from lawdesk.services.validation import FieldError, clean_record, clean_value

Progress = Callable[[int, int], None]
#: Problems listed at most (the count says how many there were).
MAX_PROBLEMS = 1000
#: What to do with a row that matches a record on its key fields but differs elsewhere.
ON_MATCH = ("update", "create", "skip")
MASKED_MESSAGE = (
    "这份台账是“隐去个人信息”的导出件（当事人、联系电话等已替换为 *），不能导入：导入会用带 * 的内容"
    "覆盖真实记录，或让每条记录重复一次。请导入未隐去个人信息的导出件。"
)


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str  # letter, or "" for a whole-sheet problem
    header: str
    message: str

    def __str__(self) -> str:
        where = f"“{self.sheet}”表"
        if self.row:
            where += f"第 {self.row} 行"
        if self.column:
            where += f" {self.column} 列"
        if self.header:
            where += f"（{self.header}）"
        return f"{where}：{self.message}"


@dataclass
class PendingRow:
    sheet: str
    row: int
    values: dict[str, object]


@dataclass
class UpdateRow:
    """A row that corrects a live record: the fields that change, old → new."""

    sheet: str
    row: int
    record_id: int
    title: str
    changes: dict[str, tuple[object, object]]  # field → (old, new)
    by_identity: bool  # matched by the 记录标识, not by date and title
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def data(self) -> dict[str, object]:
        return {name: new for name, (_old, new) in self.changes.items()}

    def describe(self) -> str:
        parts = [f"{self.labels.get(n, n)} {_shown(old)} → {_shown(new)}" for n, (old, new) in self.changes.items()]
        return f"“{self.title}”：" + "；".join(parts)


@dataclass(frozen=True)
class SkippedRow:
    sheet: str
    row: int
    reason: str


@dataclass
class CheckResult:
    plan: WorkbookPlan
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    rows: dict[str, list[PendingRow]] = field(default_factory=dict)  # kind → rows to create
    updates: dict[str, list[UpdateRow]] = field(default_factory=dict)  # kind → records to correct
    skipped: Counter[str] = field(default_factory=Counter)  # kind → rows equal to existing records
    import_mark: int | None = None  # the newest import when checked (services.imports.mark)
    skipped_rows: list[SkippedRow] = field(default_factory=list)  # rows that are not records
    #: how clerks' words were read: (sheet, column, header, rule) → [cells, first example]
    notes: dict[tuple[str, str, str, str], list] = field(default_factory=dict)
    on_match: str = "update"

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    @property
    def to_create(self) -> int:
        return sum(len(v) for v in self.rows.values())

    @property
    def to_update(self) -> int:
        return sum(len(v) for v in self.updates.values())

    @property
    def has_work(self) -> bool:
        return self.to_create + self.to_update > 0

    def summary(self) -> str:
        """A Chinese account of what the import would do (or why it cannot)."""
        if not self.ok:
            shown = len(self.problems)
            more = f"（只列出前 {shown} 个）" if shown < self.problem_count else ""
            return f"发现 {self.problem_count} 个问题{more}，请改正后再导入；没有导入任何记录。"
        parts = [f"{spec_for(k).label} {len(v)} 条" for k, v in self.rows.items() if v]
        lines = [f"可以导入 {self.to_create} 条新记录" + (f"：{'，'.join(parts)}。" if parts else "。")]
        if self.to_update:
            detail = "，".join(f"{spec_for(k).label} {len(v)} 条" for k, v in self.updates.items() if v)
            lines.append(f"更新 {self.to_update} 条已有记录（{detail}）：见“将更新的记录”。")
        lines.extend(self.skip_lines())
        return "\n".join(lines)

    def skip_lines(self) -> list[str]:
        lines = []
        same = sum(self.skipped.values())
        if same:
            detail = "，".join(f"{spec_for(k).label} {n} 条" for k, n in self.skipped.items())
            lines.append(f"跳过 {same} 条与已有记录完全相同的记录（{detail}），不会重复导入。")
        if self.skipped_rows:
            by_reason = Counter(s.reason for s in self.skipped_rows)
            detail = "，".join(f"{reason} {n} 行" for reason, n in by_reason.items())
            lines.append(f"跳过 {len(self.skipped_rows)} 行不是记录的行（{detail}）：见“跳过的行”。")
        if self.notes:
            lines.append(f"有 {self.noted_cells} 个单元格按常见写法识别（如“45人”→45）：见“识别说明”。")
        return lines

    def skipped_lines(self) -> list[str]:
        """“sheet”表第 n 行：reason, one per skipped row (the preview's list)."""
        return [f"“{s.sheet}”表第 {s.row} 行：{s.reason}" for s in self.skipped_rows]

    @property
    def noted_cells(self) -> int:
        return sum(n for n, _example in self.notes.values())

    def note_lines(self) -> list[str]:
        """“sheet”表 D 列（参加人数）：去掉单位，如“21人” → 21，共 6 处."""
        out = []
        for (sheet, col, header, rule), (n, example) in self.notes.items():
            text = example if rule == example else f"{rule}，如{example}"
            out.append(f"“{sheet}”表 {col} 列（{header}）：{text}" + (f"，共 {n} 处" if n > 1 else ""))
        return out

    def update_lines(self) -> list[str]:
        return [f"“{u.sheet}”表第 {u.row} 行 → {u.describe()}"
                + ("" if u.by_identity else "（按日期和标题对应）")
                for ups in self.updates.values() for u in ups]


def _shown(value: object) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    text = str(value)
    return text if len(text) <= 20 else text[:20] + "…"


def _kind_order(plan: WorkbookPlan) -> list[SheetPlan]:
    """Rosters (社区, 宣讲员) first: other sheets refer to them."""
    return sorted(plan.importable, key=lambda s: spec_for(s.kind).common)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# Comparing rows with the records already in the database


def _canon(value: object) -> object:
    """A cleaned value as compared: both sides went through ``clean_record`` (texts stripped,
    choices canonical, references by their exact name), so texts compare as they are."""
    if value is None or value == "":
        return None
    if isinstance(value, str | bool):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value)).normalize() if not isinstance(value, int) else Decimal(value)
    return value


def fingerprint(spec: RecordSpec, values: Mapping[str, object], names: tuple[str, ...] | None = None) -> tuple[object, ...]:
    """The comparable content of a record (references by name), over ``names`` (default: all)."""
    return tuple(_canon(values.get(n)) for n in (names or tuple(f.name for f in spec.all_fields)))


class _Existing:
    """The live records of one type, indexed by identity, content and key fields."""

    def __init__(self, spec: RecordSpec) -> None:
        from lawdesk.models import model_for
        from lawdesk.services import records

        model = model_for(spec.kind)
        self.spec = spec
        rows = records.display_rows(spec.kind, model.select().where(model.deleted_at.is_null()), 10_000_000)
        self.values: dict[int, dict[str, object]] = {}
        self.by_uuid: dict[str, int] = {}
        for row in rows:
            rid = int(row["id"])  # type: ignore[arg-type]
            self.values[rid] = {f.name: row.get(f"{f.name}_name") if f.kind == "ref" else row.get(f.name)
                                for f in spec.all_fields}
            self.by_uuid[str(row["uuid"])] = rid
        self.deleted = {u for (u,) in model.select(model.uuid).where(model.deleted_at.is_null(False)).tuples()}
        self.claimed: set[int] = set()
        self._prints: dict[tuple[str, ...], dict[tuple[object, ...], list[int]]] = {}
        self._keys: dict[tuple[str, ...], dict[tuple[object, ...], list[int]]] = {}

    def _index(self, cache: dict, names: tuple[str, ...]) -> dict[tuple[object, ...], list[int]]:
        if names not in cache:
            index: dict[tuple[object, ...], list[int]] = {}
            for rid, values in self.values.items():
                index.setdefault(fingerprint(self.spec, values, names), []).append(rid)
            cache[names] = index
        return cache[names]

    def _take(self, ids: list[int] | None) -> int | None:
        for rid in ids or ():
            if rid not in self.claimed:
                self.claimed.add(rid)
                return rid
        return None

    def same(self, values: Mapping[str, object], names: tuple[str, ...]) -> int | None:
        """An unclaimed live record equal to the row in every column the sheet has."""
        if not self.values:
            return None
        return self._take(self._index(self._prints, names).get(fingerprint(self.spec, values, names)))

    def by_key(self, values: Mapping[str, object], present: set[str]) -> int | None:
        """The unclaimed live record with the row's key fields that differs least from it."""
        if not self.values:
            return None
        keys = self.spec.match_fields
        if any(values.get(k) in (None, "") or k not in present for k in keys):
            keys = (self.spec.date_field, self.spec.title_field) if self.spec.common else keys
            if any(values.get(k) in (None, "") or k not in present for k in keys):
                return None
        ids = [i for i in self._index(self._keys, keys).get(fingerprint(self.spec, values, keys), []) if i not in self.claimed]
        if not ids:
            return None
        best = max(ids, key=lambda i: sum(_canon(self.values[i].get(n)) == _canon(values.get(n)) for n in present))
        self.claimed.add(best)
        return best

    def identity(self, uuid: object) -> tuple[str, int | None]:
        """("live", id) / ("deleted", None) / ("unknown", None) for a row's 记录标识."""
        text = str(uuid).strip() if uuid is not None else ""
        if not text:
            return "unknown", None
        rid = self.by_uuid.get(text)
        if rid is not None and rid not in self.claimed:
            self.claimed.add(rid)
            return "live", rid
        if rid is not None:
            return "twice", rid
        if text in self.deleted:
            return "deleted", None
        return "unknown", None

    def changes(self, rid: int, values: Mapping[str, object], names: tuple[str, ...]) -> dict[str, tuple[object, object]]:
        old = self.values[rid]
        return {n: (old.get(n), values.get(n)) for n in names if _canon(old.get(n)) != _canon(values.get(n))}


# --------------------------------------------------------------------------------------------
# References: a name in the database or in the workbook's own roster sheet


class _Names:
    """Names a reference field may use: live records of the kind, plus the workbook's rows."""

    def __init__(self) -> None:
        self._known: dict[str, dict[str, str]] = {}

    def load(self, kind: str) -> dict[str, str]:
        if kind not in self._known:
            from lawdesk.services import records

            self._known[kind] = {normalize.key(name): name for _id, name in records.choices_for_ref(kind)}
        return self._known[kind]

    def add(self, kind: str, name: str) -> None:
        self.load(kind).setdefault(normalize.key(name), name)

    def resolve(self, kind: str, value: object) -> str:
        """The exact name the database will hold for ``value``; ``FieldError`` for an unknown one."""
        text = normalize.clean_text(str(value)) if not isinstance(value, str) else normalize.clean_text(value)
        if isinstance(value, float) and value.is_integer():
            text = normalize.number_text(value)
        name = self.load(kind).get(normalize.key(text))
        if name is None and (text.casefold() in cells.EMPTY_MARKS or text in cells.NONE_WORDS):
            return None  # type: ignore[return-value] - “/” or 无: no community, no lecturer
        if name is None:
            label = spec_for(kind).label
            raise FieldError(f"没有找到{label}“{text}”：请先在程序的“{label}”中添加，或写进本文件的“{label}”表")
        return name


# --------------------------------------------------------------------------------------------


def check(plan: WorkbookPlan, progress: Progress | None = None, *, on_match: str = "update") -> CheckResult:
    """Check every cell of the importable sheets; nothing is written."""
    from lawdesk.services import imports

    if plan.masked:
        raise LawdeskError(MASKED_MESSAGE)
    if on_match not in ON_MATCH:
        raise ValueError(on_match)
    result = CheckResult(plan, on_match=on_match, import_mark=imports.mark())
    names = _Names()
    total = sum(len(s.rows) for s in plan.importable)
    done = 0
    existing: dict[str, _Existing] = {}
    for sheet in _kind_order(plan):
        spec = spec_for(sheet.kind)  # type: ignore[arg-type]
        if spec.kind not in existing:
            existing[spec.kind] = _Existing(spec)
        done = _check_sheet(result, sheet, spec, existing[spec.kind], names, done, total, progress)
    if progress is not None:
        progress(total, total)
    return result


def _check_sheet(result: CheckResult, sheet: SheetPlan, spec: RecordSpec, known: _Existing, names: _Names,
                 done: int, total: int, progress: Progress | None) -> int:
    constants = _constants(result, sheet, spec)
    _sheet_problems(result, sheet)
    columns = {name: i for i, name in enumerate(sheet.mapping) if name and name != IDENTITY}
    id_column = sheet.mapping.index(IDENTITY) if IDENTITY in sheet.mapping else None
    present = tuple(dict.fromkeys([*columns, *constants]))
    fields = [(name, i, spec.field(name), sheet.column_letter(i), sheet.headers[i]) for name, i in columns.items()]
    mapped = sheet.mapped_columns()
    context = cells.Context(sheet.year, sheet.month_day)
    hidden = set() if sheet.include_hidden_rows else sheet.hidden_rows
    creates = result.rows.setdefault(spec.kind, [])
    updates = result.updates.setdefault(spec.kind, [])
    seen_names: set[str] = set()
    for number, row in sheet.rows:
        if number in hidden:
            result.skipped_rows.append(SkippedRow(sheet.name, number, "隐藏的行"))
            continue
        done += 1
        if progress is not None and done % 500 == 0:
            progress(done, total)
        reason = sheet.skip_reason(row, mapped)
        if reason:
            result.skipped_rows.append(SkippedRow(sheet.name, number, reason))
            continue
        values = _row_values(result, sheet, spec, number, row, fields, constants, columns, context, names)
        if values is None:
            continue
        if not spec.common:  # a roster: one record per name
            name_key = normalize.key(str(values.get(spec.title_field) or ""))
            if name_key in seen_names:
                result.skipped_rows.append(SkippedRow(sheet.name, number, "名称与本表前面的行重复"))
                continue
            seen_names.add(name_key)
        identity = row[id_column] if id_column is not None and id_column < len(row) else None
        _decide(result, sheet, spec, known, names, number, values, identity, present, creates, updates)
    return done


def _decide(result: CheckResult, sheet: SheetPlan, spec: RecordSpec, known: _Existing, names: _Names, number: int,
            values: dict[str, object], identity: object, present: tuple[str, ...],
            creates: list[PendingRow], updates: list[UpdateRow]) -> None:
    state, rid = known.identity(identity)
    if state == "deleted":
        result.skipped_rows.append(SkippedRow(sheet.name, number, "这条记录已在回收站中（如需要，请先从回收站恢复）"))
        return
    if state == "twice":
        _problem(result, Problem(sheet.name, number, "", "记录标识", "与前面某一行是同一条记录（记录标识重复），请删去重复的行"))
        return
    by_identity = state == "live"
    if rid is None:
        rid = known.same(values, present)
        if rid is not None:
            result.skipped[spec.kind] += 1
            return
        if result.on_match != "create" or not spec.common:
            rid = known.by_key(values, set(present))
            if rid is not None and result.on_match == "skip" and spec.common:
                result.skipped_rows.append(SkippedRow(sheet.name, number, "与已有记录日期和标题相同（按选择跳过）"))
                return
    if rid is None:
        creates.append(PendingRow(sheet.name, number, values))
        if not spec.common:
            names.add(spec.kind, str(values[spec.title_field]))
        return
    changes = known.changes(rid, values, present)
    if not changes:
        result.skipped[spec.kind] += 1
        return
    title = str(known.values[rid].get(spec.title_field) or "")
    updates.append(UpdateRow(sheet.name, number, rid, title, changes, by_identity,
                             {f.name: f.label for f in spec.all_fields}))


def _row_values(result: CheckResult, sheet: SheetPlan, spec: RecordSpec, number: int, row: tuple[object, ...],
                fields: list[tuple[str, int, FieldSpec, str, str]], constants: dict[str, object],
                columns: Mapping[str, int], context: cells.Context, names: _Names) -> dict[str, object] | None:
    data: dict[str, object] = {}
    refused: dict[str, str] = {}
    for name, i, f, letter, header in fields:
        raw = row[i] if i < len(row) else None
        if raw is None:
            continue
        try:
            reading = cells.understand(f, raw, context)
        except cells.CellError as exc:
            refused[name] = str(exc)
            continue
        data[name] = reading.value
        if reading.note:
            noted = result.notes.setdefault((sheet.name, letter, header, reading.rule or reading.note), [0, reading.note])
            noted[0] += 1
    data.update(constants)
    try:
        values = clean_record(spec, {k: v for k, v in data.items() if k not in refused}, resolve_ref=names.resolve)
    except ValidationError as exc:
        for name, message in {**exc.errors, **refused}.items():
            if name in sheet.constants and name not in constants:
                continue  # the clerk's value for the whole column was refused once for the sheet
            _add(result, sheet, number, name, columns, message)
        return None
    if refused:
        for name, message in refused.items():
            _add(result, sheet, number, name, columns, message)
        return None
    return values


def _constants(result: CheckResult, sheet: SheetPlan, spec: RecordSpec) -> dict[str, object]:
    """The clerk's one value for a missing column, read and checked once for the sheet."""
    out: dict[str, object] = {}
    for name, value in sheet.constants.items():
        f = spec.field(name)
        if f.kind == "ref":  # resolved with the rows (a roster row of this workbook may name it)
            out[name] = value
            continue
        try:
            out[name] = clean_value(f, cells.understand(f, value, cells.Context(sheet.year, sheet.month_day)).value, None)
        except (FieldError, cells.CellError) as exc:
            _problem(result, Problem(sheet.name, None, "", f.label, f"统一填写的值“{value}”不能用：{exc}"))
    return out


def _sheet_problems(result: CheckResult, sheet: SheetPlan) -> None:
    for f in sheet.missing_required():
        _problem(result, Problem(sheet.name, sheet.header_rows[-1] if sheet.header_rows else None, "", f.label,
                                 f"缺少必填列“{f.label}”（请在预览中指定哪一列是“{f.label}”，"
                                 "或为这一列统一填写一个值，或在表头中加上这一列）"))


def _add(result: CheckResult, sheet: SheetPlan, number: int, name: str, columns: Mapping[str, int], message: str) -> None:
    spec = sheet.spec
    assert spec is not None
    if name not in columns:
        f = spec.field(name) if name in {x.name for x in spec.all_fields} else None
        if f is not None and f.required and name not in sheet.constants:
            return  # the whole column is missing: reported once for the sheet
        label = f.label if f is not None else name
        _problem(result, Problem(sheet.name, number, "", label, message))
        return
    index = columns[name]
    _problem(result, Problem(sheet.name, number, sheet.column_letter(index), sheet.headers[index], message))


def _problem(result: CheckResult, problem: Problem) -> None:
    result.problem_count += 1
    if len(result.problems) < MAX_PROBLEMS:
        result.problems.append(problem)


# --------------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    created: dict[str, int]
    check: CheckResult
    message: str
    updated: dict[str, int] = field(default_factory=dict)


def commit(result: CheckResult, progress: Progress | None = None, *, user: str | None = None) -> ImportResult:
    """Write the checked rows in one transaction; raise ``LawdeskError`` if anything is wrong."""
    from lawdesk.models import database
    from lawdesk.services import events, imports, records

    if not result.ok:
        raise LawdeskError(result.summary() + "\n" + "\n".join(str(p) for p in result.problems[:20]))
    total = result.to_create + result.to_update
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(done, total)

    created: dict[str, int] = {}
    updated: dict[str, int] = {}
    try:
        with database.atomic():
            imports.hold(checked_at=result.import_mark)
            for kind in dict.fromkeys([*result.rows, *result.updates]):
                rows = result.rows.get(kind, [])
                if rows:
                    ids = records.import_many(kind, [r.values for r in rows], user=user, on_progress=step, cleaned=True)
                    created[kind] = len(ids)
                for change in result.updates.get(kind, []):
                    records.update(kind, change.record_id, change.data, user=user)
                    updated[kind] = updated.get(kind, 0) + 1
                    step(1)
    except (ValidationError, NotFoundError) as exc:  # the database changed since the check (another window)
        raise LawdeskError(f"导入时数据已发生变化，没有导入任何记录，请重新检查后再导入。\n{exc.message}") from exc
    if created or updated:
        events.notify("database", action="导入")
    _remember(result.plan)
    return ImportResult(created, result, _message(result, created, updated), updated)


def _remember(plan: WorkbookPlan) -> None:
    """Remember each imported sheet's mapping for next year's workbook (never fails the import)."""
    from lawdesk.excel import mappings

    try:
        mappings.remember(plan)
    except Exception:  # noqa: BLE001 - a mapping not remembered costs the clerk a click next year
        import logging

        logging.getLogger(__name__).exception("could not remember the Excel mapping")


def _message(result: CheckResult, created: dict[str, int], updated: dict[str, int]) -> str:
    parts = "，".join(f"{spec_for(k).label} {n} 条" for k, n in created.items())
    lines = [f"已导入 {sum(created.values())} 条记录" + (f"：{parts}。" if parts else "。")]
    if updated:
        detail = "，".join(f"{spec_for(k).label} {n} 条" for k, n in updated.items())
        lines.append(f"已更新 {sum(updated.values())} 条已有记录（{detail}）。")
    lines.extend(result.skip_lines())
    return "\n".join(lines)

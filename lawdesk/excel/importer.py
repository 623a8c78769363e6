"""Importing a 台账 workbook: check every cell first, then write everything or nothing.

``check(plan)`` reads every row of every importable sheet with the services' own validation
(``clean_record``: the same tolerant reading as the forms) and lists every problem as sheet,
row, column and a Chinese message. References (所属社区, 宣讲员) may name records already in
the database or rows of the workbook's own 社区 / 宣讲员 sheets. Rows that equal a live record
(every column the same) are skipped, so importing the same file twice creates no duplicates;
the rosters skip a row whose name already exists.

``commit(result)`` writes the rows through ``services.records.import_many`` in ONE transaction
(one audit entry per record), rosters first, and announces ``events.notify("database")``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from lawdesk import normalize
from lawdesk.errors import LawdeskError, ValidationError
from lawdesk.excel.reader import SheetPlan, WorkbookPlan
from lawdesk.schema import RecordSpec, spec_for
from lawdesk.services.validation import FieldError, clean_record

Progress = Callable[[int, int], None]
#: Problems listed at most (the count says how many there were).
MAX_PROBLEMS = 1000


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
class CheckResult:
    plan: WorkbookPlan
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    rows: dict[str, list[PendingRow]] = field(default_factory=dict)  # kind → rows to create
    skipped: Counter[str] = field(default_factory=Counter)  # kind → rows equal to existing records
    skipped_names: Counter[str] = field(default_factory=Counter)  # kind → roster rows whose name exists
    import_mark: int | None = None  # the newest import when checked (services.imports.mark)

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    @property
    def to_create(self) -> int:
        return sum(len(v) for v in self.rows.values())

    def summary(self) -> str:
        """A Chinese account of what the import would do (or why it cannot)."""
        if not self.ok:
            shown = len(self.problems)
            more = f"（只列出前 {shown} 个）" if shown < self.problem_count else ""
            return f"发现 {self.problem_count} 个问题{more}，请改正后再导入；没有导入任何记录。"
        parts = [f"{spec_for(k).label} {len(v)} 条" for k, v in self.rows.items() if v]
        lines = [f"可以导入 {self.to_create} 条记录" + (f"：{'，'.join(parts)}。" if parts else "。")]
        lines.extend(self.skip_lines())
        return "\n".join(lines)

    def skip_lines(self) -> list[str]:
        lines = []
        same = sum(self.skipped.values())
        if same:
            detail = "，".join(f"{spec_for(k).label} {n} 条" for k, n in self.skipped.items())
            lines.append(f"跳过 {same} 条与已有记录完全相同的记录（{detail}），不会重复导入。")
        names = sum(self.skipped_names.values())
        if names:
            detail = "，".join(f"{spec_for(k).label} {n} 条" for k, n in self.skipped_names.items())
            lines.append(f"跳过 {names} 条名称已存在的名册记录（{detail}），已有记录保持不变。")
        return lines


def _kind_order(plan: WorkbookPlan) -> list[SheetPlan]:
    """Rosters (社区, 宣讲员) first: other sheets refer to them."""
    return sorted(plan.importable, key=lambda s: spec_for(s.kind).common)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# Fingerprints: a row equal to a live record in every field is a duplicate


def _canon(value: object) -> object:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return str(Decimal(str(value)).normalize())
    return normalize.key(str(value))


def fingerprint(spec: RecordSpec, values: Mapping[str, object]) -> tuple[object, ...]:
    """The comparable content of a record (references by name)."""
    return tuple(_canon(values.get(f.name)) for f in spec.all_fields)


def _existing(spec: RecordSpec) -> tuple[Counter[tuple[object, ...]], set[str]]:
    """Fingerprints (with multiplicity) and name keys of the live records of ``spec``."""
    from lawdesk.models import model_for
    from lawdesk.services import records

    model = model_for(spec.kind)
    rows = records.display_rows(spec.kind, model.select().where(model.deleted_at.is_null()), 10_000_000)
    prints: Counter[tuple[object, ...]] = Counter()
    names: set[str] = set()
    for row in rows:
        values = {f.name: row.get(f"{f.name}_name") if f.kind == "ref" else row.get(f.name) for f in spec.all_fields}
        prints[fingerprint(spec, values)] += 1
        names.add(normalize.key(str(row.get(spec.title_field) or "")))
    return prints, names


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
            text = str(int(value))
        name = self.load(kind).get(normalize.key(text))
        if name is None:
            label = spec_for(kind).label
            raise FieldError(f"没有找到{label}“{text}”：请先在程序的“{label}”中添加，或写进本文件的“{label}”表")
        return name


# --------------------------------------------------------------------------------------------


def check(plan: WorkbookPlan, progress: Progress | None = None) -> CheckResult:
    """Check every cell of the importable sheets; nothing is written."""
    from lawdesk.services import imports

    result = CheckResult(plan, import_mark=imports.mark())
    names = _Names()
    total = plan.row_count
    done = 0
    for sheet in _kind_order(plan):
        spec = spec_for(sheet.kind)  # type: ignore[arg-type]
        _sheet_problems(result, sheet)
        prints, existing_names = _existing(spec)
        seen_names: set[str] = set()
        pending = result.rows.setdefault(spec.kind, [])
        columns = {name: i for i, name in enumerate(sheet.mapping) if name}
        for number, cells in sheet.rows:
            data = {name: cells[i] if i < len(cells) else None for name, i in columns.items()}
            try:
                values = clean_record(spec, data, resolve_ref=names.resolve)
            except ValidationError as exc:
                for name, message in exc.errors.items():
                    _add(result, sheet, number, name, columns, message)
                continue
            finally:
                done += 1
                if progress is not None and done % 500 == 0:
                    progress(done, total)
            if not spec.common:  # a roster: one record per name
                name_key = normalize.key(str(values.get(spec.title_field) or ""))
                if name_key in existing_names or name_key in seen_names:
                    result.skipped_names[spec.kind] += 1
                    continue
                seen_names.add(name_key)
                names.add(spec.kind, str(values[spec.title_field]))
            else:
                mark = fingerprint(spec, values)
                if prints[mark] > 0:
                    prints[mark] -= 1
                    result.skipped[spec.kind] += 1
                    continue
            pending.append(PendingRow(sheet.name, number, values))
    if progress is not None:
        progress(total, total)
    return result


def _sheet_problems(result: CheckResult, sheet: SheetPlan) -> None:
    for f in sheet.missing_required():
        _problem(result, Problem(sheet.name, sheet.header_rows[-1] if sheet.header_rows else None, "", f.label,
                                 f"缺少必填列“{f.label}”（请在预览中指定哪一列是“{f.label}”，或在表头中加上这一列）"))


def _add(result: CheckResult, sheet: SheetPlan, number: int, name: str, columns: Mapping[str, int], message: str) -> None:
    spec = sheet.spec
    assert spec is not None
    if name not in columns:
        f = spec.field(name) if name in {x.name for x in spec.all_fields} else None
        if f is not None and f.required:
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


def commit(result: CheckResult, progress: Progress | None = None, *, user: str | None = None) -> ImportResult:
    """Write the checked rows in one transaction; raise ``LawdeskError`` if anything is wrong."""
    from lawdesk.models import database
    from lawdesk.services import events, imports, records

    if not result.ok:
        raise LawdeskError(result.summary() + "\n" + "\n".join(str(p) for p in result.problems[:20]))
    total = result.to_create
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(done, total)

    created: dict[str, int] = {}
    try:
        with database.atomic():
            imports.hold(checked_at=result.import_mark)
            for kind, rows in result.rows.items():
                if rows:
                    ids = records.import_many(kind, [r.values for r in rows], user=user, on_progress=step)
                    created[kind] = len(ids)
    except ValidationError as exc:  # the database changed since the check (another window)
        raise LawdeskError(f"导入时数据已发生变化，没有导入任何记录，请重新检查后再导入。\n{exc.message}") from exc
    if created:
        events.notify("database", action="导入")
    parts = "，".join(f"{spec_for(k).label} {n} 条" for k, n in created.items())
    lines = [f"已导入 {sum(created.values())} 条记录" + (f"：{parts}。" if parts else "。")]
    lines.extend(result.skip_lines())
    return ImportResult(created, result, "\n".join(lines))


def import_file(path, progress: Progress | None = None) -> ImportResult:  # noqa: ANN001
    """Read, check and import a workbook as it is (the command line; the GUI previews first)."""
    from lawdesk.excel.reader import read_workbook

    plan = read_workbook(path)
    result = check(plan, progress)
    return commit(result, progress)

"""Core benchmark: one year's figures and one list page in a database of 100,000 records.

Fills a temporary database with 100,000 records spread over 10 years (2014–2023). Values are
generated from the record descriptions in ``lawdesk.schema`` (choices from the vocabularies,
free text with suggestions mostly one of them — a 学习形式 or 调解组织 is, in a real ledger —,
dates inside the year, numbers inside their limits, references to real communities and
lecturers) and adjusted so that every cross-field rule holds; every row is checked with
``validation.clean_record`` before it is bulk-inserted (``insert_many`` in one transaction).

Then it prints the median time over several runs of

- ``stats.compute_year(2022)`` (target ≤ 0.05 s, #20), and
- ``records.list_records`` of disputes with a search word, the year 2022, one community,
  sorted by date, newest first, page 3 (target ≤ 0.05 s),

each as wall-clock time and as CPU time of this process (the machine the project measures on is
shared: other programs stretch the wall clock far more than the CPU time; SQLite runs inside the
process, so its work is in the CPU time), the query plans of the list query, and the size of the
database file.

Run:  .venv/bin/python benchmarks/core_bench.py [--records 100000] [--runs 7] [--keep PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lawdesk import db as dbmod  # noqa: E402
from lawdesk.models import RECORD_MODELS, database, new_uuid  # noqa: E402
from lawdesk.schema import (  # noqa: E402
    DISPUTE_OPEN_STATUSES,
    DISPUTE_STATUSES,
    FEEDBACK_CHOICES,
    SPECS_BY_KIND,
    FieldSpec,
    RecordSpec,
)
from lawdesk.services import (  # noqa: E402
    records,
    stats,
    units,  # noqa: E402
)
from lawdesk.services.period import Period  # noqa: E402
from lawdesk.services.records import ListQuery  # noqa: E402
from lawdesk.services.validation import clean_record  # noqa: E402

YEARS = tuple(range(2014, 2024))
COMMUNITIES = 6  # a street office has a handful of communities (the demo has 6)
LECTURERS = 60
#: Share of the work records per record type (disputes and hotline cases dominate, as in real ledgers).
WEIGHTS = {
    "dispute": 34,
    "hotline": 26,
    "patrol": 10,
    "study": 6,
    "lecture": 6,
    "meeting": 5,
    "supervision": 4,
    "review": 4,
    "adviser": 4,
    "honor": 1,
}
WORDS = (
    "民法典", "邻里", "物业", "漏水", "噪音", "宅基地", "欠薪", "合同", "土地", "婚姻", "赡养", "停车",
    "装修", "租赁", "宪法", "安全生产", "消防", "禁毒", "反诈", "调解", "路灯", "垃圾", "绿化", "供水",
)  # fmt: skip
#: Dispute summaries name the matter in two of these words ("物业漏水纠纷").
DISPUTE_WORDS = ("邻里", "物业", "漏水", "噪音", "宅基地", "欠薪", "赡养", "停车")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华兰玉萍红梅建国志文斌海燕鹏飞俊峰永亮凤琴云春雪"

OFFICE_NAME = "基准街道"
SEARCH_WORD = "物业"
LIST_KIND = "dispute"
LIST_YEAR = 2022
LIST_PAGE = 3
FIGURES_TARGET = 0.05
LIST_TARGET = 0.05


class Generator:
    """Valid raw values for any record description."""

    def __init__(self, seed: int = 20230109) -> None:
        self.rng = random.Random(seed)
        self.community_ids: list[int] = []
        self.lecturer_ids: list[int] = []

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.choices(GIVEN, k=self.rng.randint(1, 2)))

    def text(self, f: FieldSpec, spec: RecordSpec | None = None) -> str:
        if spec is not None and spec.kind == "dispute" and f.name == "summary":
            return "".join(self.rng.sample(DISPUTE_WORDS, 2)) + "纠纷"
        words = self.rng.sample(WORDS, self.rng.randint(2, 4))
        return "".join(words + [self.rng.choice(("纠纷", "问题", "工作", "事项", "宣传"))])[: f.max_length]

    def day(self, year: int) -> dt.date:
        return dt.date(year, 1, 1) + dt.timedelta(days=self.rng.randrange(365))

    def value(self, spec: RecordSpec, f: FieldSpec, year: int) -> object:
        rng = self.rng
        if not f.required and f.kind not in ("bool", "date") and rng.random() < 0.15:
            return None
        if f.kind == "date":
            return self.day(year) if f.name == spec.date_field or f.required else None
        if f.kind == "choice":
            return rng.choice(f.choices)
        if f.kind == "int":
            return rng.randint(int(f.min_value or 0), int(min(f.max_value or 100, 60)))
        if f.kind == "decimal":
            return Decimal(rng.randint(1, 16)) / 4
        if f.kind == "bool":
            return rng.random() < 0.3
        if f.kind == "tags":
            pool = f.suggestions or WORDS
            return "、".join(rng.sample(pool, rng.randint(1, 3)))
        if f.kind == "ref":
            ids = self.community_ids if f.ref == "community" else self.lecturer_ids
            return rng.choice(ids) if ids else None
        if f.kind == "longtext":
            return self.text(f) if rng.random() < 0.2 else None
        if f.name in ("leader", "chair", "speaker", "mediator", "handler", "adviser", "reviewer", "holder"):
            return self.name()
        if f.name == "ticket_no":
            return f"{year}{rng.randrange(10**8):08d}"
        if f.text_format == "phone":
            return f"139{rng.randrange(10**8):08d}"
        if f.suggestions and rng.random() < 0.9:  # free text with suggestions: mostly a suggested value
            return rng.choice(f.suggestions)
        return self.text(f, spec)

    def record(self, kind: str, year: int) -> dict[str, object]:
        spec = SPECS_BY_KIND[kind]
        data = {f.name: self.value(spec, f, year) for f in spec.all_fields}
        self._fix_cross_rules(kind, data)
        return data

    def _fix_cross_rules(self, kind: str, data: dict[str, object]) -> None:
        rng = self.rng
        if kind == "dispute":
            received: dt.date = data["received_date"]  # type: ignore[assignment]
            data["status"] = rng.choices(DISPUTE_STATUSES, weights=(3, 5, 85, 5, 2))[0]
            if data["status"] in DISPUTE_OPEN_STATUSES:
                data["closed_date"] = None
            else:
                data["closed_date"] = received + dt.timedelta(days=rng.randint(0, 40))
        elif kind == "hotline":
            received = data["received_date"]  # type: ignore[assignment]
            data["due_date"] = received + dt.timedelta(days=rng.choice((5, 7, 10, 15)))
            if rng.random() < 0.95:
                late = rng.random() < 0.04
                due_days = (data["due_date"] - received).days  # type: ignore[operator]
                data["closed_date"] = received + dt.timedelta(days=rng.randint(due_days + 1, due_days + 10)
                                                              if late else rng.randint(0, due_days))  # fmt: skip
                data["feedback"] = rng.choice(FEEDBACK_CHOICES)
            else:
                data["closed_date"] = None
                data["feedback"] = None
        elif kind == "supervision":
            found = data["problems_found"] or 0
            data["problems_found"] = found
            data["problems_solved"] = rng.randint(0, found)  # type: ignore[arg-type]
        elif kind == "review":
            received = data["received_date"]  # type: ignore[assignment]
            data["completed_date"] = received + dt.timedelta(days=rng.randint(0, 20))
        elif kind == "lecturer":
            appointed = data["appointed_on"]  # type: ignore[assignment]
            data["left_on"] = appointed + dt.timedelta(days=rng.randint(200, 2000)) if rng.random() < 0.3 else None


def _resolver(gen: Generator) -> Callable[[str, object], int]:
    known = {"community": set(), "lecturer": set()}

    def resolve(kind: str, value: object) -> int:
        if not known[kind]:
            known[kind].update(gen.community_ids if kind == "community" else gen.lecturer_ids)
        if value not in known[kind]:
            raise ValueError(f"unknown {kind} {value}")
        return value  # type: ignore[return-value]

    return resolve


def _columns(spec: RecordSpec, values: dict[str, object]) -> dict[str, object]:
    return {(f"{k}_id" if spec.field(k).kind == "ref" else k): v for k, v in values.items()}


def bulk_insert(model, rows: list[dict[str, object]]) -> None:
    """``insert_many`` for many rows at C speed: peewee compiles the statement once (from the first
    row), sqlite3 ``executemany`` binds the rest (values converted by each field's ``db_value``).

    Compiling ``insert_many(rows)`` for every row costs ~0.35 ms per row in peewee's SQL builder,
    which would make filling 100,000 records take most of a minute.
    """
    if "uuid" in model._meta.fields:  # every record has its own uuid and the database's unit
        unit_id = units.current_unit_id()
        rows = [dict(row, uuid=new_uuid(), office=unit_id) for row in rows]
    sql, _params = model.insert_many(rows[:1]).sql()
    by_field = {model._meta.combined[name]: name for name in rows[0]}
    fields = [f for f in model._meta.sorted_fields if f in by_field]  # the statement's column order
    names = [by_field[f] for f in fields]
    assert sql.count("?") == len(fields), sql
    database.obj.cursor().executemany(
        sql, ([f.db_value(row[n]) for f, n in zip(fields, names, strict=True)] for row in rows)
    )


def fill(total: int, gen: Generator, validate_every: int = 10) -> dict[str, int]:
    """Insert ``total`` records (communities and lecturers included); return the count per kind.

    Every ``validate_every``-th generated row goes through ``clean_record`` (all of them with 1);
    a row that fails stops the benchmark, so the generator cannot drift into invalid data.
    """
    counts: dict[str, int] = {}
    now = dt.datetime.now().replace(microsecond=0)
    if units.current_unit_id() is None:  # a new database names its office first, as its clerk does
        units.create_unit(OFFICE_NAME, "街道")
    with database.atomic():
        for kind, n in (("community", COMMUNITIES), ("lecturer", LECTURERS)):
            spec = SPECS_BY_KIND[kind]
            rows = []
            for i in range(n):
                data = gen.record(kind, gen.rng.choice(YEARS))
                if kind == "community":
                    data["name"] = f"{gen.rng.choice(WORDS)}{i + 1}社区"
                    data["established_on"] = dt.date(2010, 1, 1) + dt.timedelta(days=30 * i)
                else:
                    data["name"] = gen.name()
                rows.append(clean_record(spec, data))
            model = RECORD_MODELS[kind]
            bulk_insert(model, [dict(_columns(spec, r), created_at=now, updated_at=now) for r in rows])
            ids = [r[0] for r in model.select(model.id).order_by(model.id).tuples()]
            if kind == "community":
                gen.community_ids = ids
            else:
                gen.lecturer_ids = ids
            counts[kind] = n
        resolve = _resolver(gen)
        remaining = total - COMMUNITIES - LECTURERS
        weight_sum = sum(WEIGHTS.values())
        kinds = list(WEIGHTS)
        for index, kind in enumerate(kinds):
            n = remaining * WEIGHTS[kind] // weight_sum
            if index == len(kinds) - 1:
                n = remaining - sum(counts.get(k, 0) for k in kinds[:-1])
            spec = SPECS_BY_KIND[kind]
            model = RECORD_MODELS[kind]
            batch: list[dict[str, object]] = []
            for i in range(n):
                values = gen.record(kind, YEARS[i % len(YEARS)])
                if i % validate_every == 0:
                    values = clean_record(spec, values, resolve_ref=resolve)
                row = _columns(spec, values)
                row["created_at"] = row["updated_at"] = now
                row["deleted_at"] = now if gen.rng.random() < 0.02 else None  # a few in the 回收站
                batch.append(row)
                if len(batch) >= 5000:
                    bulk_insert(model, batch)
                    batch.clear()
            if batch:
                bulk_insert(model, batch)
            counts[kind] = n
    database.obj.execute_sql("ANALYZE")
    database.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return counts


def median_time(func: Callable[[], object], runs: int) -> tuple[float, list[float]]:
    func()  # warm the page cache once, as a clerk's second click would
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def cpu_median(func: Callable[[], object], runs: int) -> float:
    """Median CPU time (user + system) of ``func`` in this process."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        func()
        times.append(time.process_time() - start)
    return statistics.median(times)


def list_query(community_id: int) -> ListQuery:
    return ListQuery(
        search=SEARCH_WORD,
        period=Period.year(LIST_YEAR),
        community_id=community_id,
        sort="received_date",
        descending=True,
        page=LIST_PAGE,
        page_size=50,
    )


def explain(q: ListQuery) -> list[str]:
    model = RECORD_MODELS[LIST_KIND]
    base = records.filtered_query(LIST_KIND, q)
    lines = []
    for label, query in (
        ("count", base.select(model.id)),
        ("page", base.order_by(model.received_date.desc(), model.id.desc()).paginate(q.page, q.page_size)),
    ):
        sql, params = query.sql()
        plan = database.obj.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()
        lines.append(f"  {label}: " + " | ".join(str(r[-1]) for r in plan))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="keep the filled database at this path")
    parser.add_argument("--validate-every", type=int, default=10, help="validate every n-th row (1: all)")
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="lawdesk-bench-"))
    path = folder / "bench.db"
    try:
        dbmod.open_database(path, create=True)
        gen = Generator()
        start = time.perf_counter()
        counts = fill(args.records, gen, max(1, args.validate_every))
        fill_time = time.perf_counter() - start
        total = sum(counts.values())

        figures_median, figures_times = median_time(lambda: stats.compute_year(LIST_YEAR), args.runs)
        figures_cpu = cpu_median(lambda: stats.compute_year(LIST_YEAR), args.runs)
        figures = stats.compute_year(LIST_YEAR)

        community_id = gen.community_ids[2]
        q = list_query(community_id)
        list_median, list_times = median_time(lambda: records.list_records(LIST_KIND, q), args.runs)
        list_cpu = cpu_median(lambda: records.list_records(LIST_KIND, q), args.runs)
        page = records.list_records(LIST_KIND, q)

        size = path.stat().st_size + sum(
            p.stat().st_size for p in (Path(f"{path}-wal"),) if p.exists()
        )

        print("lawdesk core benchmark")
        print(f"  records:                 {total:,} over {YEARS[0]}–{YEARS[-1]} "
              f"({', '.join(f'{k} {v:,}' for k, v in counts.items())})")  # fmt: skip
        print(f"  fill time:               {fill_time:.1f} s (every {max(1, args.validate_every)}. row validated, "
              "insert_many, one transaction)")  # fmt: skip
        print(f"  database size:           {size / 1024 / 1024:.1f} MB")
        print(f"  runs per measurement:    {args.runs}")
        ok = "OK" if figures_median <= FIGURES_TARGET else "MISSED"
        print(f"  figures {LIST_YEAR} (compute_year), median: {figures_median:.4f} s  "
              f"(target ≤ {FIGURES_TARGET} s: {ok}; min {min(figures_times):.4f}, max {max(figures_times):.4f})")  # fmt: skip
        print(f"    the same, CPU time of this process, median: {figures_cpu:.4f} s")
        ok = "OK" if list_median <= LIST_TARGET else "MISSED"
        print(f"  list page (dispute, search “{SEARCH_WORD}”, {LIST_YEAR}, community {community_id}, "
              f"date desc, page {LIST_PAGE}), median: {list_median:.4f} s  "
              f"(target ≤ {LIST_TARGET} s: {ok}; min {min(list_times):.4f}, max {max(list_times):.4f})")  # fmt: skip
        print(f"    the same, CPU time of this process, median: {list_cpu:.4f} s")
        print(f"  list result:             {page.total} matching, {page.pages} pages, {len(page.rows)} rows on page {LIST_PAGE}")
        print(f"  sample figures {LIST_YEAR}:     disputes_received {figures['disputes_received']}, "
              f"disputes_resolved {figures['disputes_resolved']}, hotline_closed {figures['hotline_closed']}, "
              f"on_time_rate {figures['on_time_rate']}")  # fmt: skip
        print("  list query plans:")
        for line in explain(q):
            print(line)
        dbmod.close_database()
        if args.keep:
            shutil.copy(path, args.keep)
    finally:
        dbmod.close_database()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

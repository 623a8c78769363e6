"""County benchmark: 20 offices × 10 years, 2,000,000 records on one PostgreSQL server database.

Fills a new database on the PostgreSQL server named by ``--pg`` (or ``LAWDESK_TEST_PG``: a
superuser URL) with ``--offices`` offices (each added with ``lawdesk.server.add_office``: a unit
and a login role) and ``--records`` records in all, spread evenly over the offices and the
years 2014–2023. Rows come from the generator of ``benchmarks/core_bench.py`` (valid values for
every record type; every ``--validate-every``-th row checked with ``clean_record``) and go in
with ``COPY``. Generating 2,000,000 rows in Python would take ~10 minutes here, so only the first
office's work records are generated; every other office gets its own communities and lecturers
(generated, with its own seed) and a server-side copy (``INSERT … SELECT``) of the first office's
work records with new uuids, its own community and lecturer ids and its own 回收站 marks (2 %,
drawn from the row id and the unit, so the offices' figures differ). Rows go in year by year for
all offices (each type in date order), so they lie on disk as in real use, where a year's rows
are entered during that year; generating the years interleaved would scatter every year's rows
over the whole table and make each year's queries read every page. The same rows go into an
SQLite county database for comparison (``--no-sqlite`` to skip it).

Then it prints the median time over ``--runs`` runs of

- every office's figures for one year: ``stats.compute_by_unit`` (grouped queries; target
  ≤ 0.5 s), ``county.rollup`` (what 全县汇总 shows: those figures, who reported, the leftovers)
  and 20 × ``stats.compute(period, unit)``, as the administrator and as the county role
  (row-level security on), and one office's ``stats.compute`` as that office's role;
- importing one office-year package (``lawdesk.services.packages``, when it is there: exported
  from the server, the office-year deleted, imported again) — target ≤ 5 s;
- the same roll-up on SQLite;

and the slowest queries of ``stats.compute(period, unit)`` with their ``EXPLAIN ANALYZE`` plans
(do they use the ``(unit_id, deleted_at, date)`` indexes?). The database and the roles it made
are dropped at the end unless ``--keep``.

Run:  .venv/bin/python benchmarks/county_bench.py [--records 2000000] [--offices 20] [--runs 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from core_bench import COMMUNITIES, LECTURERS, WEIGHTS, WORDS, YEARS, Generator, _columns, _resolver  # noqa: E402

from lawdesk import db as dbmod  # noqa: E402
from lawdesk import server  # noqa: E402
from lawdesk.models import RECORD_MODELS, Unit, database  # noqa: E402
from lawdesk.schema import SPECS_BY_KIND  # noqa: E402
from lawdesk.services import audit, stats, units  # noqa: E402
from lawdesk.services.period import Period  # noqa: E402
from lawdesk.services.validation import clean_record  # noqa: E402

YEAR = 2022
ROLLUP_TARGET = 0.5
IMPORT_TARGET = 5.0
OFFICE_NAMES = (
    "石门", "金兰山", "龙潭", "凤凰", "青山", "白塔", "长安", "东城", "西城", "南湖",
    "北关", "新华", "红旗", "太平", "永安", "兴隆", "和平", "光明", "胜利", "团结",
)  # fmt: skip


def admin_url(base: str, dbname: str) -> str:
    from urllib.parse import urlencode

    from psycopg.conninfo import conninfo_to_dict

    params = {k: v for k, v in conninfo_to_dict(base).items() if k != "dbname"}
    return f"postgresql:///{dbname}?{urlencode(params)}"


def as_role(url: str, role: str) -> str:
    from urllib.parse import urlencode

    from psycopg.conninfo import conninfo_to_dict

    params = dict(conninfo_to_dict(url))
    dbname = params.pop("dbname")
    params.pop("password", None)
    params["user"] = role
    return f"postgresql:///{dbname}?{urlencode(params)}"


def median_time(func: Callable[[], object], runs: int) -> tuple[float, list[float]]:
    func()  # warm the caches once
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


# --------------------------------------------------------------------------------------------
# Filling


class Writer:
    """COPY into PostgreSQL and executemany into SQLite, the same rows."""

    def __init__(self, pg, lite: sqlite3.Connection | None) -> None:
        self.pg = pg  # the psycopg connection under peewee
        self.lite = lite

    def write(self, model, rows: list[dict[str, object]]) -> None:
        if not rows:
            return
        names = list(rows[0])
        fields = [model._meta.fields.get(n) or model._meta.columns[n] for n in names]  # noqa: SLF001
        columns = [f.column_name for f in fields]
        table = model._meta.table_name  # noqa: SLF001
        data = [[f.db_value(row[n]) for f, n in zip(fields, names, strict=True)] for row in rows]
        quoted = ", ".join(f'"{c}"' for c in columns)
        with self.pg.cursor() as cur, cur.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
            for values in data:
                copy.write_row(values)
        if self.lite is not None:
            marks = ", ".join("?" for _ in columns)
            lite_rows = ([v.isoformat(" ") if isinstance(v, dt.datetime) else
                          v.isoformat() if isinstance(v, dt.date) else
                          str(v) if v is not None and type(v).__name__ == "Decimal" else v for v in values]
                         for values in data)  # fmt: skip
            self.lite.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', lite_rows)


def _next_ids(writer: Writer, model, n: int) -> list[int]:
    """``n`` ids from the PostgreSQL sequence (contiguous: nobody else writes meanwhile); both
    databases get the rows with these ids."""
    seq = f"{model._meta.table_name}_id_seq"  # noqa: SLF001
    rows = writer.pg.execute("SELECT nextval(%s) FROM generate_series(1, %s)", (seq, n)).fetchall()
    return [r[0] for r in rows]


def fill_roster(writer: Writer, gen: Generator, unit_id: int, now: dt.datetime) -> dict[str, int]:
    """An office's own communities and lecturers; their ids are kept in ``gen``."""
    counts = {}
    for kind, n in (("community", COMMUNITIES), ("lecturer", LECTURERS)):
        spec = SPECS_BY_KIND[kind]
        model = RECORD_MODELS[kind]
        ids = _next_ids(writer, model, n)
        rows = []
        for i, rid in enumerate(ids):
            data = gen.record(kind, gen.rng.choice(YEARS))
            if kind == "community":
                data["name"] = f"{gen.rng.choice(WORDS)}{i + 1}社区"
                data["established_on"] = dt.date(2010, 1, 1) + dt.timedelta(days=30 * i)
            else:
                data["name"] = gen.name()
            row = _columns(spec, clean_record(spec, data))
            rows.append(dict(row, id=rid, uuid=str(uuid.uuid4()), office=unit_id, created_at=now, updated_at=now))
        writer.write(model, rows)
        if kind == "community":
            gen.community_ids = ids
        else:
            gen.lecturer_ids = ids
        counts[kind] = n
    return counts


def generate_records(gen: Generator, total: int, validate_every: int) -> dict[str, list[dict[str, object]]]:
    """``total`` generated work records of one office (every type, 2014–2023), without ids."""
    out: dict[str, list[dict[str, object]]] = {}
    resolve = _resolver(gen)
    weight_sum = sum(WEIGHTS.values())
    kinds = list(WEIGHTS)
    made = 0
    for index, kind in enumerate(kinds):
        n = total * WEIGHTS[kind] // weight_sum
        if index == len(kinds) - 1:
            n = total - made
        made += n
        spec = SPECS_BY_KIND[kind]
        rows = []
        for i in range(n):
            values = gen.record(kind, YEARS[i % len(YEARS)])
            if i % validate_every == 0:
                values = clean_record(spec, values, resolve_ref=resolve)
            rows.append(_columns(spec, values))
        rows.sort(key=lambda r, f=spec.date_field: r[f])  # entered day by day, as in real use
        out[kind] = rows
    return out


def write_year(writer: Writer, rows_by_kind: dict[str, list[dict[str, object]]], year: int, unit_id: int,
               now: dt.datetime) -> None:  # fmt: skip
    """The first office's generated records of ``year``, with ids from the sequences."""
    for kind, rows in rows_by_kind.items():
        model = RECORD_MODELS[kind]
        date_field = SPECS_BY_KIND[kind].date_field
        chunk = [r for r in rows if r[date_field].year == year]
        ids = _next_ids(writer, model, len(chunk)) if chunk else []
        batch = []
        for rid, row in zip(ids, chunk, strict=True):
            row = dict(row, id=rid, uuid=str(uuid.uuid4()), office=unit_id, created_at=now, updated_at=now)
            row["deleted_at"] = now if (rid * 31 + unit_id) % 50 == 0 else None  # 2 % in the 回收站
            batch.append(row)
        writer.write(model, batch)


PG_UUID = "gen_random_uuid()::text"
SQLITE_UUID = ("lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) "
               "|| '-' || hex(randomblob(2)) || '-' || hex(randomblob(6)))")  # fmt: skip


def replicate(writer: Writer, source: tuple[int, Generator], target: tuple[int, Generator], now: dt.datetime,
              year: int) -> None:  # fmt: skip
    """The work records of the ``source`` office copied for the ``target`` office, on the
    server (``INSERT … SELECT``; the same statement on SQLite): new uuids, the target's own
    communities and lecturers, and the 回收站 mark drawn again from the new unit."""
    (src_unit, src_gen), (dst_unit, dst_gen) = source, target
    offsets = {
        "community": dst_gen.community_ids[0] - src_gen.community_ids[0],
        "lecturer": dst_gen.lecturer_ids[0] - src_gen.lecturer_ids[0],
    }
    for kind in WEIGHTS:
        model = RECORD_MODELS[kind]
        spec = SPECS_BY_KIND[kind]
        refs = {f"{f.name}_id": f.ref for f in spec.all_fields if f.kind == "ref"}
        columns = [f.column_name for f in model._meta.sorted_fields  # noqa: SLF001
                   if f.column_name not in ("id", "uuid", "unit_id", "deleted_at")]  # fmt: skip
        exprs = [f'"{c}" + {offsets[refs[c]]}' if c in refs else f'"{c}"' for c in columns]
        names = ", ".join(f'"{c}"' for c in columns)
        table = model._meta.table_name  # noqa: SLF001
        date = spec.date_field
        for engine, uuid_sql, run in (("pg", PG_UUID, writer.pg.execute),
                                      ("sqlite", SQLITE_UUID, writer.lite.execute if writer.lite else None)):  # fmt: skip
            if run is None:
                continue
            stamp = f"'{now.isoformat(' ')}'" if engine == "sqlite" else f"'{now.isoformat(' ')}'::timestamp"
            run(f'INSERT INTO "{table}" ({names}, "uuid", "unit_id", "deleted_at") '
                f"SELECT {', '.join(exprs)}, {uuid_sql}, {dst_unit}, "
                f"CASE WHEN (id * 31 + {dst_unit}) % 50 = 0 THEN {stamp} ELSE NULL END "
                f'FROM "{table}" WHERE "unit_id" = {src_unit} AND "{date}" BETWEEN \'{year}-01-01\' AND \'{year}-12-31\' '
                "ORDER BY id")  # fmt: skip


def sqlite_sequences(lite: sqlite3.Connection) -> None:
    """Explicit ids do not move SQLite's AUTOINCREMENT counters by themselves in every case."""
    for model in RECORD_MODELS.values():
        table = model._meta.table_name  # noqa: SLF001
        top = lite.execute(f'SELECT MAX(id) FROM "{table}"').fetchone()[0] or 0
        lite.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = ? AND seq < ?", (top, table, top))


# --------------------------------------------------------------------------------------------
# Measuring


def slow_queries(period: Period, unit_id: int, top: int = 3) -> tuple[int, float, list[tuple[float, str, list[str]]]]:
    """(number of statements, their total time, the slowest with their EXPLAIN ANALYZE plans) of
    ``stats.compute(period, unit)``."""
    db = database.obj
    seen: list[tuple[str, tuple]] = []
    original = db.execute_sql

    def record(sql, params=None, *args, **kwargs):  # type: ignore[no-untyped-def]
        if sql.lstrip().upper().startswith("SELECT"):
            seen.append((sql, tuple(params or ())))
        return original(sql, params, *args, **kwargs)

    db.execute_sql = record
    try:
        stats.compute(period, unit_id)
    finally:
        db.execute_sql = original
    timed = []
    for sql, params in seen:
        start = time.perf_counter()
        original(sql, params).fetchall()
        timed.append((time.perf_counter() - start, sql, params))
    timed.sort(key=lambda t: t[0], reverse=True)
    out = []
    for seconds, sql, params in timed[:top]:
        plan = [r[0] for r in original("EXPLAIN (ANALYZE, BUFFERS OFF, TIMING OFF) " + sql, params).fetchall()]
        out.append((seconds, sql, plan))
    return len(timed), sum(t[0] for t in timed), out


def measure_rollup(period: Period, offices: list[Unit], runs: int) -> tuple[float, float, float]:
    from lawdesk.services import county

    by_unit, _ = median_time(lambda: stats.compute_by_unit(period), runs)
    page, _ = median_time(lambda: county.rollup(period), runs)
    each, _ = median_time(lambda: [stats.compute(period, u.id) for u in offices], runs)
    return by_unit, page, each


def measure_import(period: Period, office: Unit, folder: Path) -> str:
    try:
        from lawdesk.services import packages  # type: ignore[attr-defined]
    except ImportError:
        return "not yet measurable: lawdesk.services.packages is not there yet"
    out = folder / f"{office.code}-{period.start.year}.ldpkg"
    try:
        start = time.perf_counter()
        packages.export_package(period, out, unit=office)
        export_s = time.perf_counter() - start
        size = out.stat().st_size
        # delete the office-year, then import it again (the "added" path of a first import)
        with database.atomic():
            for kind, model in RECORD_MODELS.items():
                if kind in ("community", "lecturer"):  # the office's roster stays
                    continue
                date = getattr(model, model.spec.date_field)
                model.delete().where((model.unit_id == office.id) & date.between(period.start, period.end)).execute()
        start = time.perf_counter()
        result = packages.import_package(out, user="基准测试")
        import_s = time.perf_counter() - start
        start = time.perf_counter()
        again = packages.import_package(out, user="基准测试")
        again_s = time.perf_counter() - start
    except Exception as exc:  # noqa: BLE001 - another helper's module; report, do not stop
        return f"failed: {type(exc).__name__}: {exc}"
    added = sum(result.added.values())
    ok = "OK" if import_s <= IMPORT_TARGET else "MISSED"
    return (f"export {export_s:.2f} s ({size / 1024 / 1024:.1f} MB); import {import_s:.2f} s "
            f"({added:,} records added; target ≤ {IMPORT_TARGET} s: {ok}); "
            f"the same package again {again_s:.2f} s ({sum(again.skipped.values()):,} skipped)")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default=os.environ.get("LAWDESK_TEST_PG"), help="superuser URL of the server")
    parser.add_argument("--records", type=int, default=2_000_000)
    parser.add_argument("--offices", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--validate-every", type=int, default=50, help="validate every n-th row (1: all)")
    parser.add_argument("--no-sqlite", action="store_true", help="skip the SQLite comparison")
    parser.add_argument("--keep", action="store_true", help="keep the database, the roles and the SQLite file")
    parser.add_argument("--explain", type=int, default=3, help="EXPLAIN ANALYZE the n slowest statements (0: none)")
    args = parser.parse_args(argv)
    if not args.pg:
        parser.error("no PostgreSQL server: give --pg URL or set LAWDESK_TEST_PG (see scripts/pg.sh)")
    import psycopg

    tag = uuid.uuid4().hex[:6]
    dbname = f"lawdesk_county_bench_{tag}"
    admin = psycopg.connect(args.pg, autocommit=True)
    admin.execute(f'CREATE DATABASE "{dbname}"')
    url = admin_url(args.pg, dbname)
    folder = Path(tempfile.mkdtemp(prefix="lawdesk-county-bench-"))
    lite_path = folder / "county.db"
    roles: list[str] = []
    period = Period.year(YEAR)
    audit.set_user("基准测试")
    try:
        # the county database on both engines: the same units with the same ids
        offices_spec = [(f"{OFFICE_NAMES[i % 20]}{'' if i < 20 else i // 20}街道", f"b{tag}_{i:02d}")
                        for i in range(args.offices)]  # fmt: skip
        if not args.no_sqlite:
            dbmod.open_database(lite_path, create=True)
            for name, code in offices_spec:
                units.create_unit(name, "街道", code=code)
            dbmod.close_database()
        dbmod.open_database(url, create=True)
        offices = []
        for name, code in offices_spec:
            added = server.add_office(name, code, password=server.new_password())
            roles.append(added.role)
            offices.append(added.unit)
        county_role = f"b{tag}_county"
        server.add_county_user(county_role, password=server.new_password())
        roles.append(county_role)

        lite = None
        if not args.no_sqlite:
            lite = sqlite3.connect(lite_path, isolation_level=None)
            lite.execute("PRAGMA synchronous = OFF")
            lite.execute("BEGIN")
        pg = database.obj.connection()
        writer = Writer(pg, lite)
        per_office = args.records // max(1, args.offices)
        start = time.perf_counter()
        counts: dict[str, int] = {}
        now = dt.datetime.now().replace(microsecond=0)
        with database.atomic():
            gens = [Generator(20230109 + i) for i in range(len(offices))]
            for office, gen in zip(offices, gens, strict=True):
                for k, v in fill_roster(writer, gen, office.id, now).items():
                    counts[k] = counts.get(k, 0) + v
            work = per_office - COMMUNITIES - LECTURERS
            first = generate_records(gens[0], work, max(1, args.validate_every))
            print(f"  generated office 1 ({time.perf_counter() - start:.0f} s)", file=sys.stderr, flush=True)
            for year in YEARS:  # year by year, every office: the rows lie on disk as they would in use
                write_year(writer, first, year, offices[0].id, now)
                for office, gen in zip(offices[1:], gens[1:], strict=True):
                    replicate(writer, (offices[0].id, gens[0]), (office.id, gen), now, year)
                print(f"  filled {year} ({time.perf_counter() - start:.0f} s)", file=sys.stderr, flush=True)
            for k, v in first.items():
                counts[k] = len(v) * len(offices)
        fill_s = time.perf_counter() - start
        start = time.perf_counter()
        # VACUUM as well: PostgreSQL's autovacuum does it after a bulk of inserts (13 and later),
        # and only then can the open cases' figures be read from their index alone (0009)
        database.obj.execute_sql("VACUUM ANALYZE")
        analyze_s = time.perf_counter() - start
        if lite is not None:
            sqlite_sequences(lite)
            lite.execute("COMMIT")
            lite.execute("ANALYZE")
            lite.close()
        total = sum(counts.values())
        size = database.obj.execute_sql("SELECT pg_database_size(current_database())").fetchone()[0]

        print("lawdesk county benchmark")
        print(f"  offices × years:         {len(offices)} × {len(YEARS)} ({YEARS[0]}–{YEARS[-1]})")
        print(f"  records:                 {total:,} ({', '.join(f'{k} {v:,}' for k, v in counts.items())})")
        print(f"  fill time:               {fill_s:.1f} s (COPY{' + SQLite executemany' if lite else ''}; "
              f"VACUUM ANALYZE {analyze_s:.1f} s); PostgreSQL database {size / 1024 / 1024:.0f} MB")  # fmt: skip
        print(f"  runs per measurement:    {args.runs} (median)")

        def line(label: str, seconds: float) -> None:
            ok = "OK" if seconds <= ROLLUP_TARGET else "MISSED"
            print(f"  {label:<58} {seconds:.3f} s  (target ≤ {ROLLUP_TARGET} s: {ok})")

        by_unit, page, each = measure_rollup(period, offices, args.runs)
        line(f"PostgreSQL, admin: compute_by_unit({YEAR})", by_unit)
        line(f"PostgreSQL, admin: county.rollup({YEAR}) (全县汇总)", page)
        line(f"PostgreSQL, admin: {len(offices)} × compute({YEAR}, unit)", each)
        sample = stats.compute(period, offices[0].id)
        grouped = stats.compute_by_unit(period)
        assert grouped[offices[0].id].values == sample.values, "compute_by_unit differs from compute"
        differ = len({str(grouped[o.id].values) for o in offices})
        print(f"  offices with distinct figures: {differ} of {len(offices)}")
        n_sql, sql_s, slow = slow_queries(period, offices[0].id, args.explain)
        print(f"  compute({YEAR}, unit) sends {n_sql} SELECT statements, {sql_s * 1000:.0f} ms in all when run one by one")
        import_text = measure_import(period, offices[-1], folder)
        dbmod.close_database()

        dbmod.open_database(as_role(url, county_role))
        by_unit_c, page_c, each_c = measure_rollup(period, offices, args.runs)
        line(f"PostgreSQL, county role (RLS): compute_by_unit({YEAR})", by_unit_c)
        line(f"PostgreSQL, county role (RLS): county.rollup({YEAR})", page_c)
        line(f"PostgreSQL, county role (RLS): {len(offices)} × compute({YEAR}, unit)", each_c)
        dbmod.close_database()

        dbmod.open_database(as_role(url, offices[0].db_role))
        own, _ = median_time(lambda: stats.compute(period), args.runs)
        same = stats.compute(period).values == sample.values
        line(f"PostgreSQL, office role (RLS): compute({YEAR}) of its own", own)
        print(f"    (the office's own figures equal the administrator's for that office: {same})")
        dbmod.close_database()

        if lite is not None:
            dbmod.open_database(lite_path, backup=False)
            lite_offices = [u for u in units.list_units() if u.code]
            by_unit_s, page_s, each_s = measure_rollup(period, lite_offices, args.runs)
            line(f"SQLite: compute_by_unit({YEAR})", by_unit_s)
            line(f"SQLite: county.rollup({YEAR})", page_s)
            line(f"SQLite: {len(lite_offices)} × compute({YEAR}, unit)", each_s)
            lite_grouped = stats.compute_by_unit(period)
            lite_same = {k: v.values for k, v in lite_grouped.items()} == {k: v.values for k, v in grouped.items()}
            print(f"    (SQLite and PostgreSQL give the same figures for every office: {lite_same}; "
                  f"file {lite_path.stat().st_size / 1024 / 1024:.0f} MB)")  # fmt: skip
            dbmod.close_database()

        print(f"  one office-year package: {import_text}")
        print(f"  sample figures {YEAR} of {offices[0].name}: disputes_received {sample['disputes_received']}, "
              f"hotline_closed {sample['hotline_closed']}, on_time_rate {sample['on_time_rate']}")  # fmt: skip
        for seconds, sql, plan in slow:
            print(f"  slow statement of compute({YEAR}, unit) ({seconds * 1000:.1f} ms): {sql[:160]}…")
            for row in plan[:8]:
                print(f"      {row}")
    finally:
        dbmod.close_database()
        if args.keep:
            print(f"  kept: {dbmod.mask_url(url)}, roles {', '.join(roles)}, {lite_path}")
        else:
            admin.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
            for role in roles:
                admin.execute(f'DROP ROLE IF EXISTS "{role}"')
            shutil.rmtree(folder, ignore_errors=True)
        admin.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

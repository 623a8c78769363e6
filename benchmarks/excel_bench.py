"""Excel benchmark: export of a 10,000-record year and import of the 10,000-row workbook.

Fills a temporary database with about 10,000 live records of 2022 (the generator of
``core_bench.py``: values from the record descriptions, every cross-field rule kept, a few in
the 回收站), then prints the median time over several runs of

- ``excel.export.export_ledger`` for 2022 (target ≤ 1.5 s),
- reading, checking every cell and importing that workbook into an empty database
  (``reader.read_workbook`` + ``importer.check`` + ``importer.commit``; target ≤ 2 s),
- the clerk's command, ``python -m lawdesk --db EMPTY import FILE``, start-up included
  (target ≤ 2 s), and
- the same workbook checked against the database it came from (every row found by its
  记录标识: nothing to do),

and checks that the imported database has the same 2022 figures as the original. Wall-clock
times are the targets; the CPU time of the process is printed beside them because the machine
is shared (two cores, several busy processes) and wall times vary with its load.

Run:  .venv/bin/python benchmarks/excel_bench.py [--records 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lawdesk import db as dbmod  # noqa: E402
from lawdesk.excel import export, importer, reader  # noqa: E402
from lawdesk.services import settings, stats  # noqa: E402
from lawdesk.services.period import Period  # noqa: E402

EXPORT_TARGET_S = 1.5
IMPORT_TARGET_S = 2.0
YEAR = 2022


def _core_bench():  # noqa: ANN202 - the sibling benchmark module
    spec = importlib.util.spec_from_file_location("core_bench", Path(__file__).with_name("core_bench.py"))
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000, help="live records in the year")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)

    core = _core_bench()
    core.YEARS = (YEAR,)  # every generated record in one year
    period = Period.year(YEAR)
    with tempfile.TemporaryDirectory(prefix="lawdesk-excel-bench-") as tmp:
        tmpdir = Path(tmp)
        source = tmpdir / "source.db"
        dbmod.open_database(source, create=True, backup=False)
        settings.save_profile({"unit_name": "金山街道"})
        t0 = time.perf_counter()
        core.fill(int(args.records / 0.98) + core.COMMUNITIES + core.LECTURERS, core.Generator())
        print(f"filled the database in {time.perf_counter() - t0:.1f} s")
        figures = stats.compute(period).values
        out = tmpdir / "台账.xlsx"
        export_times, export_cpu = [], []
        for _ in range(args.runs):
            t0, c0 = time.perf_counter(), time.process_time()
            result = export.export_ledger(period, out)
            export_times.append(time.perf_counter() - t0)
            export_cpu.append(time.process_time() - c0)
        exported = sum(result.counts.values())
        t0 = time.perf_counter()
        again = importer.check(reader.read_workbook(out))
        same_s = time.perf_counter() - t0
        no_op = again.ok and again.to_create == 0 and again.to_update == 0
        dbmod.close_database()

        import_times, read_times, check_times, import_cpu = [], [], [], []
        same = True
        for run in range(args.runs):
            dbmod.open_database(tmpdir / f"empty{run}.db", create=True, backup=False)
            settings.save_profile({"unit_name": "龙潭街道"})  # a new database names its office first (单位设置)
            t0, c0 = time.perf_counter(), time.process_time()
            plan = reader.read_workbook(out)
            t1 = time.perf_counter()
            checked = importer.check(plan)
            t2 = time.perf_counter()
            done = importer.commit(checked)
            t3 = time.perf_counter()
            import_cpu.append(time.process_time() - c0)
            read_times.append(t1 - t0)
            check_times.append(t2 - t1)
            import_times.append(t3 - t0)
            imported = sum(done.created.values())
            same = same and stats.compute(period).values == figures
            dbmod.close_database()

        cli_times = []
        for run in range(args.runs):
            target = tmpdir / f"cli{run}.db"
            subprocess.run([sys.executable, "-m", "lawdesk", "--db", str(target), "init", "--name", "龙潭街道"], check=True,
                           capture_output=True, cwd=ROOT)
            t0 = time.perf_counter()
            done_cli = subprocess.run([sys.executable, "-m", "lawdesk", "--db", str(target), "import", str(out)],
                                      capture_output=True, text=True, cwd=ROOT)
            cli_times.append(time.perf_counter() - t0)
            same = same and done_cli.returncode == 0

    export_s = statistics.median(export_times)
    import_s = statistics.median(import_times)
    print(f"export of {exported} records ({YEAR}): median {export_s:.2f} s over {args.runs} runs "
          f"{[round(t, 2) for t in export_times]} (CPU {statistics.median(export_cpu):.2f} s) — target ≤ {EXPORT_TARGET_S} s "
          f"{'OK' if export_s <= EXPORT_TARGET_S else 'TOO SLOW'}")
    print(f"import of {imported} rows: median {import_s:.2f} s (read {statistics.median(read_times):.2f} s, "
          f"check {statistics.median(check_times):.2f} s, write the rest) {[round(t, 2) for t in import_times]} "
          f"(CPU {statistics.median(import_cpu):.2f} s) "
          f"— target ≤ {IMPORT_TARGET_S} s {'OK' if import_s <= IMPORT_TARGET_S else 'TOO SLOW'}")
    cli_s = statistics.median(cli_times)
    print(f"python -m lawdesk import of {imported} rows (start-up included): median {cli_s:.2f} s "
          f"{[round(t, 2) for t in cli_times]} — target ≤ {IMPORT_TARGET_S} s "
          f"{'OK' if cli_s <= IMPORT_TARGET_S else 'TOO SLOW'}")
    print(f"the same workbook checked against its own database: {same_s:.2f} s, "
          f"{'nothing to do' if no_op else 'NOT A NO-OP'}")
    print(f"figures of {YEAR} after the round trip: {'identical' if same else 'DIFFERENT'}")
    ok = same and no_op and export_s <= EXPORT_TARGET_S and import_s <= IMPORT_TARGET_S and cli_s <= IMPORT_TARGET_S
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

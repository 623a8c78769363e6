"""Report benchmark: the annual report of one year from a database of 100,000 records.

Fills a temporary database exactly as ``core_bench.py`` does (100,000 records over 2014–2023),
stores the demo unit profile, then prints the median time to write the 2022 report (.docx with
the data attachment and its two charts, and without it), PDF conversion excluded. The 版记's
even page is found from the grid estimate (``page_count="grid"``); the LibreOffice render that
the export uses when soffice is installed is timed separately.
Target on the project's 2-core machine: ≤ 0.3 s with the attachment.

Run:  .venv/bin/python benchmarks/report_bench.py [--records 100000] [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from core_bench import Generator, fill, median_time  # noqa: E402

from lawdesk import db as dbmod  # noqa: E402
from lawdesk.demo import PROFILE  # noqa: E402
from lawdesk.report.files import find_soffice  # noqa: E402
from lawdesk.services import reports, settings  # noqa: E402
from lawdesk.services.period import Period  # noqa: E402

TARGET = 0.3
YEAR = 2022


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="lawdesk-report-bench-"))
    try:
        dbmod.open_database(folder / "bench.db", create=True)
        start = time.perf_counter()
        counts = fill(args.records, Generator())
        fill_time = time.perf_counter() - start
        settings.save_profile(PROFILE)
        out = folder / "报告.docx"
        period = Period.year(YEAR)
        with_attachment, times_a = median_time(lambda: reports.export_report(period, out, page_count="grid"), args.runs)
        size = out.stat().st_size
        without, times_b = median_time(
            lambda: reports.export_report(period, out, attachment=False, page_count="grid"), args.runs
        )
        rendered = None
        if find_soffice():
            rendered, _ = median_time(lambda: reports.export_report(period, out, page_count="render"), 1)
        print("lawdesk report benchmark")
        print(f"  records:                       {sum(counts.values()):,} (filled in {fill_time:.1f} s)")
        ok = "OK" if with_attachment <= TARGET else "MISSED"
        print(f"  report {YEAR} with data attachment and 2 charts, median: {with_attachment:.3f} s "
              f"(target ≤ {TARGET} s: {ok}; min {min(times_a):.3f}, max {max(times_a):.3f}; {size / 1024:.0f} KB)")  # fmt: skip
        print(f"  report {YEAR} without attachment, median:               {without:.3f} s "
              f"(min {min(times_b):.3f}, max {max(times_b):.3f})")  # fmt: skip
        if rendered is not None:
            print(f"  report {YEAR} with attachment, pages counted by a LibreOffice render: {rendered:.3f} s")
        return 0
    finally:
        dbmod.close_database()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

"""Data-safety benchmark: what whole backups and the write lock cost on a big office database.

Fills a temporary database with ``--records`` records (as ``core_bench`` does) and ``--files``
evidence files of ``--file-kb`` KB each, then prints

- opening the database with its automatic backup (the first snapshot copies every file),
- opening it again after one change (unchanged files are hard-linked, not copied),
- opening it unchanged (no backup is made),
- verifying the newest backup (SHA-256 of every file, ``integrity_check``) and restoring it,
- the space the snapshots take on disk (hard links counted once),
- two processes writing at once: operations per second, lock errors, lost writes.

Run:  .venv/bin/python benchmarks/safety_bench.py [--records 100000] [--files 200] [--file-kb 1024]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.core_bench import Generator, fill  # noqa: E402
from lawdesk import db as dbmod  # noqa: E402
from lawdesk import paths  # noqa: E402
from lawdesk.services import attachments, backup, records  # noqa: E402


def timed(action):  # noqa: ANN001, ANN201
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def disk_usage(folder: Path) -> int:
    seen, total = set(), 0
    for p in folder.rglob("*"):
        if p.is_file():
            st = p.stat()
            if (st.st_dev, st.st_ino) not in seen:
                seen.add((st.st_dev, st.st_ino))
                total += st.st_size
    return total


WRITER = """
import json, sys, time
from pathlib import Path
from lawdesk import db
from lawdesk.services import records
db.open_database(Path(sys.argv[1]), backup=False)
go, n, errors, done = Path(sys.argv[3]), int(sys.argv[2]), [], 0
while not go.exists():
    time.sleep(0.01)
for i in range(n):
    try:
        rec = records.create("community", {"name": f"写入{i}"})
        records.update("community", rec.id, {"mediators": i})
        done += 1
    except Exception as exc:
        errors.append(str(exc))
print(json.dumps({"done": done, "errors": len(errors)}))
"""


def two_writers(path: Path, per_process: int) -> tuple[float, int, int]:
    go = path.parent / "go"
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent))
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(per_process), str(go)],
                              stdout=subprocess.PIPE, text=True, env=env) for _ in range(2)]
    time.sleep(1.5)
    start = time.perf_counter()
    go.touch()
    results = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in procs]
    elapsed = time.perf_counter() - start
    done = sum(r["done"] for r in results)
    errors = sum(r["errors"] for r in results)
    return elapsed, done, errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--file-kb", type=int, default=1024)
    parser.add_argument("--writes", type=int, default=300, help="operations per writer process")
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="lawdesk-safety-"))
    path = folder / "bench.db"
    try:
        dbmod.open_database(path, create=True)
        gen = Generator()
        fill(args.records, gen, 50)
        source = folder / "src.jpg"
        community = gen.community_ids[0]
        for _ in range(args.files):
            source.write_bytes(os.urandom(args.file_kb * 1024))
            attachments.add("community", community, source, "照片")
        evidence_mb = args.files * args.file_kb / 1024
        dbmod.close_database()

        first, _ = timed(lambda: dbmod.open_database(path))
        records.create("community", {"name": "新增社区"})
        dbmod.close_database()
        second, _ = timed(lambda: dbmod.open_database(path))
        dbmod.close_database()
        unchanged, _ = timed(lambda: dbmod.open_database(path))
        snapshots = [b for b in backup.list_backups(path) if not b.legacy]
        verify, _ = timed(lambda: backup.verify_backup(snapshots[0].path))
        restore, _ = timed(lambda: backup.restore_open_database(snapshots[-1].path))
        dbmod.close_database()
        used = disk_usage(paths.backups_dir(path))
        db_mb = (path.stat().st_size) / 2**20

        dbmod.open_database(path, backup=False)
        before = records.count("community")
        dbmod.close_database()
        elapsed, done, errors = two_writers(path, args.writes)
        dbmod.open_database(path, backup=False)
        after = records.count("community")
        dbmod.close_database()

        print("lawdesk data-safety benchmark")
        print(f"  database:                          {args.records:,} records, {db_mb:.1f} MB; "
              f"{args.files} evidence files, {evidence_mb:.0f} MB")
        print(f"  open + first automatic backup:     {first:.2f} s (copies every file)")
        print(f"  open + backup after one change:    {second:.2f} s (unchanged files hard-linked)")
        print(f"  open, nothing changed:             {unchanged:.2f} s (no backup)")
        print(f"  verify newest backup:              {verify:.2f} s (SHA-256 of every file, integrity_check)")
        print(f"  restore (database + files):        {restore:.2f} s")
        print(f"  backups on disk:                   {len(backup.list_backups(path))} snapshots, "
              f"{used / 2**20:.0f} MB (hard links counted once)")
        print(f"  two writers:                       {done}/{2 * args.writes} operation pairs in {elapsed:.1f} s "
              f"({2 * done / elapsed:.0f} writes/s), {errors} lock errors, "
              f"{done - (after - before)} lost writes")
    finally:
        dbmod.close_database()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""psycopg (the PostgreSQL driver) loads only when a server database is opened (lawdesk._peewee):
an SQLite file never imports it; a server URL opened afterwards in the same process still works,
and peewee then holds the same driver names as when it is imported with psycopg.

Each check runs in a fresh interpreter (this test session has imported psycopg already).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run_child(code: str, *args: str) -> str:
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=REPO, capture_output=True,
                         text=True, encoding="utf-8", timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip().splitlines()[-1]


OPEN_SQLITE = """
import sys
from pathlib import Path
from lawdesk import db
from lawdesk.services import records, units
db.open_database(Path(sys.argv[1]), create=True)
units.create_unit("测试街道")
records.create("community", {"name": "龙潭社区"})
print(records.count("community"), db.is_server_database(), "psycopg" in sys.modules,
      "asyncio" in sys.modules)
db.close_database()
"""


def test_an_sqlite_database_does_not_import_psycopg(tmp_path: Path) -> None:
    count, server, psycopg_loaded, asyncio_loaded = run_child(OPEN_SQLITE, str(tmp_path / "a.db")).split()
    assert count == "1"
    assert (server, psycopg_loaded, asyncio_loaded) == ("False", "False", "False")


#: The names of peewee and postgres_ext (as type names) and the psycopg 3 adapter's constants.
DRIVER_NAMES = """
import json, peewee, playhouse.postgres_ext
def names(module):
    return {n: (type(v).__name__ if v is not None else None) for n, v in vars(module).items()
            if not n.startswith("__")}
def state():
    adapter = {n: repr(v) for n, v in vars(peewee.Psycopg3Adapter).items() if n.startswith("txn_") and not callable(v)}
    return {"peewee": names(peewee), "ext": names(playhouse.postgres_ext), "adapter": adapter, "pg": peewee.PostgresqlDatabase(None)._adapter.__class__.__name__}
"""


def test_load_psycopg_gives_peewee_what_its_own_import_gives() -> None:
    plain = run_child(DRIVER_NAMES + "print(json.dumps(state()))")
    lazy = run_child("import sys; from lawdesk import _peewee\n"
                     "with _peewee.without_driver(): import playhouse.migrations\n"
                     "hidden = _peewee.psycopg_loaded() or 'psycopg' in sys.modules\n"
                     "_peewee.load_psycopg()\n" + DRIVER_NAMES +
                     "print(json.dumps([hidden, 'psycopg' in sys.modules, state()]))")
    hidden, loaded, state = json.loads(lazy)
    assert hidden is False and loaded is True
    assert state == json.loads(plain)
    assert state["pg"] == "Psycopg3Adapter"


def test_a_server_url_works_after_an_sqlite_file(tmp_path: Path, pg_url: str) -> None:
    code = OPEN_SQLITE + """
url = sys.argv[2]
database = db.open_database(url)
units.create_unit("测试街道")
with database.atomic():
    records.create("community", {"name": "桂花社区"})
print(db.is_server_database(), "psycopg" in sys.modules, records.count("community"),
      records.choices_for_ref("community")[0][1])
db.close_database()
"""
    line = run_child(code, str(tmp_path / "a.db"), pg_url)
    assert line.split() == ["True", "True", "1", "桂花社区"], line

"""Regenerate lawdesk/migrations/0001_initial.py from the models (only before the first release).

After a release, never edit 0001: add a new numbered migration instead.
"""

from __future__ import annotations

from pathlib import Path

from peewee import sort_models
from playhouse.migrations import template
from playhouse.schema_diff import SchemaDiff

from lawdesk.models import ALL_MODELS

OUT = Path(__file__).resolve().parent.parent / "lawdesk" / "migrations" / "0001_initial.py"

if __name__ == "__main__":
    diff = SchemaDiff(sort_models(list(ALL_MODELS)), [], [], [], [])
    lines = [
        line
        for line in template(diff).splitlines()
        # Python-side defaults (timestamps) are set by the models, not by the schema.
        if not line.startswith(("# TODO:", "# Generated from"))
    ]
    body = '"""Initial schema of lawdesk: a frozen copy of the models, never imported from them."""\n'
    body += "\n".join(lines).lstrip("\n") + "\n"
    OUT.write_text(body, encoding="utf-8")
    print(OUT)

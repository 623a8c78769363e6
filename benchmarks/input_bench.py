"""Input-range benchmark: how long the services take to refuse numbers and ids no field can hold.

Prints, for each bad input, the time ``clean_value`` takes on an int field, a decimal field and a
text field, and ``records.resolve_ref`` on a reference (a fresh database); every one must be a
Chinese validation error in well under a millisecond — earlier ``Decimal("1e200000")`` took
2.3 s (``int()`` of it grows with the square of its digits) and a 5,000-digit int raised.

Run:  .venv/bin/python benchmarks/input_bench.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lawdesk import db as dbmod  # noqa: E402
from lawdesk.schema import spec_for  # noqa: E402
from lawdesk.services import records  # noqa: E402
from lawdesk.services.validation import FieldError, clean_value  # noqa: E402

INPUTS = {
    "Decimal('1e200000')": Decimal("1e200000"),
    "int of 5,000 digits": 10**5000,
    "text of 100,000 digits": "9" * 100_000,
    "2**63": 2**63,
    "'²'": "²",
    "25 digits": "1" * 25,
}


def timed(call) -> tuple[float, str]:  # noqa: ANN001
    start = time.perf_counter()
    try:
        call()
        answer = "accepted"
    except FieldError as exc:
        answer = str(exc)[:30]
    except Exception as exc:  # noqa: BLE001 - what the benchmark is looking for
        answer = f"NOT A VALIDATION ERROR: {type(exc).__name__}"
    return time.perf_counter() - start, answer


def main() -> None:
    fields = {
        "int": spec_for("meeting").field("participants"),
        "decimal": spec_for("study").field("hours"),
        "text": spec_for("meeting").field(spec_for("meeting").title_field),
    }
    with tempfile.TemporaryDirectory() as tmp:
        dbmod.open_database(Path(tmp) / "bench.db", create=True, backup=False)
        for label, value in INPUTS.items():
            for kind, f in fields.items():
                seconds, answer = timed(lambda f=f, value=value: clean_value(f, value, None))
                print(f"{label:<24} {kind:<8} {seconds * 1000:8.3f} ms  {answer}")
            seconds, answer = timed(lambda value=value: records.resolve_ref("lecturer", value))
            print(f"{label:<24} {'ref':<8} {seconds * 1000:8.3f} ms  {answer}")
        dbmod.close_database()


if __name__ == "__main__":
    main()

"""Service inputs range-checked before conversion: a reference id given as "²", 25 digits, an int
≥ 2**63 or of 5,000 digits, a number such as ``Decimal("1e200000")`` — each a Chinese validation
error (no ValueError, no OverflowError, no seconds-long int conversion), in ``clean_record``,
``records.get`` and ``units.get_unit`` alike. (How fast: ``benchmarks/input_bench.py``.)
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from lawdesk.errors import LawdeskError, ValidationError
from lawdesk.schema import RECORD_SPECS, spec_for
from lawdesk.services import records, units
from lawdesk.services.validation import MAX_ID, FieldError, clean_record, clean_value, record_id

CJK = re.compile(r"[\u4e00-\u9fff]")
BAD_IDS = ["²", "1" * 25, 2**63, 10**5000, -(10**5000), -1, 0, Decimal("1e200000"), "٣"]
BAD_NUMBERS = [10**5000, -(10**5000), Decimal("1e200000"), Decimal("-1e200000"), "9" * 5000, 2**63, 1e300,
               "1" + "0" * 100_000]  # fmt: skip
NUMBER_FIELDS = [f for s in RECORD_SPECS for f in s.all_fields if f.kind in ("int", "decimal")]
TEXT_FIELDS = [f for s in RECORD_SPECS for f in s.all_fields if f.kind in ("text", "choice", "tags")][:3]


@pytest.mark.parametrize("value", BAD_IDS, ids=lambda v: f"{type(v).__name__}{len(str(v)) if not isinstance(v, int) else ''}")
def test_a_reference_id_out_of_range_is_a_chinese_error(demo_db, value: object) -> None:
    spec = spec_for("lecture")
    with pytest.raises(ValidationError) as info:
        clean_record(spec, {"lecturer": value}, resolve_ref=records.resolve_ref)
    assert CJK.search(info.value.errors["lecturer"])
    with pytest.raises(LawdeskError) as got:
        records.get("lecture", value)  # type: ignore[arg-type]
    assert CJK.search(got.value.message)
    if not isinstance(value, Decimal):
        with pytest.raises(LawdeskError) as unit:
            units.get_unit(value)  # type: ignore[arg-type]
        assert CJK.search(unit.value.message)


def test_record_ids_are_read_only_from_ascii_digits() -> None:
    assert record_id("12") == 12 and record_id(" 0012 ") == 12 and record_id(MAX_ID) == MAX_ID
    assert record_id("²") is None and record_id("٣") is None and record_id("石门社区") is None
    for bad in ("1" * 25, 2**63, 0, -3, str(MAX_ID + 1)):
        with pytest.raises(FieldError, match="超出范围"):
            record_id(bad)


@pytest.mark.parametrize("value", BAD_NUMBERS, ids=lambda v: type(v).__name__)
@pytest.mark.parametrize("field", NUMBER_FIELDS + TEXT_FIELDS, ids=lambda f: f"{f.kind}-{f.name}")
def test_a_huge_number_is_a_chinese_error(field, value: object) -> None:  # noqa: ANN001
    try:
        result = clean_value(field, value, None)
    except FieldError as exc:
        assert CJK.search(str(exc)), exc
        return
    assert field.kind != "int" and field.kind != "decimal", result  # only text may keep digits
    assert isinstance(result, str) and len(result) <= field.max_length


def test_a_number_in_range_still_goes_in() -> None:
    participants = spec_for("meeting").field("participants")
    assert clean_value(participants, "45", None) == 45
    assert clean_value(participants, Decimal("4.5E+1"), None) == 45
    assert clean_value(participants, 10**3, None) == 1000

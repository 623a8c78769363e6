"""One way a number becomes text (``normalize.number_text``): the lists, the figures, the county
table, validation messages and Excel cells read as text all write a number the same way — every
digit it holds, never rounded to six digits or put in an exponent."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lawdesk import normalize
from lawdesk.excel import cells
from lawdesk.services import stats
from lawdesk.ui import common


@pytest.mark.parametrize(("value", "text"), [
    (5, "5"), (-3, "-3"), (10**20, "100000000000000000000"),
    (2.0, "2"), (2.5, "2.5"), (12345.25, "12345.25"), (1234567.5, "1234567.5"), (0.1 + 0.2, "0.3"),
    (1e-7, "0.0000001"), (-0.0, "0"),
    (Decimal("3.50"), "3.5"), (Decimal("1E+2"), "100"), (Decimal("0.00"), "0"), (Decimal("-12.340"), "-12.34"),
])  # fmt: skip
def test_a_number_keeps_its_digits_without_zeros_or_exponent(value: object, text: str) -> None:
    assert normalize.number_text(value) == text  # type: ignore[arg-type]


def test_every_place_that_shows_a_number_writes_it_the_same_way() -> None:
    hours = stats.FigureDef("hours", "学法学时", "学时", kind="study", agg="sum", column="hours")
    assert stats.format_value(hours, 12345.25) == "12345.25学时"  # was 12345.2学时
    assert stats.format_value(hours, 1234567.5) == "1234567.5学时"  # was 1.23457e+06学时
    assert common.display(1234567.5) == "1234567.5"  # was 1.23457e+06
    assert common.display(Decimal("12.50")) == "12.5"
    assert cells.number_as_text(1e-7) == "0.0000001"  # was 1e-07
    assert cells.number_as_text(13800001111.0) == "13800001111"

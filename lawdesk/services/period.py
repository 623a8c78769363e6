"""A reporting period: a calendar year by default, any start/end dates otherwise; and when a
year's annual report is due (``report_deadlines``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("统计期间的结束日期不能早于开始日期")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @property
    def is_calendar_year(self) -> bool:
        return (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31) and (
            self.start.year == self.end.year
        )

    @property
    def label(self) -> str:
        if self.is_calendar_year:
            return f"{self.start.year}年度"
        return f"{self.start.isoformat()} 至 {self.end.isoformat()}"

    @property
    def title_label(self) -> str:
        """How a report title names the period: "2022年度", "2022年1月1日至11月20日"."""
        if self.is_calendar_year:
            return f"{self.start.year}年度"
        start = f"{self.start.year}年{self.start.month}月{self.start.day}日"
        end = f"{self.end.month}月{self.end.day}日"
        if self.end.year != self.start.year:
            end = f"{self.end.year}年{end}"
        return f"{start}至{end}"

    def previous(self) -> Period:
        """The same span one year earlier (for 同比)."""
        return Period(_minus_year(self.start), _minus_year(self.end))


@dataclass(frozen=True)
class Deadline:
    """A date by which something about a year's report must be done."""

    what: str
    day: dt.date
    days_left: int  # 0: today; negative: passed


def report_deadlines(year: int, today: dt.date | None = None) -> list[Deadline]:
    """When the annual report of ``year`` is due: sent to the county's 党委 and 政府 by 1 March
    of the next year, and made public by 31 March."""
    today = today or dt.date.today()
    due = (("报送县委县政府", dt.date(year + 1, 3, 1)), ("向社会公开", dt.date(year + 1, 3, 31)))
    return [Deadline(what, day, (day - today).days) for what, day in due]


def _minus_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)

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

    @classmethod
    def first_half(cls, year: int) -> Period:
        """1 January – 30 June of ``year`` (the half-year summary's default)."""
        return cls(dt.date(year, 1, 1), dt.date(year, 6, 30))

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

    @property
    def half(self) -> str | None:
        """"上半年" (1 January – 30 June) or "下半年" (1 July – 31 December) of one year, else None."""
        if self.start.year != self.end.year:
            return None
        ends = (self.start.month, self.start.day, self.end.month, self.end.day)
        return {(1, 1, 6, 30): "上半年", (7, 1, 12, 31): "下半年"}.get(ends)

    @property
    def span_name(self) -> str:
        """How a document names the period: "2022年度", "2022年上半年", "2022年1月1日至11月20日"."""
        half = self.half
        return f"{self.start.year}年{half}" if half else self.title_label

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


def parse_period(
    *,
    year: int | str | None = None,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    default_year: int | None = None,
    names: tuple[str, str, str] = ("年度", "开始日期", "结束日期"),
) -> Period:
    """The period a clerk asked for — a year, or a start and an end date (typed as dates or as
    text: "2022-01-01", "2022年1月1日") — with a Chinese ``LawdeskError`` naming the field that
    is wrong (``names``: how the year, start and end are called where they were typed).

    The one place a period is read from what a person typed (command line, report page, lists).
    """
    from lawdesk.errors import LawdeskError
    from lawdesk.services.validation import parse_date

    year_name, start_name, end_name = names
    blank = (None, "")
    if start is not None or end is not None:  # a span asked for ("" is a date left empty)
        if start in blank and end in blank:
            raise LawdeskError(f"请填写{start_name}和{end_name}。")
        if start in blank or end in blank:
            raise LawdeskError(f"{start_name}和{end_name}需要同时给出。")
        if year not in blank:
            raise LawdeskError(f"{year_name}不能与{start_name}、{end_name}同时使用。")
        days = []
        for name, value in ((start_name, start), (end_name, end)):
            try:
                days.append(value if isinstance(value, dt.date) else parse_date(value))
            except ValueError as exc:
                raise LawdeskError(f"{name}有误：{exc}") from None
        if days[1] < days[0]:
            raise LawdeskError(f"{end_name}不能早于{start_name}。")
        return Period(days[0], days[1])
    if year in blank:
        if default_year is None:
            raise LawdeskError(f"请选择{year_name}。")
        return Period.year(default_year)
    try:
        return Period.year(int(str(year).strip().rstrip("年")))
    except ValueError:
        raise LawdeskError(f"{year_name}有误：“{year}”不是年份。") from None

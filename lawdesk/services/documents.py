"""The kinds of document lawdesk writes, and the rules each one has once: its subject, title and
file name.

An office's annual report ("中共…工作委员会 …办事处 关于2022年度法治政府建设工作情况的报告"), the
county's report ("… 关于2022年度全县乡镇（街道）法治政府建设工作情况的报告") and the office's
half-year summary ("… 关于2022年上半年法治政府建设工作总结的报告") are 报告 of the unit's organs and
differ only in their subject. A leader's 述法报告 is the person's own: its title names no organ
("2022年度履行推进法治建设第一责任人职责情况的报告", the person's post and name under it) and its
file name names the person. Every title, every default file name and every "已生成…" message is
made by these functions, nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from lawdesk.filenames import portable_name
from lawdesk.services.period import Period

PUBLIC_MARK = "公开版"
SUBMITTED_MARK = "报送版"
DRAFT_MARK = "征求意见稿"


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document: how it names its subject for a period."""

    key: str
    label: str  # how the program names the kind ("年度报告")
    subject: Callable[[Period], str]  # "2022年度法治政府建设工作情况"
    personal: bool = False  # a person's own report (述法): no organs in the title, the person in the file name
    title_break: str = ""  # a title too long for one line breaks before this word (the writer breaks at a space)

    def title(self, profile: Mapping[str, object], period: Period) -> str:
        """"<发文机关全称…> 关于<subject>的报告": the organs of the unit's 单位设置, then the subject;
        a personal report: "<subject>的报告"."""
        subject = self.subject(period)
        if self.title_break:
            subject = subject.replace(self.title_break, f" {self.title_break}", 1)
        if self.personal:
            return f"{subject}的报告"
        organs = " ".join(str(profile.get(k) or "") for k in ("party_organ", "government_organ")).strip()
        return f"{organs} 关于{subject}的报告".strip()

    def what(self, period: Period, person: str = "") -> str:
        """How a message names one such document: "2022年度法治政府建设工作情况报告"."""
        return f"{person}的{self.subject(period)}报告" if self.personal and person else f"{self.subject(period)}报告"

    def file_name(self, unit_name: str, period: Period, *, public: bool = False, draft: bool = False,
                  person: str = "") -> str:  # fmt: skip
        """The default file name: "金兰山街道关于2022年度法治政府建设工作情况的报告（公开版）.docx";
        a personal report's: "金兰山街道张健平2022年度履行推进法治建设第一责任人职责情况的报告.docx"."""
        mark = f"（{DRAFT_MARK}）" if draft else (f"（{PUBLIC_MARK}）" if public else "")
        name = f"{unit_name}{person}{self.subject(period)}" if self.personal else f"{unit_name}关于{self.subject(period)}"
        return portable_name(f"{name}的报告{mark}", limit=80) + ".docx"


def _annual_subject(period: Period) -> str:
    return f"{period.title_label}法治政府建设工作情况"


def _county_subject(period: Period) -> str:
    return f"{period.title_label}全县乡镇（街道）法治政府建设工作情况"


def _half_year_subject(period: Period) -> str:
    return f"{period.span_name}法治政府建设工作总结"


def _shufa_subject(period: Period) -> str:
    return f"{period.span_name}履行推进法治建设第一责任人职责情况"


ANNUAL = DocumentKind("annual", "年度报告", _annual_subject)
COUNTY = DocumentKind("county", "全县汇总报告", _county_subject)
HALF_YEAR = DocumentKind("half-year", "半年总结", _half_year_subject, title_break="工作总结")
SHUFA = DocumentKind("shufa", "述法报告", _shufa_subject, personal=True, title_break="第一责任人")


def draft_title(title: str) -> str:
    """The title of a 征求意见稿: the report's, marked "（征求意见稿）"."""
    mark = f"（{DRAFT_MARK}）"
    return title if title.endswith(mark) else f"{title}{mark}"


def kind_mark(*, public: bool, draft: bool) -> str:
    """报送版, 公开版 or 征求意见稿 (how a message names what was written)."""
    return DRAFT_MARK if draft else (PUBLIC_MARK if public else SUBMITTED_MARK)

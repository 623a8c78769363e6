"""A unit's choices about how its documents are written: wording options and the 版式 profile.

Stored per unit in the settings (``services.settings``, ``UNIT_KEYS``): ``report_options`` (how
figures are written, the 附件, the 附注) and ``report_profile`` (fonts, line pitch, switches, the
comparison with the year before). The annual report, the county's report, the 附件 and the
documents written from the same ledger (半年总结, 述法报告) all read them here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lawdesk.report.content import FillOptions
from lawdesk.report.profile import ReportProfile
from lawdesk.services import settings, stats, units

PROFILE_KEY = "report_profile"
OPTIONS_KEY = "report_options"


@dataclass
class ReportOptions:
    """Per-unit choices about wording and extras, stored as JSON in the settings."""

    approx: list[str] = field(default_factory=lambda: ["disputes_resolved"])
    rate_decimals: int = 0
    attachment: bool = True
    note: str = "此件公开发布"

    @classmethod
    def load(cls, unit: units.UnitRef = None) -> ReportOptions:
        data = settings.get(OPTIONS_KEY, {}, unit=unit) or {}
        base = cls()
        decimals = data.get("rate_decimals", base.rate_decimals)
        return cls(
            approx=[k for k in data.get("approx", base.approx) if k in stats.FIGURES_BY_KEY],
            rate_decimals=decimals if decimals in (0, 1, 2) else base.rate_decimals,
            attachment=bool(data.get("attachment", base.attachment)),
            note=str(data.get("note", base.note)),
        )

    def save(self, unit: units.UnitRef = None) -> None:
        settings.put(OPTIONS_KEY, self.__dict__, unit=unit)

    @property
    def fill_options(self) -> FillOptions:
        return FillOptions(approx=frozenset(self.approx), rate_decimals=self.rate_decimals)


def report_profile(unit: units.UnitRef = None) -> ReportProfile:
    return ReportProfile.from_dict(settings.get(PROFILE_KEY, unit=unit))


def save_report_profile(profile: ReportProfile, unit: units.UnitRef = None) -> None:
    settings.put(PROFILE_KEY, profile.to_dict(), unit=unit)

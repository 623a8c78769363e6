"""Local variants of the GB/T 9704 layout (fonts, line pitch, bold headings, ★, 版记) and the
附件's comparison with the year before (``prior_year``, see ``services.report_data``).

A ``ReportProfile`` is stored in the settings as JSON (``to_dict``/``from_dict``). The default is
the standard itself; ``PRESETS`` lists the named choices offered in the settings dialog.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from lawdesk.report import gbt9704


@dataclass(frozen=True)
class ReportProfile:
    """Font names and switches; every field has the GB/T 9704-2012 default."""

    body_font: str = "仿宋_GB2312"  # 5.2.2 仿宋 (一般); _GB2312 is the common name (实务)
    kai_font: str = "楷体_GB2312"  # 7.3.3 二级标题, 7.2.6 签发人姓名 (一般)
    hei_font: str = "黑体"  # 7.3.3 一级标题, 7.3.7 附件 (一般)
    title_font: str = "方正小标宋简体"  # 7.2.4 / 7.3.1 小标宋 (推荐)
    song_font: str = "宋体"  # 7.5 页码 (一般)
    line_pitch_twips: int = gbt9704.LINE_PITCH_TWIPS  # 579 (推算) or 560 (实务 28 磅)
    bold_level2: bool = False  # 实务 some local rules bold the 楷体 heading
    bold_level3: bool = False  # 实务 some local rules bold "1." too
    party_star: bool = True  # 实务 党的机关: ★ in the middle of the red rule
    imprint: bool = True  # 7.4 版记 (抄送, 印发机关和印发日期)
    sealed: bool = True  # 7.3.5.1 加盖印章 (joint organs side by side); False: 7.3.5.2 不加盖印章
    prior_year: str = "auto"  # 附件: compare with the year before — auto (its ledger kept), show, hide

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> ReportProfile:
        """Build from stored JSON; unknown keys are ignored, bad types fall back to defaults."""
        if not data:
            return cls()
        defaults = cls()
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            value = data[f.name]
            default = getattr(defaults, f.name)
            if isinstance(default, bool):
                if isinstance(value, bool):
                    values[f.name] = value
            elif isinstance(default, int):
                if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                    values[f.name] = value
            elif isinstance(value, str) and value.strip():
                values[f.name] = value.strip()
        return replace(defaults, **values)

    @property
    def line_pitch_pt(self) -> float:
        return self.line_pitch_twips / gbt9704.TWIPS_PER_PT


#: Chinese labels of the switches, for the 报告格式 editor.
SWITCH_LABELS: dict[str, str] = {
    "party_star": "版头红线中间加 ★（党的机关）",
    "imprint": "加版记（抄送、印发机关和印发日期）",
    "bold_level2": "二级标题（一）加粗",
    "bold_level3": "三级标题 1. 加粗",
    "sealed": "加盖印章（联合行文时署名并排，成文日期在最后一个机关之下）",
}

STANDARD = ReportProfile()

PRESETS: dict[str, ReportProfile] = {
    "标准（GB/T 9704-2012）": STANDARD,
    "仿宋（无_GB2312字体）": ReportProfile(body_font="仿宋", kai_font="楷体"),
    "28磅行距": ReportProfile(line_pitch_twips=gbt9704.LINE_PITCH_28PT_TWIPS),
    "政府机关（无★）": ReportProfile(party_star=False),
    "二三级标题加粗": ReportProfile(bold_level2=True, bold_level3=True),
}

DEFAULT_PRESET = "标准（GB/T 9704-2012）"

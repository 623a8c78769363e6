"""Export a period's 台账 and the blank template: gather through the services, write with ``writer``.

The figures sheet shows the figures exactly as ``services.stats`` computes them for the report
(never recomputed here); the record sheets hold what ``services.ledger`` selects (records of the
period and records a figure of the period counts; never the 回收站).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lawdesk.excel import layout, writer
from lawdesk.services import ledger, stats
from lawdesk.services.period import Period

#: The report's parts as its headings name them (lawdesk.report.content), keyed by the figures' sections.
SECTION_NAMES = {
    stats.S1: "一、党政主要负责人履行第一责任人职责",
    stats.S2A: "二（一）完善监督体制机制、化解矛盾纠纷、提升法治水平",
    stats.S2B: "二（二）推进依法执政",
    stats.S2C: "二（三）健全制度机制、推进基层治理法治化",
    stats.S2D: "二（四）推进法治政府、法治社会建设",
}


def section_name(section: str) -> str:
    return SECTION_NAMES.get(section, section or "其他")


def figure_rows(figures: stats.Figures) -> list[writer.FigureRow]:
    out = []
    for fig in stats.FIGURES:
        value = figures[fig.key]
        out.append(writer.FigureRow(section_name(fig.section), fig.label, value, fig.unit, fig.is_rate))
    return out


@dataclass
class ExportResult:
    path: Path
    counts: dict[str, int]
    message: str


def export_ledger(period: Period, out_path: Path, *, mask: bool = False, progress: writer.Progress | None = None) -> ExportResult:
    """Write the period's 台账 workbook; raise ``LawdeskError`` with a Chinese message."""
    writer.target_path(out_path)
    specs = layout.record_specs()
    sheets = {spec.kind: ledger.rows(spec.kind, period) for spec in specs}
    figures = stats.compute(period)
    note = (
        f"统计期间 {period.start.isoformat()} 至 {period.end.isoformat()}；数字与年度报告相同，"
        f"由“法治建设台账”根据工作记录自动统计；回收站中的记录不计入、不导出。"
        + ("个人信息已隐去。" if mask else "")
    )
    path = writer.write_ledger(
        out_path,
        sheets,
        specs,
        title=f"{period.title_label}法治政府建设工作台账",
        note=note,
        figures=figure_rows(figures),
        mask=mask,
        progress=progress,
    )
    counts = {spec.kind: len(sheets[spec.kind]) for spec in specs}
    total = sum(counts.values())
    message = f"已导出{period.label}台账（{total} 条记录{'，个人信息已隐去' if mask else ''}）：{path}"
    return ExportResult(path, counts, message)


def export_template(out_path: Path) -> Path:
    return writer.write_template(out_path, layout.record_specs())

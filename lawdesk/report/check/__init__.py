"""Read-back compliance checker for GB/T 9704-2012 reports (``lawdesk check``).

``check_docx(path)`` opens a .docx that may come from anywhere (the user's own drafts too), so
the ZIP is read defensively (member count, sizes, compression ratio, no DTDs) before any XML is
parsed. It returns ``Finding`` rows — severity 错误/警告/提示, the check item as ``code``, a
Chinese message and where it was found. ``format_findings`` renders them as text.

Entry point for more checks: ``check_document(path, profile, extra=...)`` runs every clause
module (``CLAUSE_CHECKS``) over the opened ``Doc`` and then each callable in ``extra``; an extra
check takes the ``Doc`` and returns ``Finding`` rows (text lint, proofreading, page parity …).

The check items and the clauses of the standard they test (``CLAUSES`` lists them all):

- 4.1–4.6   page, margins, 版心, footer distance, grid, odd/even footers — §5.1, §5.2, §7.5
- 4.7–4.10  odd/even setting, languages, default and Normal style — §5.2.2, §7.5
- 4.12–4.14 页码 position, form, font — §7.5
- 4.15–4.21 body paragraphs and heading levels — §5.2.2, §5.2.3, §7.3.3
- 4.22–4.26 版头 — §7.2.4–§7.2.7
- 4.27–4.32 title, 主送, 附件说明, 成文日期, 署名, 附注 — §7.3.1–§7.3.6
- 4.33–4.35 版记 — §7.4
- 4.36–4.39 theme fonts, schema order, unreadable or unsafe files (package)
- 4.40      page parity from a LibreOffice render: 版记 on an even page — §7.4, §7.5
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from lawdesk.report.check.common import ERROR, INFO, WARNING, Doc, Finding
from lawdesk.report.check.layout import check_sections, check_settings
from lawdesk.report.check.package import _Package, _Refused
from lawdesk.report.check.structure import check_structure
from lawdesk.report.check.styles import check_colours, check_order, check_styles, check_theme
from lawdesk.report.profile import ReportProfile

__all__ = [
    "CLAUSES",
    "CLAUSE_CHECKS",
    "ERROR",
    "INFO",
    "WARNING",
    "Doc",
    "Finding",
    "check_document",
    "check_docx",
    "count_by_severity",
    "format_findings",
]

ExtraCheck = Callable[[Doc], Iterable[Finding]]

# Every check item with the clause of GB/T 9704-2012 it tests.
CLAUSES: dict[str, str] = {
    "4.1": "5.1 幅面尺寸",
    "4.2": "5.2.1 页边（天头、订口）",
    "4.3": "5.2.1 版心尺寸",
    "4.4": "7.5 页码位置（一字线距版心下边缘7mm）",
    "4.5": "5.2.3 行数和字数",
    "4.6": "7.5 页码（奇偶页页脚）",
    "4.7": "7.5 单页码居右、双页码居左（奇偶页不同）",
    "4.8": "5.2.2 字体（中文语言设置）",
    "4.9": "5.2.2 字体（默认格式）",
    "4.10": "5.2.2 字体和字号（正文样式）",
    "4.12": "7.5 单页码居右空一字，双页码居左空一字",
    "4.13": "7.5 页码样式（一字线）",
    "4.14": "7.5 页码字体字号",
    "4.15": "5.2.3 行距",
    "4.16": "7.3.3 正文段落",
    "4.17": "5.2.2 正文字体字号",
    "4.18": "5.2.2 标点的字体",
    "4.19": "5.2.4 文字颜色",
    "4.20": "7.3.3 结构层次序数",
    "4.21": "7.3.3 标题与正文同页",
    "4.22": "7.2.4 发文机关标志",
    "4.23": "7.2.4 发文机关标志位置",
    "4.24": "7.2.5 发文字号",
    "4.25": "7.2.6 签发人",
    "4.26": "7.2.7 版头中的分隔线",
    "4.27": "7.3.1 标题",
    "4.28": "7.3.2 主送机关",
    "4.29": "7.3.4 附件说明",
    "4.30": "7.3.5.4 成文日期",
    "4.31": "7.3.5 发文机关署名、成文日期和印章",
    "4.32": "7.3.6 附注",
    "4.33": "7.4.2–7.4.3 抄送机关、印发机关和印发日期",
    "4.34": "7.4.1 版记中的分隔线",
    "4.35": "7.4 版记位置",
    "4.36": "5.2.2 字体（主题字体）",
    "4.38": "文件结构（OOXML 架构顺序）",
    "4.39": "文件读取（损坏或不安全的文件）",
    "4.40": "7.4 / 7.5 版记在最后一面（偶数页），空白页与版记页不编页码",
}

CLAUSE_CHECKS: tuple[Callable[[Doc], None], ...] = (
    check_sections,
    check_settings,
    check_styles,
    check_theme,
    check_order,
    check_colours,
    check_structure,
)


def check_document(
    path: str | Path,
    profile: ReportProfile | None = None,
    extra: Sequence[ExtraCheck] = (),
) -> list[Finding]:
    """Run every clause module, then ``extra`` checks, over one .docx; never raises for a bad file."""
    path = Path(path)
    try:
        pkg = _Package(path)
    except _Refused as exc:
        return [Finding(ERROR, "4.39", exc.message, path.name)]
    except (OSError, zipfile.BadZipFile) as exc:
        return [Finding(ERROR, "4.39", f"无法读取“{path.name}”：{exc}", path.name)]
    try:
        doc = Doc(pkg, profile)
        for check in CLAUSE_CHECKS:
            check(doc)
        for check in extra:
            for f in check(doc):
                doc.add(f.severity, f.code, f.message, f.where)
        return doc.out.findings()
    except _Refused as exc:
        return [Finding(ERROR, "4.39", exc.message, path.name)]
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        return [Finding(ERROR, "4.39", f"“{path.name}”已损坏，无法读取：{exc}", path.name)]
    finally:
        pkg.close()


def check_docx(path: str | Path, profile: ReportProfile | None = None) -> list[Finding]:
    """Check one .docx against GB/T 9704-2012 (the clause modules only)."""
    return check_document(path, profile)


def count_by_severity(findings: Iterable[Finding]) -> dict[str, int]:
    counts = {ERROR: 0, WARNING: 0, INFO: 0}
    for f in findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    return counts


def format_findings(findings: list[Finding]) -> str:
    """Chinese plain-text report, one line per finding, with a summary line first."""
    counts = count_by_severity(findings)
    if not findings:
        return "格式检查通过：未发现问题。"
    head = f"格式检查结果：错误 {counts[ERROR]} 项，警告 {counts[WARNING]} 项，提示 {counts[INFO]} 项。"
    lines = [head]
    for f in findings:
        where = f"（{f.where}）" if f.where else ""
        lines.append(f"【{f.severity}】{f.code} {f.message}{where}")
    return "\n".join(lines)

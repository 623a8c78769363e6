"""The body's words: the text linter (T codes, 错误) and proofreading (P codes, 警告).

The rules themselves live in ``lawdesk.report.lint`` and ``lawdesk.report.proofread``; this module
only feeds them the body paragraphs that the structure check found.
"""

from __future__ import annotations

from lawdesk.report.check.common import Doc, _Para


def check_text(d: Doc, body: list[_Para]) -> None:
    from lawdesk.report.lint import text_findings

    for issue in text_findings([p.text.strip() for p in body]):
        d.add(issue.severity, issue.code, issue.message, issue.where)

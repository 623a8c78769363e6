"""The body's words: the text linter (T codes, 错误) and proofreading (P codes, 警告).

The rules themselves live in ``lawdesk.report.lint`` and ``lawdesk.report.proofread``; this module
only feeds them the body paragraphs that the structure check found.
"""

from __future__ import annotations

from lawdesk.report import lint, proofread
from lawdesk.report.check.common import Doc, _Para


def text_findings(texts: list[str]) -> list[lint.Issue]:
    """What ``lawdesk check`` reports about a document's body text: the linter and the proofreader."""
    return lint.lint_texts(texts) + proofread.proofread_texts(texts)


def check_text(d: Doc, body: list[_Para]) -> None:
    for issue in text_findings([p.text.strip() for p in body]):
        d.add(issue.severity, issue.code, issue.message, issue.where)

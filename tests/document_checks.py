"""Checks the tests of the documents written from the ledger share: every figure a data sentence
prints equals the query behind it, the written .docx holds exactly the composed body, and the
linter, the proofreader and ``check`` find nothing."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import docx

from lawdesk.report import claims as claims_model
from lawdesk.report import content
from lawdesk.report.check import ERROR, WARNING, check_document, format_findings
from lawdesk.report.check.render import estimate_check
from lawdesk.report.claims import Claim
from lawdesk.report.compose import Composed

#: A count or rate as a sentence prints it: digits (with 余) before their unit.
NUMBER = re.compile(r"(\d+(?:\.\d+)?余?)(?=次|件|人次|人|场|个|期|起|份|项|学时|%)")


def printed(values: Mapping[str, object], rate_keys: Iterable[str], options: content.FillOptions) -> dict[str, str]:
    """Each figure as a body prints it (the report's own rounding and 余)."""
    return {k: v for k, v in content.format_values(values, set(rate_keys), options).items() if isinstance(v, str)}


def assert_figures_equal(claims: Iterable[Claim], expected: Mapping[str, str], figure_of: Mapping[str, str]) -> int:
    """Every data sentence prints, for each figure behind it, the expected value, and no number
    that is not one of them; returns how many figures were compared."""
    compared = 0
    for claim in claims:
        if claim.kind != claims_model.DATA:
            continue
        shown = {expected[figure_of[k]] for k in claim.keys if figure_of.get(k) == k and k in expected}
        for key in claim.keys:
            if figure_of.get(key) == key and key in expected:
                assert expected[key] in claim.text, (claim.text, key, expected[key])
                compared += 1
        for number in NUMBER.findall(claim.text):
            assert number in shown, (claim.text, number, shown)
    return compared


def docx_paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]


def assert_body_written(path: Path, composed: Composed) -> None:
    """The .docx holds every paragraph of the composed body, in order."""
    written = docx_paragraphs(path)
    at = 0
    for para in composed.body:
        text = para.heading + para.text
        while at < len(written) and written[at] != text:
            at += 1
        assert at < len(written), f"not in the document: {text[:40]}"


def assert_clean(path: Path, composed: Composed | None = None) -> list:
    """The linter and proofreader find nothing in the body, ``check`` no error and no warning."""
    if composed is not None:
        assert composed.lint == [] and composed.proofread == [], (composed.lint, composed.proofread)
    findings = check_document(path, extra=[estimate_check])
    assert not [f for f in findings if f.severity in (ERROR, WARNING)], format_findings(findings)
    return findings

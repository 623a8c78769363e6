"""The page of the annual report on which each figure is written (the 迎检台账 index uses it).

``annual_report.figure_pages`` lays the report out on the 22-line grid (GB/T 9704 §5.2.3); here the
estimate is held against a LibreOffice render of the same report, figure by figure.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from lawdesk.report.files import docx_to_pdf, find_soffice
from lawdesk.services import annual_report, records
from lawdesk.services.period import Period

Y2022 = Period.year(2022)

#: A phrase of the demo report that only the sentence carrying the figure contains.
PHRASES = {
    "leadership_meetings": "主持召开专题会议",
    "field_research": "调研3次",
    "patrols": "治安巡逻26次",
    "study_sessions": "集中学法4次",
    "cadre_trainings": "培训2期",
    "lecturers": "宣讲员3人",
    "lectures": "宣讲12场",
    "legal_reviews": "合法性审查14件",
}


def test_a_figure_the_text_does_not_write_has_no_page(demo_db) -> None:  # noqa: ANN001
    pages = annual_report.figure_pages(Y2022, ["patrols", "legal_reviews"])
    assert set(pages) == {"patrols", "legal_reviews"} and all(p >= 1 for p in pages.values())
    for row in records.list_records("review", records.ListQuery(period=Y2022, page_size=500)).rows:
        records.delete("review", int(row["id"]))
    assert set(annual_report.figure_pages(Y2022, ["patrols", "legal_reviews"])) == {"patrols"}


@pytest.mark.skipif(find_soffice() is None or shutil.which("pdftotext") is None,
                    reason="需要 LibreOffice（soffice）和 poppler-utils（pdftotext）")
def test_the_estimated_pages_are_the_pages_of_a_render(demo_db, tmp_path: Path) -> None:  # noqa: ANN001
    estimated = annual_report.figure_pages(Y2022, list(PHRASES))
    out = tmp_path / "报告.docx"
    annual_report.export_report(Y2022, out, issue_date=dt.date(2023, 1, 9), page_count="grid")
    pdf = docx_to_pdf(out, tmp_path / "报告.pdf")
    rendered: dict[str, int] = {}
    for page in range(1, 8):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True).stdout
        text = "".join(text.split())
        for key, phrase in PHRASES.items():
            if phrase in text and key not in rendered:
                rendered[key] = page
    assert set(rendered) == set(PHRASES), "every phrase is in the rendered report"
    assert estimated == rendered

"""报告与总结: the page where an office writes its annual report, its half-year summary and its
leaders' 述法报告 (a county: its own report) — a thin page holding the document and one view per
tab (see ``page.py``)."""

from lawdesk.ui.pages.report.page import ReportPage

__all__ = ["ReportPage"]

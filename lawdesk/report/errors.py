"""Exceptions raised while writing, saving, converting or checking the annual report.

Every exception carries ``.message``: a Chinese sentence that can be shown to the clerk as is.
"""

from __future__ import annotations


class ReportError(Exception):
    """Base class; ``message`` is the Chinese text for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ReportFileLocked(ReportError):
    """The target file is open in WPS/Word (or otherwise not writable)."""


class PdfUnavailable(ReportError):
    """LibreOffice is missing, so no PDF can be made."""


class PdfConversionFailed(ReportError):
    """LibreOffice ran but did not produce a PDF (crash, timeout)."""


class InvalidDocx(ReportError):
    """The file given to the checker is not a readable .docx."""

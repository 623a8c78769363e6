"""A 征求意见稿: the report before it is signed, its prompts 〔请填写：…〕 highlighted.

The writer lays the document out as it would the signed one (the highlight changes no line or
page); this pass then cuts every run that holds a prompt so that the prompt alone is marked
yellow (``w:highlight``, shown by Word, WPS and LibreOffice). The title says 征求意见稿
(``documents.draft_title``).
"""

from __future__ import annotations

import copy
import re

from docx.document import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.text.run import Run

_PROMPT = re.compile(r"〔请填写：[^〔〕]*〕")


def highlight_prompts(document: Document) -> int:
    """Mark every prompt of ``document`` yellow; returns how many were marked."""
    marked = 0
    for paragraph in document.paragraphs:
        if "〔请填写" not in paragraph.text:
            continue
        for run in list(paragraph.runs):
            marked += _highlight_run(run)
    return marked


def _highlight_run(run: Run) -> int:
    text = run.text
    pieces: list[tuple[str, bool]] = []
    at = 0
    for m in _PROMPT.finditer(text):
        pieces.append((text[at : m.start()], False))
        pieces.append((m.group(0), True))
        at = m.end()
    if not pieces:
        return 0
    pieces.append((text[at:], False))
    pieces = [(t, marked) for t, marked in pieces if t]
    runs = [run]
    for _piece in pieces[1:]:  # copies of the run (its fonts and size), one per piece
        clone = copy.deepcopy(runs[-1]._r)
        runs[-1]._r.addnext(clone)
        runs.append(Run(clone, run._parent))
    for part, (piece, marked) in zip(runs, pieces, strict=True):
        part.text = piece
        part.font.highlight_color = WD_COLOR_INDEX.YELLOW if marked else None
    return sum(1 for _t, marked in pieces if marked)

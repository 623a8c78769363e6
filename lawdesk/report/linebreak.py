"""How a word processor breaks a paragraph of Chinese text into lines, for the page estimate.

On the 22 × 28 grid of GB/T 9704 §5.2.3 every line of the body is one fixed row, so a page
count is a line count: this module finds where each line of a paragraph ends, the way
LibreOffice does it (the renders the tests compare with). Word and WPS differ only in the width
they put between Chinese and Latin text (a quarter em instead of a fifth); the rules are:

- **Widths.** Chinese characters and full-width punctuation are one em; digits and Latin letters
  as wide as the font that prints them makes them (``fontcheck.latin_advances``; half an em, the
  width of the GB 2312 fonts, when that font is not known). A run's character spacing
  (``w:spacing``, −0.25 pt in the body) is added to every character.
- **Script.** Quotation marks, dashes and the ellipsis (U+2000–U+206F) take the script of the
  character before them: “通知” is set in the Chinese font, 12345” in the Latin one.
- **Chinese–Latin spacing.** Between a Chinese character and a digit or Latin letter, either way
  round, the renderer adds a fifth of the font size ("2022 年"; LibreOffice also drops the
  character spacing there).
- **避头尾 (kinsoku).** No line starts with a closing mark (``NO_START``) and none ends with an
  opening one (``NO_END``); a digit or Latin word is never split, nor is ——.
- **Hanging punctuation.** A comma, full stop, 、；：？！ that does not fit hangs past the right
  margin (when the character after it may start a line); any other mark that may not start a
  line takes the character before it down to the next line with it.
- No punctuation compression: the writer sets ``characterSpacingControl`` to doNotCompress.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

NO_START = frozenset("，。、；：？！）》〉」』】〕〗”’·,.;:?!)]}")
NO_END = frozenset("（《〈「『【〔〖“‘([{")
HANGING = frozenset("，。、；：？！,.;:?!")
DASH = "—"
HALF_EM = 0.5
#: A line is measured as if its last character had no character spacing (−0.25 pt in the body):
#: it fits when it is this much narrower than its width (found by rendering lines of every width).
SLACK_TWIPS = 5


@dataclass(frozen=True)
class Run:
    """A run of text with one size (half-points), character spacing (twips) and Latin widths."""

    text: str
    size: int = 32
    spacing: int = -5
    latin: Mapping[str, float] | None = None  # advance of each Latin character (em)


def _is_weak(ch: str) -> bool:
    return 0x2000 <= ord(ch) <= 0x206F


def _is_latin(ch: str) -> bool:
    return ord(ch) < 0x250  # ASCII, Latin-1 (· × ÷) and Latin Extended


def is_ideograph(ch: str) -> bool:
    o = ord(ch)
    return 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x3040 <= o <= 0x30FF or o >= 0x20000


def scripts(text: str) -> list[bool]:
    """For each character: is it set in the Latin font (True) or the Chinese one (False)?"""
    out: list[bool] = []
    pending = 0  # weak characters at the start, before any strong one
    for ch in text:
        if _is_weak(ch):
            if out:
                out.append(out[-1])
            else:
                pending += 1
            continue
        latin = _is_latin(ch)
        if pending:  # weak characters opening the paragraph: the Latin font (LibreOffice)
            out.extend([True] * pending)
            pending = 0
        out.append(latin)
    out.extend([True] * pending)  # only weak characters: the Latin font
    return out


def char_widths(runs: Sequence[Run]) -> tuple[str, list[int], list[int], list[bool]]:
    """(text, width of each character in twips, the Chinese–Latin spacing before each, Latin
    script of each) of a paragraph's runs. A line that starts at a character drops its spacing.

    The renderer sets text in portions of one script and one run; the character spacing goes
    between the characters of a portion, so the last character of each portion has none.
    """
    text = "".join(r.text for r in runs)
    latin = scripts(text)
    widths: list[int] = []
    sizes: list[int] = []
    last_of_run: list[bool] = []
    at = 0
    for run in runs:
        em = run.size * 10
        for k, ch in enumerate(run.text):
            if ch == "\n":
                widths.append(0)
            elif latin[at]:
                advance = (run.latin or {}).get(ch)
                widths.append(round((HALF_EM if advance is None else advance) * em) + run.spacing)
            else:
                widths.append(em + run.spacing)
            sizes.append(run.size)
            last_of_run.append(k == len(run.text) - 1)
            at += 1
    spacing = [0] * len(text)
    at = 0
    for run in runs:
        spacing[at : at + len(run.text)] = [run.spacing] * len(run.text)
        at += len(run.text)
    kerns = [0] * len(text)
    for i in range(len(text)):
        if last_of_run[i] or i + 1 == len(text) or latin[i] != latin[i + 1]:
            widths[i] -= spacing[i]  # the end of a portion
        if i:
            a, b = text[i - 1], text[i]
            if (is_ideograph(a) and latin[i] and b.isalnum()) or (latin[i - 1] and a.isalnum() and is_ideograph(b)):
                kerns[i] = sizes[i - 1] * 2  # a fifth of the font size
    return text, widths, kerns, latin


def _may_break(text: str, latin: list[bool], i: int) -> bool:
    """May a line end between ``text[i-1]`` and ``text[i]``?"""
    before, after = text[i - 1], text[i]
    if after in NO_START or before in NO_END:
        return False
    if before == DASH and after == DASH:
        return False
    return not (latin[i - 1] and latin[i] and before != " ")


def break_lines(runs: Sequence[Run], width: int, first: int = 0) -> list[str]:
    """The lines of a paragraph ``width`` twips wide whose first line is ``first`` twips
    narrower (a first-line indent; negative for a hanging one)."""
    text, widths, kerns, latin = char_widths(runs)
    if not text:
        return [""]
    lines: list[str] = []
    start, used, limit = 0, 0, width - first
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            lines.append(text[start:i])
            start, used, limit, i = i + 1, 0, width, i + 1
            continue
        advance = widths[i] + (kerns[i] if i > start else 0)
        if used + advance <= limit - SLACK_TWIPS or i == start:
            used += advance
            i += 1
            continue
        # text[i] does not fit on this line
        if ch in HANGING and (i + 1 >= n or _may_break(text, latin, i + 1)):
            end = i + 1  # it hangs past the margin
        else:
            end = next((j for j in range(i, start, -1) if _may_break(text, latin, j)), i)
        lines.append(text[start:end])
        start, limit = end, width
        if start > i:  # the hanging character
            i, used = start, 0
        else:
            used = sum(widths[start:i]) + sum(kerns[start + 1 : i])
    if start < n or not lines:
        lines.append(text[start:])
    return lines

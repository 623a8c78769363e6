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

import bisect
import itertools
import re
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


_LATIN_OR_WEAK = re.compile("[\u0000-\u024f\u2000-\u206f]")


def scripts(text: str) -> list[bool]:
    """For each character: is it set in the Latin font (True) or the Chinese one (False)?"""
    if not _LATIN_OR_WEAK.search(text):
        return [False] * len(text)  # Chinese only: the common paragraph, at once
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
    n = len(text)
    widths: list[int] = []
    sizes: list[int] = []
    spacing: list[int] = []
    ends: set[int] = {n - 1}
    at = 0
    for run in runs:
        em, k = run.size * 10, len(run.text)
        if k == 0:
            continue
        if not any(latin[at : at + k]):
            widths += [em + run.spacing] * k
        else:
            table = run.latin or {}
            widths += [0 if ch == "\n" else
                       round(table.get(ch, HALF_EM) * em) + run.spacing if latin[at + j] else em + run.spacing
                       for j, ch in enumerate(run.text)]  # fmt: skip
        sizes += [run.size] * k
        spacing += [run.spacing] * k
        at += k
        ends.add(at - 1)
    for i, ch in enumerate(text):
        if ch == "\n":
            widths[i] = 0
    kerns = [0] * n
    changes = [i for i in range(1, n) if latin[i] != latin[i - 1]] if any(latin) else []
    for i in changes:
        ends.add(i - 1)
        a, b = text[i - 1], text[i]
        if (is_ideograph(a) and b.isalnum()) or (a.isalnum() and is_ideograph(b)):
            kerns[i] = sizes[i - 1] * 2  # a fifth of the font size
    for i in ends:
        if 0 <= i < n:
            widths[i] -= spacing[i]  # the end of a portion
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
    n = len(text)
    cum = [0, *itertools.accumulate(w + k for w, k in zip(widths, kerns, strict=True))]
    lines: list[str] = []
    start, limit = 0, width - first
    hard = [i for i, ch in enumerate(text) if ch == "\n"]
    while start < n:
        stop = next((h for h in hard if h >= start), n)  # a line break in the text ends the line
        # the first character that does not fit (the line's first always does)
        room = cum[start] + kerns[start] + limit - SLACK_TWIPS
        i = max(start + 1, bisect.bisect_right(cum, room, start + 1) - 1)
        if i >= stop:
            lines.append(text[start:stop])
            start, limit = stop + 1, width
            continue
        if text[i] in HANGING and (i + 1 >= n or _may_break(text, latin, i + 1)):
            end = i + 1  # it hangs past the margin
        else:
            end = next((j for j in range(i, start, -1) if _may_break(text, latin, j)), i)
        lines.append(text[start:end])
        start, limit = end, width
    if not lines or text.endswith("\n"):
        lines.append("")
    return lines

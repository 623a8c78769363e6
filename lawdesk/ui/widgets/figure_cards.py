"""The figure cards of 首页, drawn on one Canvas.

Each card is a light rectangle with three texts: the figure's name (wrapping), the figure in
a big bold font, and last year's figure with the trend ("2021年 26次　↑ 增加", coloured,
wrapping). Two to five cards a row, as the width allows; rows are as high as their tallest
card; a hint line follows the last row; the canvas scrolls (wheel, Page Up/Down) when the cards
are taller than the page.

Why a Canvas: fifteen cards of four widgets each were most of the widgets the main window
maps at start-up; as canvas items they cost one widget, and a new width moves items instead of
asking every label's geometry again. A click anywhere on a card calls ``on_click(key)``.
"""

from __future__ import annotations

import tkinter
import tkinter.font as tkfont
import tkinter.ttk as tkttk
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

CARDS_PER_ROW = 5
CARD_MIN_WIDTH = 180  # px a card needs; fewer columns below it (never fewer than two)
CARD_MIN_INNER = 92  # px of text a card keeps however narrow the page
GAP = 10  # px between cards
PAD_X, PAD_Y = 12, 8  # px inside a card
LINE_GAP = 2  # px between the name and the figure
HINT_GAP = 12  # px between the last row and the hint
MARGIN_LEFT, MARGIN_RIGHT = 6, 12  # px between the cards and the canvas's edges

#: Characters a line never starts with, and never ends with (GB/T 15834 practice: a comma or a
#: closing bracket stays with the character before it, an opening one with the one after).
NO_LINE_START = "、，。；：？！）》」』〉”’％%·"
NO_LINE_END = "（《「『〈“‘"


def wrap_text(text: str, measure: Callable[[str], int], width: int) -> str:
    """``text`` with line breaks so that each line is at most ``width`` px wide (``measure``
    gives a string's width), breaking between any two Chinese characters but never before a
    comma or closing bracket, after an opening bracket, or inside a run of Latin letters and
    digits (a line of one unbreakable run is left as it is)."""
    if "\n" in text:
        return "\n".join(wrap_text(line, measure, width) for line in text.split("\n"))
    lines = []
    rest = text
    while len(rest) > 1 and measure(rest) > width:
        lo, hi = 1, len(rest) - 1  # the longest prefix that fits: at least one character
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if measure(rest[:mid]) <= width:
                lo = mid
            else:
                hi = mid - 1
        cut = _break_before(rest, lo)
        lines.append(rest[:cut])
        rest = rest[cut:]
    lines.append(rest)
    return "\n".join(lines)


def _break_before(text: str, cut: int) -> int:
    """The break at or before ``cut`` that the rules allow (``cut`` itself when none does)."""
    for at in range(cut, 0, -1):
        before, after = text[at - 1], text[at]
        if after in NO_LINE_START or before in NO_LINE_END:
            continue
        if before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
            continue
        return at
    return cut


class _Card(NamedTuple):
    """The canvas items of one card."""

    key: str
    rect: int
    title: int
    value: int
    compare: int


class FigureCards(tkttk.Frame):
    """Cards for ``items`` ((key, name) pairs); fill them with ``set_figures``."""

    def __init__(self, master: tkinter.Misc, items: Sequence[tuple[str, str]], *,
                 on_click: Callable[[str], None], hint: str, card_color: str, text_color: str,
                 page_color: str, hint_color: str, title_font: str = "LawdeskSmall",
                 value_font: str = "LawdeskBig") -> None:
        super().__init__(master)
        self.on_click = on_click
        self._measure = {title_font: tkfont.nametofont(title_font, root=master).measure,
                         value_font: tkfont.nametofont(value_font, root=master).measure}
        self._texts: dict[int, tuple[str, str]] = {}  # item → (text before wrapping, font)
        self.canvas = tkinter.Canvas(self, background=page_color, highlightthickness=0,
                                     borderwidth=0, takefocus=0, height=200)
        self.scrollbar = tkttk.Scrollbar(self, orient="vertical", command=self.canvas.yview)
        self.canvas.configure(yscrollcommand=self.scrollbar.set)
        self.scrollbar.pack(side="right", fill="y")
        self.canvas.pack(side="left", fill="both", expand=True)
        self.cards: list[_Card] = []
        self._by_key: dict[str, _Card] = {}
        self._key_of_item: dict[int, str] = {}
        for key, name in items:
            card = _Card(
                key=key,
                rect=self.canvas.create_rectangle(0, 0, 1, 1, fill=card_color, width=0,
                                                  tags=("card",)),
                title=self._text(name, title_font, text_color, ("card",)),
                value=self._text("…", value_font, text_color, ("card", "value")),
                compare=self._text("", title_font, text_color, ("card",)),
            )
            self.cards.append(card)
            self._by_key[key] = card
            for item in (card.rect, card.title, card.value, card.compare):
                self._key_of_item[item] = key
        self.hint = self._text(hint, title_font, hint_color, ())
        self.columns = 0
        self.inner_width = 0
        self.laid_out_width = 0
        canvas = self.canvas
        canvas.tag_bind("card", "<Button-1>", self._on_click)
        canvas.tag_bind("value", "<Enter>", lambda _e: canvas.configure(cursor="hand2"))
        canvas.tag_bind("value", "<Leave>", lambda _e: canvas.configure(cursor=""))
        for sequence in ("<MouseWheel>", "<Button-4>", "<Button-5>"):
            canvas.bind(sequence, self._on_wheel)

    def _text(self, text: str, font: str, color: str, tags: tuple[str, ...]) -> int:
        item = self.canvas.create_text(0, 0, text=text, anchor="nw", font=font, fill=color,
                                       tags=tags)
        self._texts[item] = (text, font)
        return item

    def _set_text(self, item: int, text: str, width: int | None) -> None:
        """Show ``text`` in ``item`` wrapped to ``width`` px (see ``wrap_text``; None: not
        laid out yet, the layout wraps it)."""
        font = self._texts[item][1]
        self._texts[item] = (text, font)
        shown = text if width is None else wrap_text(text, self._measure[font], width)
        self.canvas.itemconfigure(item, text=shown)

    # -- figures -----------------------------------------------------------------------------

    def set_figures(self, figures: Iterable[tuple[str, str, str, str]]) -> None:
        """Show each (key, figure, comparison line, its colour), wrapped to the cards' width,
        then place the cards again (a longer figure may need a line more)."""
        width = self.inner_width or None
        for key, value, compare, compare_color in figures:
            card = self._by_key[key]
            self._set_text(card.value, value, width)
            self._set_text(card.compare, compare, width)
            self.canvas.itemconfigure(card.compare, fill=compare_color)
        if self.columns:
            self.layout(self.laid_out_width)

    def text_of(self, key: str, part: str = "value") -> str:
        """The text a card shows (before wrapping): ``part`` is "title", "value" or "compare"."""
        return self._texts[getattr(self._by_key[key], part)][0]

    def color_of(self, key: str, part: str = "compare") -> str:
        return str(self.canvas.itemcget(getattr(self._by_key[key], part), "fill"))

    def card_box(self, key: str) -> tuple[int, int, int, int]:
        """(x1, y1, x2, y2) of card ``key`` in canvas coordinates."""
        x1, y1, x2, y2 = self.canvas.coords(self._by_key[key].rect)
        return int(x1), int(y1), int(x2), int(y2)

    def text_box(self, key: str, part: str) -> tuple[int, int, int, int]:
        """The bounding box of one text of card ``key`` in canvas coordinates."""
        x1, y1, x2, y2 = self.canvas.bbox(getattr(self._by_key[key], part))
        return x1, y1, x2, y2

    # -- layout ------------------------------------------------------------------------------

    @staticmethod
    def columns_for(width: int) -> int:
        usable = width - MARGIN_LEFT - MARGIN_RIGHT
        return max(2, min(CARDS_PER_ROW, (usable + GAP) // (CARD_MIN_WIDTH + GAP)))

    def layout(self, width: int) -> None:
        """Place the cards for a canvas ``width`` px wide (two to five a row, texts wrapped)."""
        columns = self.columns_for(width)
        usable = max(width - MARGIN_LEFT - MARGIN_RIGHT, columns * (CARD_MIN_INNER + 2 * PAD_X))
        card_width = (usable - GAP * (columns - 1)) // columns
        inner = max(CARD_MIN_INNER, card_width - 2 * PAD_X)
        if inner != self.inner_width:
            for card in self.cards:
                for item in (card.title, card.value, card.compare):
                    self._set_text(item, self._texts[item][0], inner)
            self._set_text(self.hint, self._texts[self.hint][0], usable)
            self.inner_width = inner
        self.columns = columns
        self.laid_out_width = width
        canvas = self.canvas
        top = 0
        for start in range(0, len(self.cards), columns):
            row = self.cards[start:start + columns]
            lefts = [MARGIN_LEFT + i * (card_width + GAP) for i in range(len(row))]
            bottom = top + max(self._place_texts(card, left, top) for card, left in zip(row, lefts, strict=True))
            for card, left in zip(row, lefts, strict=True):
                canvas.coords(card.rect, left, top, left + card_width, bottom)
            top = bottom + GAP
        canvas.coords(self.hint, MARGIN_LEFT, top - GAP + HINT_GAP)
        hint_box = canvas.bbox(self.hint)
        height = hint_box[3] if hint_box else top
        canvas.configure(scrollregion=(0, 0, width, height + PAD_Y))

    def _place_texts(self, card: _Card, left: int, top: int) -> int:
        """Put the three texts of ``card`` at (left, top); return the card's height."""
        canvas = self.canvas
        x, y = left + PAD_X, top + PAD_Y
        for item, gap in ((card.title, LINE_GAP), (card.value, 0), (card.compare, 0)):
            canvas.coords(item, x, y)
            box = canvas.bbox(item)
            y = (box[3] if box else y) + gap
        return y + PAD_Y - top

    # -- events ------------------------------------------------------------------------------

    def _on_click(self, _event: tkinter.Event) -> None:
        current = self.canvas.find_withtag("current")
        key = self._key_of_item.get(current[0]) if current else None
        if key is not None:
            self.on_click(key)

    def _on_wheel(self, event: tkinter.Event) -> str:
        up = getattr(event, "num", None) == 4 or getattr(event, "delta", 0) > 0
        self.canvas.yview_scroll(-1 if up else 1, "units")
        return "break"

    def scroll_pages(self, pages: int) -> str:
        self.canvas.yview_scroll(pages, "pages")
        return "break"

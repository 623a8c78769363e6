"""A tool bar that wraps: its items go on as many lines as the width needs.

Items are children of the bar, added in order with ``add``; when the bar is resized they are
packed into line frames (``pack(in_=line)``), so a row of buttons that is too wide for a
1024 px screen continues on a second line instead of being cut. ``show``/``hide`` take an
item in or out without changing the order.
"""

from __future__ import annotations

import tkinter

import ttkbootstrap as ttk


class FlowBar(ttk.Frame):
    """A frame whose items (its own children) flow left to right onto several lines."""

    def __init__(self, master: tkinter.Misc, *, gap: int = 6, line_gap: int = 4,
                 **kwargs: object) -> None:
        super().__init__(master, **kwargs)
        self.gap = gap
        self.line_gap = line_gap
        self._items: list[tuple[tkinter.Widget, int]] = []
        self._hidden: set[str] = set()
        self._lines: list[ttk.Frame] = []
        self._layout: list[list[str]] | None = None
        self.bind("<Configure>", lambda _e: self.reflow(), add="+")

    def add(self, widget: tkinter.Widget, gap: int | None = None) -> tkinter.Widget:
        """Append ``widget`` (a child of this bar), ``gap`` px after the item before it."""
        self._items.append((widget, self.gap if gap is None else gap))
        self.reflow(force=True)
        return widget

    def show(self, widget: tkinter.Widget, visible: bool = True) -> None:
        if visible:
            self._hidden.discard(str(widget))
        else:
            self._hidden.add(str(widget))
        self.reflow(force=True)

    def hide(self, widget: tkinter.Widget) -> None:
        self.show(widget, False)

    def lines(self) -> list[list[str]]:
        """The items' names, line by line, as laid out now."""
        return [list(line) for line in (self._layout or [])]

    def reflow(self, force: bool = False) -> None:
        width = self.winfo_width()
        if width <= 1:
            width = 10**6  # not on screen yet: one line
        layout: list[list[str]] = [[]]
        used = 0
        for widget, gap in self._items:
            if str(widget) in self._hidden:
                continue
            need = widget.winfo_reqwidth() + (gap if layout[-1] else 0)
            if layout[-1] and used + need > width:
                layout.append([])
                used, need = 0, widget.winfo_reqwidth()
            layout[-1].append(str(widget))
            used += need
        if layout == self._layout and not force:
            return
        self._layout = layout
        self._apply(layout)

    def _apply(self, layout: list[list[str]]) -> None:
        while len(self._lines) < len(layout):
            self._lines.append(ttk.Frame(self))
        gaps = {str(w): g for w, g in self._items}
        for widget, _gap in self._items:
            widget.pack_forget()
        for i, line in enumerate(self._lines):
            if i >= len(layout):
                line.pack_forget()
                continue
            line.pack(fill="x", anchor="w", pady=(0 if i == 0 else self.line_gap, 0))
            for j, name in enumerate(layout[i]):
                widget = self.nametowidget(name)
                widget.pack(in_=line, side="left", padx=(0 if j == 0 else gaps[name], 0))
                widget.lift(line)  # packed into a frame created after it: keep it above

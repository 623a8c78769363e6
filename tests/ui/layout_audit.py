"""A layout audit of real Tk windows: every button, entry and label must be on screen and whole.

``audit(toplevel)`` walks a window's widgets and returns one line per problem, naming the
widget: not mapped although it is meant to be shown, lying partly outside the window (for
widgets inside a scrolling page: outside it sideways — up and down they can be scrolled to),
text wider than the widget (``font.measure`` of its longest line, and a width below the size the
widget asks for), an entry squeezed below a readable width, a list heading cut, a text drawn on a
canvas (首页's figure cards) reaching past the sides of a canvas that does not scroll sideways.
"""

from __future__ import annotations

import tkinter
from tkinter import font as tkfont

import ttkbootstrap as ttk

CHECKED = {"TButton", "TEntry", "TLabel", "TCombobox", "TCheckbutton", "TRadiobutton",
           "TMenubutton", "TSpinbox", "Treeview"}
TEXT_CLASSES = {"TButton", "TLabel", "TCheckbutton", "TRadiobutton", "TMenubutton"}
MIN_ENTRY_PX = 90
SLACK = 2  # px: rounding of borders


def describe(widget: tkinter.Misc) -> str:
    text = ""
    try:
        text = str(widget.cget("text"))[:30]
    except tkinter.TclError:
        pass
    return f"{widget.winfo_class()} {str(widget)!r}" + (f" “{text}”" if text else "")


def _meant_to_show(widget: tkinter.Misc, top: tkinter.Misc) -> bool:
    """Placed by a geometry manager all the way up (and on the selected tab of a notebook)."""
    w = widget
    while w is not None and w is not top:
        if not w.winfo_manager():
            return False
        parent = w.master
        if isinstance(parent, ttk.Notebook) and parent.select() != str(w):
            return False
        w = parent
    return True


def _scroll_container(widget: tkinter.Misc, top: tkinter.Misc) -> tkinter.Misc | None:
    w = widget.master
    while w is not None and w is not top:
        if isinstance(w, ttk.ScrolledFrame):
            return w.container
        w = w.master
    return None


def _rect(w: tkinter.Misc) -> tuple[int, int, int, int]:
    x, y = w.winfo_rootx(), w.winfo_rooty()
    return x, y, x + w.winfo_width(), y + w.winfo_height()


def _font_of(widget: tkinter.Misc) -> tkfont.Font:
    name = ""
    try:
        name = str(widget.cget("font"))
    except tkinter.TclError:
        pass
    if not name:
        style = ttk.Style.get_instance() or ttk.Style()
        name = str(style.lookup(str(widget.cget("style")) or widget.winfo_class(), "font")
                   or "TkDefaultFont")
    try:
        return tkfont.nametofont(name)
    except tkinter.TclError:
        return tkfont.Font(font=name)


def _check_text(widget: tkinter.Misc, problems: list[str]) -> None:
    text = str(widget.cget("text"))
    if not text:
        return
    width = widget.winfo_width()
    if width + SLACK < widget.winfo_reqwidth():
        problems.append(f"{describe(widget)}: text cut ({width}px shown, needs "
                        f"{widget.winfo_reqwidth()}px)")
        return
    wrap = int(str(widget.cget("wraplength")) or 0) if widget.winfo_class() == "TLabel" else 0
    if wrap > 0:
        return  # wrapped text: the requested width above already accounts for it
    longest = max(_font_of(widget).measure(line) for line in text.splitlines())
    if longest > width + SLACK:
        problems.append(f"{describe(widget)}: text {longest}px wider than the widget ({width}px)")


def _check_tree(tree: ttk.Treeview, problems: list[str]) -> None:
    heading = tkfont.nametofont("TkHeadingFont")
    columns = list(tree["displaycolumns"])
    if columns == ["#all"]:
        columns = list(tree["columns"])
    for col in columns:
        text = str(tree.heading(col, "text"))
        if text and int(tree.column(col, "width")) < heading.measure(text) + 6:
            problems.append(f"Treeview {str(tree)!r}: heading “{text}” cut "
                            f"({tree.column(col, 'width')}px < {heading.measure(text) + 6}px)")
    if not tree.cget("yscrollcommand") and not tree.cget("show") == "tree":
        problems.append(f"Treeview {str(tree)!r}: no scrollbar")


def audit(top: tkinter.Misc) -> list[str]:
    """Problems of the widgets of window ``top`` as it is on screen now."""
    top.update_idletasks()
    top.update()
    problems: list[str] = []
    tx0, ty0, tx1, ty1 = _rect(top)
    stack = list(top.winfo_children())
    while stack:
        w = stack.pop()
        if isinstance(w, tkinter.Toplevel):
            continue  # audited on its own
        stack.extend(w.winfo_children())
        cls = w.winfo_class()
        if cls not in CHECKED or not _meant_to_show(w, top):
            continue
        if not w.winfo_ismapped():
            problems.append(f"{describe(w)}: not mapped")
            continue
        x0, y0, x1, y1 = _rect(w)
        box = _scroll_container(w, top)
        if box is not None:
            bx0, _by0, bx1, _by1 = _rect(box)
            if x0 < bx0 - SLACK or x1 > bx1 + SLACK:
                problems.append(f"{describe(w)}: outside its scrolling page sideways "
                                f"({x0}-{x1} not in {bx0}-{bx1})")
        elif x0 < tx0 - SLACK or y0 < ty0 - SLACK or x1 > tx1 + SLACK or y1 > ty1 + SLACK:
            problems.append(f"{describe(w)}: partly outside the window "
                            f"({x0},{y0}-{x1},{y1} not in {tx0},{ty0}-{tx1},{ty1})")
        if cls in TEXT_CLASSES:
            _check_text(w, problems)
        elif cls in ("TEntry", "TCombobox", "TSpinbox"):
            need = min(w.winfo_reqwidth(), MIN_ENTRY_PX)
            if w.winfo_width() + SLACK < need:
                problems.append(f"{describe(w)}: squeezed to {w.winfo_width()}px")
        elif cls == "Treeview":
            _check_tree(w, problems)  # type: ignore[arg-type]
    for canvas in _canvases(top):
        _check_canvas_texts(canvas, problems)
    return problems


def _canvases(top: tkinter.Misc) -> list[tkinter.Canvas]:
    found, stack = [], list(top.winfo_children())
    while stack:
        w = stack.pop()
        if isinstance(w, tkinter.Toplevel):
            continue
        stack.extend(w.winfo_children())
        if isinstance(w, tkinter.Canvas) and _meant_to_show(w, top) and w.winfo_ismapped():
            found.append(w)
    return found


def _check_canvas_texts(canvas: tkinter.Canvas, problems: list[str]) -> None:
    """Every text item lies within the canvas sideways (up and down a canvas scrolls; one that
    scrolls sideways too, like the county table's header, is left alone)."""
    width = canvas.winfo_width()
    region = str(canvas.cget("scrollregion")).split()
    if str(canvas.cget("xscrollcommand")) or (region and float(region[2]) - float(region[0]) > width + SLACK):
        return
    for item in canvas.find_all():
        if canvas.type(item) != "text" or not canvas.itemcget(item, "text"):
            continue
        x0, _y0, x1, _y1 = canvas.bbox(item)
        left, right = canvas.canvasx(0), canvas.canvasx(width)
        if x0 < left - SLACK or x1 > right + SLACK:
            text = canvas.itemcget(item, "text")[:30]
            problems.append(f"Canvas {str(canvas)!r} text “{text}”: {x0}-{x1}px, outside the "
                            f"canvas ({left:.0f}-{right:.0f}px)")


def window_fits(top: tkinter.Misc, area: tuple[int, int, int, int],
                frame: tuple[int, int]) -> list[str]:
    """The window, with a window manager's frame around it, lies inside the work area."""
    top.update_idletasks()
    ax, ay, aw, ah = area
    x, y = top.winfo_x(), top.winfo_y()
    w, h = top.winfo_width(), top.winfo_height()
    problems = []
    if w + frame[0] > aw or h + frame[1] > ah:
        problems.append(f"window {top.winfo_class()} {w}x{h} (+frame {frame}) larger than "
                        f"the work area {aw}x{ah}")
    if x < ax or y < ay or x + w + frame[0] > ax + aw or y + h + frame[1] > ay + ah:
        problems.append(f"window {top.winfo_class()} at {x},{y} {w}x{h} leaves the work area")
    return problems

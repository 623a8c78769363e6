"""Form inputs generated from ``FieldSpec`` descriptions: one widget per field kind.

``build_field_grid`` lays out label, input, help and a red error line for each field, so the
record form and the 单位设置 form are both generated rather than written by hand. Inputs hand
raw text to the services, which validate (so the Chinese messages come from one place).
"""

from __future__ import annotations

import datetime as dt
import tkinter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import ttkbootstrap as ttk

from lawdesk.schema import FieldSpec, choices_for
from lawdesk.services.validation import FieldError, clean_value
from lawdesk.ui.common import ERROR_COLOR, display, muted_label

DATE_FORMAT = "%Y-%m-%d"
HELP_WRAP = 420  # px: help and error lines wrap instead of widening the form


class FieldInput:
    """One field's input widget: ``get()`` raw value, ``set(stored value)``, ``focus()``."""

    def __init__(self, master: tkinter.Misc, spec: FieldSpec) -> None:
        self.spec = spec
        self.widget: tkinter.Widget = self._build(master)

    def _build(self, master: tkinter.Misc) -> tkinter.Widget:
        self.var = ttk.StringVar()
        return ttk.Entry(master, textvariable=self.var, width=40)

    def get(self) -> object:
        return self.var.get()

    def set(self, value: object) -> None:
        self.var.set(display(value, self.spec.kind))

    def focus(self) -> None:
        self.widget.focus_set()

    def on_change(self, callback: Callable[[], None]) -> None:
        self.var.trace_add("write", lambda *_a: callback())

    @property
    def input_widget(self) -> tkinter.Widget:
        """The widget that takes keyboard input (for focus and tests)."""
        return self.widget


class NumberInput(FieldInput):
    """An Entry for a number that takes whatever is typed or pasted and says what is wrong.

    Nothing is dropped as it is typed (a dropped letter would turn "3O人" into 3, "1e2" into 12
    and lose a pasted "十五"): a character that cannot be part of a number shows the field's
    red message at once, and leaving the field writes what the services read in plain digits
    (１５ and 十五 → 15, 1,500 → 1500), so the number saved is the number shown.
    """

    #: What may stand in a number while it is being typed (digits, separators, Chinese numerals).
    NUMBER_CHARACTERS = frozenset("0123456789０１２３４５６７８９.．,，-－+＋ "
                                  "零〇一二两三四五六七八九十百千万亿廿壹贰叁肆伍陆柒捌玖拾佰仟点负")

    def _build(self, master: tkinter.Misc) -> tkinter.Widget:
        self.var = ttk.StringVar()
        return ttk.Entry(master, textvariable=self.var, width=14)

    def typed_wrongly(self) -> bool:
        """True when the text holds a character that no number has (a letter, a unit, words)."""
        return any(ch not in self.NUMBER_CHARACTERS for ch in self.var.get())

    def settle(self) -> None:
        """Write a readable number in plain digits (the services' reading of it)."""
        try:
            value = clean_value(self.spec, self.var.get(), resolve_ref=None)
        except FieldError:
            return
        shown = display(value, self.spec.kind)
        if value is not None and shown != self.var.get():
            self.var.set(shown)


def calendars_of(widget: tkinter.Misc) -> list[tkinter.Toplevel]:
    """The calendar pop-ups open over ``widget``'s window: ttkbootstrap makes each a frameless
    window of the application's root, transient for that window."""
    owner = str(widget.winfo_toplevel())
    found = []
    for window in widget.nametowidget(".").winfo_children():
        if not isinstance(window, tkinter.Toplevel):
            continue
        try:
            if window.wm_overrideredirect() and str(window.tk.call("wm", "transient", window)) == owner:
                found.append(window)
        except tkinter.TclError:
            continue
    return found


class DateInput(FieldInput):
    """A ttkbootstrap DateEntry in YYYY-MM-DD; the typed text goes to validation as it is."""

    def _build(self, master: tkinter.Misc) -> tkinter.Widget:
        self.date_entry = ttk.DateEntry(master, date_format=DATE_FORMAT, value=None, width=14,
                                        first_weekday=0)
        self.var = ttk.StringVar()
        self.date_entry.entry.configure(textvariable=self.var)
        # typing over a prefilled date replaces it instead of appending to it
        self.date_entry.entry.bind("<FocusIn>", self._select_all, add="+")
        self.date_entry.bind("<Destroy>", self._close_calendar, add="+")
        return self.date_entry

    def _close_calendar(self, event: tkinter.Event) -> None:
        """The form is closing (its title bar's ×, Esc, 保存): close the calendar it opened.

        ttkbootstrap makes the calendar a window of the application's root, so it would outlive
        the form, and a click on a day would write into a field that no longer exists."""
        if event.widget is not self.date_entry:
            return
        for picker in calendars_of(self.date_entry):
            picker.destroy()

    def _select_all(self, _event: object = None) -> None:
        entry = self.date_entry.entry
        entry.after_idle(lambda: entry.winfo_exists() and (entry.select_range(0, "end"),
                                                            entry.icursor("end")))

    def get(self) -> object:
        return self.var.get().strip()

    def set(self, value: object) -> None:
        self.var.set(value.isoformat() if isinstance(value, dt.date) else display(value))

    def focus(self) -> None:
        self.date_entry.entry.focus_set()

    @property
    def input_widget(self) -> tkinter.Widget:
        return self.date_entry.entry


class LongTextInput(FieldInput):
    """A multi-line text box. Tab and Shift+Tab move to the next and previous field, as in
    every other field of the form; Ctrl+Tab puts a tab character into the text."""

    def _build(self, master: tkinter.Misc) -> tkinter.Widget:
        self.text = ttk.Text(master, height=3, width=50, wrap="word", undo=True)
        self.text.bind("<Tab>", lambda _e: self._move_focus(self.text.tk_focusNext()))
        for sequence in ("<Shift-Tab>", "<<PrevWindow>>"):
            self.text.bind(sequence, lambda _e: self._move_focus(self.text.tk_focusPrev()))
        self.text.bind("<Control-Tab>", self._insert_tab)
        return self.text

    @staticmethod
    def _move_focus(target: tkinter.Misc | None) -> str:
        if target is not None:
            target.focus_set()
        return "break"

    def _insert_tab(self, _event: object = None) -> str:
        self.text.insert("insert", "\t")
        return "break"

    def get(self) -> object:
        return self.text.get("1.0", "end-1c")

    def set(self, value: object) -> None:
        self.text.delete("1.0", "end")
        self.text.insert("1.0", display(value))
        self.text.edit_reset()

    def on_change(self, callback: Callable[[], None]) -> None:
        self.text.bind("<<Modified>>", lambda _e: (self.text.edit_modified(False), callback()))


class BoolInput(FieldInput):
    def _build(self, master: tkinter.Misc) -> tkinter.Widget:
        self.bvar = ttk.BooleanVar(value=bool(self.spec.default))
        return ttk.Checkbutton(master, variable=self.bvar, text="是")

    def get(self) -> object:
        return self.bvar.get()

    def set(self, value: object) -> None:
        self.bvar.set(bool(value) if value is not None else bool(self.spec.default))

    def on_change(self, callback: Callable[[], None]) -> None:
        self.bvar.trace_add("write", lambda *_a: callback())


class ChoiceInput(FieldInput):
    """A read-only drop-down of the allowed values (an empty first item when optional); a choice
    naming another kind of office's organ (a 街道's 党工委班子会 for a 镇) is not offered."""

    def __init__(self, master: tkinter.Misc, spec: FieldSpec, office_kind: str | None = None) -> None:
        self.office_kind = office_kind
        super().__init__(master, spec)

    def _build(self, master: tkinter.Misc) -> tkinter.Widget:
        self.var = ttk.StringVar()
        choices = choices_for(self.spec, self.office_kind)
        values = list(choices) if self.spec.required else ["", *choices]
        width = max(12, min(28, max((len(c) for c in choices), default=8) * 2 + 2))
        return ttk.Combobox(master, textvariable=self.var, values=values, state="readonly",
                            width=width)


class SuggestedTextInput(ChoiceInput):
    """Free text with suggested values (an editable drop-down): the office's own word, or one
    of the common ones for its kind (镇人民调解委员会, 村调委会 …)."""

    def _build(self, master: tkinter.Misc) -> tkinter.Widget:
        widget = super()._build(master)
        widget.configure(state="normal", values=list(choices_for(self.spec, self.office_kind)))
        return widget


class RefInput(FieldInput):
    """A read-only drop-down of the names of referenced records (社区, 宣讲员)."""

    def __init__(self, master: tkinter.Misc, spec: FieldSpec,
                 choices: Sequence[tuple[int, str]] = ()) -> None:
        self._choices = list(choices)
        super().__init__(master, spec)

    def _build(self, master: tkinter.Misc) -> tkinter.Widget:
        self.var = ttk.StringVar()
        self._by_name: dict[str, int] = {}
        self._by_id: dict[int, str] = {}
        for rid, name in self._choices:
            shown = name if name not in self._by_name else f"{name}（编号{rid}）"
            self._by_name[shown] = rid
            self._by_id[rid] = shown
        values = ["", *self._by_name]
        return ttk.Combobox(master, textvariable=self.var, values=values, state="readonly",
                            width=24)

    def get(self) -> object:
        name = self.var.get()
        return self._by_name.get(name) if name else None

    def set(self, value: object) -> None:
        self.var.set(self._by_id.get(value, "") if isinstance(value, int) else "")

    def set_choices(self, choices: Sequence[tuple[int, str]]) -> None:
        """Offer other records (another office's 社区 at the county); the choice is cleared."""
        self._by_name, self._by_id = {}, {}
        for rid, name in choices:
            shown = name if name not in self._by_name else f"{name}（编号{rid}）"
            self._by_name[shown] = rid
            self._by_id[rid] = shown
        self.widget.configure(values=["", *self._by_name])
        self.var.set("")


class TagsInput(FieldInput):
    """Free text (顿号-separated) with a 常用 menu that appends a suggested value."""

    def _build(self, master: tkinter.Misc) -> tkinter.Widget:
        self.var = ttk.StringVar()
        frame = ttk.Frame(master)
        self.entry = ttk.Entry(frame, textvariable=self.var, width=30)  # made first: Tab reaches it first
        if self.spec.suggestions:  # packed first: a narrow form shrinks the entry, not the menu
            button = ttk.Menubutton(frame, text="常用", bootstyle="secondary-outline")
            menu = ttk.Menu(button, tearoff=False)
            for s in self.spec.suggestions:
                menu.add_command(label=s, command=lambda s=s: self.append(s))
            button.configure(menu=menu)
            button.pack(side="right", padx=(4, 0))
        self.entry.pack(side="left", fill="x", expand=True)
        return frame

    def append(self, tag: str) -> None:
        current = [t for t in self.var.get().replace("，", "、").replace(",", "、").split("、") if t]
        if tag not in current:
            current.append(tag)
        self.var.set("、".join(current))

    def focus(self) -> None:
        self.entry.focus_set()

    @property
    def input_widget(self) -> tkinter.Widget:
        return self.entry


def make_input(master: tkinter.Misc, spec: FieldSpec,
               ref_choices: Sequence[tuple[int, str]] = (), office_kind: str | None = None) -> FieldInput:
    """The input for one field, chosen by its kind (``office_kind``: 街道, 镇 or 乡, whose organ
    words the choices offer)."""
    if spec.kind == "ref":
        return RefInput(master, spec, ref_choices)
    if spec.kind == "choice":
        return ChoiceInput(master, spec, office_kind)
    if spec.kind == "text" and spec.suggestions:
        return SuggestedTextInput(master, spec, office_kind)
    cls: type[FieldInput] = {
        "int": NumberInput,
        "decimal": NumberInput,
        "date": DateInput,
        "longtext": LongTextInput,
        "bool": BoolInput,
        "choice": ChoiceInput,
        "tags": TagsInput,
    }.get(spec.kind, FieldInput)
    return cls(master, spec)


@dataclass
class FieldRow:
    """The widgets of one field in a generated form."""

    spec: FieldSpec
    input: FieldInput
    error: ttk.Label

    def show_error(self, message: str) -> None:
        self.error.configure(text=message)
        self.error.grid()

    def clear_error(self) -> None:
        self.error.configure(text="")
        self.error.grid_remove()

    @property
    def has_error(self) -> bool:
        return bool(self.error.cget("text"))

    def revalidate(self) -> None:
        """Clear the red message as soon as the field's own value is valid again; a number field
        shows it at once when a character no number has is typed or pasted."""
        if isinstance(self.input, NumberInput) and self.input.typed_wrongly():
            self.check()
            return
        if not self.has_error:
            return
        try:
            clean_value(self.spec, self.input.get(), resolve_ref=lambda _ref, value: value)
        except FieldError:
            return
        self.clear_error()

    def check(self) -> bool:
        """Show the field's own message now (True when its value is readable)."""
        try:
            clean_value(self.spec, self.input.get(), resolve_ref=lambda _ref, value: value)
        except FieldError as exc:
            self.show_error(str(exc))
            return False
        self.clear_error()
        return True

    def on_leave(self, _event: object = None) -> None:
        """Leaving a number field: its number in plain digits, or its message."""
        if not isinstance(self.input, NumberInput) or not self.error.winfo_exists():
            return
        if str(self.input.get()).strip() and self.check():
            self.input.settle()


def build_field_grid(
    master: tkinter.Misc,
    fields: Sequence[FieldSpec],
    ref_choices: Callable[[str], Sequence[tuple[int, str]]] | None = None,
    start_row: int = 0,
    on_change: Callable[[], None] | None = None,
    office_kind: str | None = None,
) -> dict[str, FieldRow]:
    """Label | input rows with help text and a hidden red error line under each input.

    A shown error disappears once its field is valid; ``on_change`` is called after any edit.
    """
    rows: dict[str, FieldRow] = {}
    master.columnconfigure(1, weight=1)
    r = start_row
    for f in fields:
        mark = " *" if f.required else ""
        label = ttk.Label(master, text=f"{f.label}{mark}")
        label.grid(row=r, column=0, sticky="ne", padx=(0, 10), pady=(8, 0))
        choices = ref_choices(f.ref) if (f.kind == "ref" and ref_choices) else ()
        inp = make_input(master, f, choices, office_kind)
        sticky = "we" if f.kind in ("text", "longtext", "tags") else "w"
        inp.widget.grid(row=r, column=1, sticky=sticky, pady=(6, 0))
        r += 1
        if f.help:
            muted_label(master, f.help, wraplength=HELP_WRAP, justify="left").grid(
                row=r, column=1, sticky="w")
            r += 1
        err = ttk.Label(master, text="", foreground=ERROR_COLOR, font="LawdeskSmall",
                        wraplength=HELP_WRAP, justify="left")
        err.grid(row=r, column=1, sticky="w")
        err.grid_remove()
        r += 1
        row = FieldRow(f, inp, err)
        rows[f.name] = row
        inp.on_change(lambda row=row: _changed(row, on_change))
        if isinstance(inp, NumberInput):
            inp.widget.bind("<FocusOut>", row.on_leave, add="+")
    return rows


def _changed(row: FieldRow, on_change: Callable[[], None] | None) -> None:
    row.revalidate()
    if on_change is not None:
        on_change()

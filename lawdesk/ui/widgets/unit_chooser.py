"""单位: which office a record belongs to, chosen in a record form at the county.

An office's own database has one unit and no chooser (``needed()`` is False). At the county a
record form starts with a 单位 drop-down of the units the county may enter records for
(``units.writable_units``: the county's own unit and the offices, on a shared server only those
not on the server). A new record defaults to the unit last chosen in any form, else the
county's own unit; an existing record shows its unit, fixed (a record never moves to another
office). The form scopes its 社区/宣讲员 drop-downs to the chosen unit (``on_change``).
"""

from __future__ import annotations

import tkinter
from collections.abc import Callable

import ttkbootstrap as ttk

from lawdesk.services import units

#: The unit last chosen for a new record (per session): the next form starts there.
_last_unit_id: int | None = None


def needed() -> bool:
    """Whether record forms need a chooser: the database holds several units (the county)."""
    return units.current_unit_id() is None and units.has_units()


def writable(unit_id: int) -> bool:
    """Whether this connection may change the records of ``unit_id`` (not, at the county, an
    office that writes its own records on the shared server)."""
    return unit_id in {u.id for u in units.writable_units()}


def label(unit: object) -> str:
    """“石门街道（街道）”, “新县（县级单位本身）”."""
    kind = "县级单位本身" if getattr(unit, "kind", "") == units.COUNTY_KIND else getattr(unit, "kind", "")
    return f"{unit.name}（{kind}）"


class UnitChooser:
    """The 单位 row of a record form: a label and a read-only drop-down in grid row ``row``."""

    def __init__(self, master: tkinter.Misc, *, row: int, unit_id: int | None = None,
                 on_change: Callable[[int], None] | None = None) -> None:
        self.fixed = unit_id is not None
        self.units = [units.get_unit(unit_id)] if self.fixed else units.writable_units()
        self.by_label = {label(u): u.id for u in self.units}
        self.on_change = on_change
        ttk.Label(master, text="单位 *").grid(row=row, column=0, sticky="ne", padx=(0, 10), pady=(8, 0))
        self.var = ttk.StringVar(value=self._default_label(unit_id))
        self.box = ttk.Combobox(master, textvariable=self.var, values=list(self.by_label), width=24,
                                state="disabled" if self.fixed else "readonly")
        self.box.grid(row=row, column=1, sticky="w", pady=(6, 0))
        self.box.bind("<<ComboboxSelected>>", lambda _e: self._changed())

    def _default_label(self, unit_id: int | None) -> str:
        ids = [u.id for u in self.units]
        wanted = unit_id if unit_id is not None else (_last_unit_id if _last_unit_id in ids else None)
        if wanted is None and self.units:
            wanted = self.units[0].id  # the county's own unit comes first
        return next((text for text, uid in self.by_label.items() if uid == wanted), "")

    def align_with(self, grid: tkinter.Misc) -> None:
        """Line the 单位 label up with the labels of the field grid below it."""
        grid.update_idletasks()
        width = grid.grid_bbox(0, 0)[2]
        if width > 0:
            self.box.master.columnconfigure(0, minsize=width)

    @property
    def unit_id(self) -> int | None:
        return self.by_label.get(self.var.get())

    def select(self, unit_id: int) -> None:
        """Choose ``unit_id`` (as a click would)."""
        self.var.set(next(text for text, uid in self.by_label.items() if uid == unit_id))
        self._changed()

    def _changed(self) -> None:
        if self.on_change is not None and self.unit_id is not None:
            self.on_change(self.unit_id)

    def remember(self) -> None:
        """The record was saved: the next new record starts with this unit."""
        global _last_unit_id
        if not self.fixed:
            _last_unit_id = self.unit_id

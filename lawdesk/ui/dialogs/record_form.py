"""The add/edit window of a record, generated from its ``RecordSpec``.

Nothing is saved until every field is valid: the service's ``ValidationError`` messages appear
in red under their fields (and go once the field is fixed). Enter saves (not inside a
multi-line text), Esc closes, and closing with unsaved changes asks first; a form that cannot be
saved stays open with its messages. Every open form is known to :func:`open_forms`, so the main
window asks about each one before it closes, wherever the form was opened from. Evidence files
can be attached once the record exists.

The window is as tall as its fields need, up to the screen's work area, and the fields keep that
height: the evidence list sits in a column beside them when the screen is wide enough (1366 px),
else on a tab of its own. A form opened while another is open is placed a little right and down
of it (cascaded), never exactly over it. At the county the form starts with 单位 (the office the record
belongs to, ``lawdesk.ui.widgets.unit_chooser``), above the fields.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import tkinter
import weakref
from collections.abc import Callable
from pathlib import Path

import ttkbootstrap as ttk

from lawdesk.errors import LawdeskError, ValidationError
from lawdesk.schema import RecordSpec
from lawdesk.services import attachments, records
from lawdesk.ui import common
from lawdesk.ui.widgets import unit_chooser
from lawdesk.ui.widgets.fields import FieldRow, build_field_grid

logger = logging.getLogger(__name__)

_OPEN_FORMS: weakref.WeakSet[RecordForm] = weakref.WeakSet()
FIELDS_WIDTH = 760  # px: the column of fields (labels, inputs, help lines)
EVIDENCE_WIDTH = 380  # px: the evidence column beside the fields on a wide screen
CASCADE = 32  # px: a second form opens this far right and down from the last one
EVIDENCE_TITLE = "佐证材料（照片、签到表、会议纪要等）"


def _position(window: tkinter.Toplevel) -> tuple[int, int]:
    """Where ``window`` was placed (its frame's top-left corner, as ``geometry`` sets it)."""
    window.update_idletasks()
    found = re.fullmatch(r"\d+x\d+\+?(-?\d+)\+?(-?\d+)", window.geometry())
    return (int(found[1]), int(found[2])) if found else (window.winfo_rootx(), window.winfo_rooty())


def open_forms() -> list[RecordForm]:
    """Every record form that is open now (oldest first)."""
    alive = []
    for form in list(_OPEN_FORMS):
        try:
            if form.winfo_exists():
                alive.append(form)
        except tkinter.TclError:
            continue
    return sorted(alive, key=lambda f: f.opened_order)


class RecordForm(ttk.Toplevel):
    """新增/修改 one record. ``on_saved(record_id)`` is called after a successful save."""

    _counter = 0

    def __init__(
        self,
        master: tkinter.Misc,
        spec: RecordSpec,
        record_id: int | None = None,
        on_saved: Callable[[int], None] | None = None,
    ) -> None:
        action = "修改" if record_id else "新增"
        super().__init__(title=f"{action}{spec.label} — {common.APP_TITLE}", transient=master,
                         minsize=(620, 420))
        self.spec = spec
        self.record_id = record_id
        self.on_saved = on_saved
        self.saved = False
        RecordForm._counter += 1
        self.opened_order = RecordForm._counter
        _OPEN_FORMS.add(self)
        self._build_ui()
        self._load()
        self._snapshot = self.values()
        self.protocol("WM_DELETE_WINDOW", self.on_cancel)
        self.bind("<Return>", self.on_return)
        self.bind("<KP_Enter>", self.on_return)
        self.bind("<Escape>", lambda _e: self.on_cancel())
        self._place(master)
        first = next(iter(self.rows.values()), None)
        if first is not None:
            self.after_idle(first.input.focus)

    # -- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        outer = ttk.Frame(self, padding=(16, 10))
        outer.pack(fill="both", expand=True)
        head = "修改" if self.record_id else "新增"
        self.header = common.page_header(outer, f"{head}{self.spec.label}", "带 * 的必须填写")
        self.header.pack(anchor="w", fill="x")
        # the summary of what is wrong: a line under the title only while there is something to say
        self.message = common.wrapping_label(outer, "", foreground=common.ERROR_COLOR)

        buttons = ttk.Frame(outer)
        buttons.pack(side="bottom", fill="x", pady=(10, 0))
        self.save_button = ttk.Button(buttons, text="保存 (Enter)", bootstyle="primary",
                                      command=self.on_save)
        self.save_button.pack(side="right")
        self.cancel_button = ttk.Button(buttons, text="取消 (Esc)", bootstyle="secondary",
                                        command=self.on_cancel)
        self.cancel_button.pack(side="right", padx=(0, 8))

        self.attachment_tree: ttk.Treeview | None = None
        self.tabs: ttk.Notebook | None = None
        middle = ttk.Frame(outer)
        middle.pack(fill="both", expand=True, pady=(4, 0))
        fields_parent: tkinter.Misc = middle
        if self.spec.evidence and self.evidence_beside:
            box = ttk.Labelframe(middle, text=EVIDENCE_TITLE, padding=8, width=EVIDENCE_WIDTH)
            box.pack(side="right", fill="y", padx=(12, 0))
            self._build_attachments(box, beside=True)
        elif self.spec.evidence:  # a narrow screen: the fields and the evidence each get a tab
            self.tabs = ttk.Notebook(middle)
            self.tabs.pack(fill="both", expand=True)
            fields_parent = ttk.Frame(self.tabs, padding=(0, 4, 0, 0))
            self.tabs.add(fields_parent, text="  填写  ")
            box = ttk.Frame(self.tabs, padding=(4, 8, 4, 4))
            self.tabs.add(box, text="  佐证材料  ")
            common.muted_label(box, EVIDENCE_TITLE).pack(anchor="w", pady=(0, 6))
            self._build_attachments(box, beside=False)
        self.unit_chooser = self._build_unit_chooser(fields_parent)  # above the fields: never scrolled away
        self.scroller = common.scrolled_page(fields_parent, height=300)
        self.scroller.pack(side="left", fill="both", expand=True)
        body = ttk.Frame(self.scroller, padding=(0, 0, 14, 0))
        body.pack(fill="both", expand=True)
        self.fields_frame = body
        self.rows: dict[str, FieldRow] = build_field_grid(
            body, self.spec.all_fields, ref_choices=self._ref_choices,
            on_change=self.on_field_changed, office_kind=_office_kind(),
        )
        if self.unit_chooser is not None:
            self.unit_chooser.align_with(body)
        self.bind("<Prior>", lambda _e: common.scroll_page_by(self.scroller, -1))
        self.bind("<Next>", lambda _e: common.scroll_page_by(self.scroller, 1))

    @property
    def evidence_beside(self) -> bool:
        """The evidence files go in a column beside the fields when the screen is wide enough
        for both, else on a tab of their own: either way the fields keep the window's height."""
        _x, _y, width, _h = common.work_area(self)
        return width - common.FRAME_MARGIN[0] >= FIELDS_WIDTH + EVIDENCE_WIDTH

    def _build_unit_chooser(self, master: ttk.Frame) -> unit_chooser.UnitChooser | None:
        """At the county (several units): 单位 first, the record's own when it exists."""
        if not unit_chooser.needed():
            return None
        own = records.get(self.spec.kind, self.record_id).unit_id if self.record_id else None
        line = ttk.Frame(master)
        line.pack(fill="x", pady=(8, 0))
        chooser = unit_chooser.UnitChooser(line, row=0, unit_id=own, on_change=self.on_unit_changed)
        if own is not None and not unit_chooser.writable(own):  # an office that writes on the server
            self.save_button.configure(state="disabled")
            self.read_only_note = common.wrapping_label(line, "这个单位在服务器上自己录入，县里只能查看它的记录，不能修改。",
                                                        foreground=common.ERROR_COLOR)
            self.read_only_note.grid(row=1, column=1, sticky="w")
        return chooser

    def _ref_choices(self, kind: str) -> list[tuple[int, str]]:
        """社区/宣讲员 of the record's unit (at the county: of the unit chosen)."""
        unit = self.unit_chooser.unit_id if self.unit_chooser else None
        return records.choices_for_ref(kind, unit=unit)

    def on_unit_changed(self, _unit_id: int) -> None:
        """Another office: its own 社区 and 宣讲员 to choose from."""
        for row in self.rows.values():
            if row.spec.kind == "ref":
                row.input.set_choices(self._ref_choices(row.spec.ref))  # type: ignore[attr-defined]

    def _build_attachments(self, box: ttk.Frame, *, beside: bool) -> None:
        if not self.record_id:
            common.muted_label(box, "先保存这条记录，再打开它添加佐证材料。",
                               wraplength=EVIDENCE_WIDTH - 30).pack(anchor="w")
            return
        columns = ("category", "name") if beside else ("category", "name", "size")
        frame, self.attachment_tree = common.scrolled_tree(
            box, columns=columns, show="headings", height=2)
        for col, text, width in (("category", "类别", 80), ("name", "文件名", 240 if beside else 420),
                                 ("size", "大小", 80))[:len(columns)]:
            self.attachment_tree.heading(col, text=text)
            self.attachment_tree.column(col, width=width, anchor="w", stretch=col == "name")
        self.attachment_tree.bind("<Double-1>", lambda _e: self.on_open_attachment())
        bar = ttk.Frame(box)
        bar.pack(side="bottom", fill="x", pady=(6, 0))
        frame.pack(fill="both", expand=True)
        self.category_var = ttk.StringVar(value=attachments.CATEGORIES[0])
        ttk.Label(bar, text="类别").grid(row=0, column=0, sticky="w")
        ttk.Combobox(bar, textvariable=self.category_var, values=attachments.CATEGORIES,
                     state="readonly", width=10).grid(row=0, column=1, sticky="w", padx=(4, 8))
        ttk.Button(bar, text="添加文件…", command=self.on_add_attachment).grid(row=0, column=2, sticky="w")
        more = ttk.Frame(bar)  # under the others in the narrow column, beside them on a tab
        if beside:
            more.grid(row=1, column=0, columnspan=3, sticky="w", pady=(6, 0))
        else:
            more.grid(row=0, column=3, sticky="w", padx=(4, 0))
        ttk.Button(more, text="打开", command=self.on_open_attachment).pack(side="left", padx=(0, 4))
        ttk.Button(more, text="移除", bootstyle="danger-outline",
                   command=self.on_remove_attachment).pack(side="left")
        self._refresh_attachments()

    def _size(self) -> tuple[int, int]:
        """As wide as the fields (and the evidence column beside them), as tall as the fields
        need up to the whole height of the screen's work area."""
        self.update_idletasks()
        viewport = self.scroller.container.winfo_reqheight()
        need = self.winfo_reqheight() - viewport + self.fields_frame.winfo_reqheight() + 8
        width = FIELDS_WIDTH + (EVIDENCE_WIDTH + 12 if self.spec.evidence and self.evidence_beside else 0)
        _x, _y, _w, area_height = common.work_area(self)
        return common.fit_size(self, width, min(max(need, 420), area_height))

    def _place(self, master: tkinter.Misc) -> None:
        """Over the middle of the window it was opened from; a form opened while another is
        open goes a little right and down of the last one, so neither hides the other."""
        width, height = self._size()
        others = [f for f in open_forms() if f is not self]
        if not others:
            common.place_near(self, master, width, height)
            return
        ax, ay, aw, ah = common.work_area(self)
        last_x, last_y = _position(others[-1])
        x, y = last_x + CASCADE, last_y + CASCADE
        if x + width + common.FRAME_MARGIN[0] > ax + aw:
            x = ax + CASCADE
        room = ay + ah - common.FRAME_MARGIN[1] - y
        if room < min(height, 420):
            y, room = ay + CASCADE, ah - common.FRAME_MARGIN[1] - CASCADE
        self.geometry(f"{width}x{min(height, room)}+{x}+{y}")

    # -- values ------------------------------------------------------------------------------

    def _load(self) -> None:
        if not self.record_id:
            for row in self.rows.values():
                if row.spec.default is not None:
                    row.input.set(row.spec.default)
            if self.spec.date_field in self.rows and self.spec.field(self.spec.date_field).required:
                self.rows[self.spec.date_field].input.set(dt.date.today())
            return
        record = records.get(self.spec.kind, self.record_id)
        for name, value in records.record_values(record).items():
            if name in self.rows:
                self.rows[name].input.set(value)

    def values(self) -> dict[str, object]:
        """The raw values typed into the form, by field name."""
        return {name: row.input.get() for name, row in self.rows.items()}

    def set_value(self, name: str, value: object) -> None:
        self.rows[name].input.set(value)

    @property
    def is_dirty(self) -> bool:
        return self.values() != self._snapshot

    def has_unsaved_changes(self) -> bool:
        return self.is_dirty

    def save(self) -> bool:
        """The page protocol's name for :meth:`on_save`."""
        return self.on_save()

    def on_field_changed(self) -> None:
        """Once every red message is gone, the summary line goes too."""
        if self.message.cget("text") and not any(r.has_error for r in self.rows.values()):
            self._say("")

    # -- actions -----------------------------------------------------------------------------

    def on_return(self, event: tkinter.Event) -> str | None:
        if isinstance(event.widget, tkinter.Text):
            return None  # Enter makes a new line in multi-line text
        if event.widget.winfo_class() == "TButton":
            return None  # a focused button handles its own Enter
        self.on_save()
        return "break"

    def on_save(self) -> bool:
        """Validate and save; on error show the messages beside the fields and keep the form."""
        if str(self.save_button.cget("state")) == "disabled":
            return False  # a record the county may only look at (see _build_unit_chooser)
        for row in self.rows.values():
            row.clear_error()
        self._say("")
        data = self.values()
        try:
            if self.record_id:
                record = records.update(self.spec.kind, self.record_id, data)
            else:
                unit = self.unit_chooser.unit_id if self.unit_chooser else None
                record = records.create(self.spec.kind, data, unit=unit)
        except ValidationError as exc:
            self._show_errors(exc)
            return False
        except LawdeskError as exc:
            common.show_error(exc.message, parent=self)
            return False
        self.record_id = record.id
        self.saved = True
        if self.unit_chooser is not None:
            self.unit_chooser.remember()
        self._snapshot = data
        if self.on_saved:
            self.on_saved(record.id)
        self.destroy()
        return True

    def _show_errors(self, exc: ValidationError) -> None:
        first: FieldRow | None = None
        other: list[str] = []
        for name, message in exc.errors.items():
            row = self.rows.get(name)
            if row is None:
                other.append(message)
                continue
            row.show_error(message)
            first = first or row
        text = f"有 {len(exc.errors)} 处需要修改，请看标红的说明。"
        if other:
            text += " " + "；".join(other)
        self._say(text)
        if self.tabs is not None:
            self.tabs.select(0)  # the fields, where the red messages are
        if first is not None:
            first.input.focus()

    def _say(self, text: str) -> None:
        """Show (or with "" take away) the summary line under the title."""
        self.message.configure(text=text)
        if text:
            self.message.pack(anchor="w", fill="x", pady=(4, 0), after=self.header)
        else:
            self.message.pack_forget()

    def on_cancel(self) -> None:
        if self.is_dirty:
            choice = common.ask_save_discard("这条记录有尚未保存的修改，要保存吗？", parent=self)
            if choice == "cancel":
                return
            if choice == "save":
                self.on_save()
                return
        self.destroy()

    # -- evidence files ----------------------------------------------------------------------

    def _refresh_attachments(self) -> None:
        tree = self.attachment_tree
        if tree is None or not self.record_id:
            return
        tree.delete(*tree.get_children())
        files = attachments.list_for(self.spec.kind, self.record_id)
        for att in files:
            tree.insert("", "end", iid=str(att.id),
                        values=(att.category, att.original_name, common.size_text(att.size)))
        if self.tabs is not None:
            self.tabs.tab(1, text=f"  佐证材料（{len(files)}）  ")

    def on_add_attachment(self) -> None:
        names = ttk.filedialog.askopenfilenames(
            parent=self, title="选择佐证材料文件",
            filetypes=[("常用文件", "*.jpg *.jpeg *.png *.pdf *.doc *.docx *.xls *.xlsx *.ppt *.pptx"),
                       ("所有文件", "*.*")],
        )
        if not names or not self.record_id:
            return
        for name in names:
            try:
                attachments.add(self.spec.kind, self.record_id, Path(name), self.category_var.get())
            except LawdeskError as exc:
                common.show_error(exc.message, parent=self)
        self._refresh_attachments()

    def _selected_attachment(self) -> object | None:
        tree = self.attachment_tree
        if tree is None or not tree.selection():
            return None
        att_id = int(tree.selection()[0])
        for att in attachments.list_for(self.spec.kind, self.record_id or 0):
            if att.id == att_id:
                return att
        return None

    def on_open_attachment(self) -> None:
        att = self._selected_attachment()
        if att is None:
            return
        try:
            common.open_path(attachments.path_of(att))
        except (LawdeskError, OSError) as exc:
            common.show_error(common.error_message(exc), parent=self)

    def on_remove_attachment(self) -> None:
        att = self._selected_attachment()
        if att is None:
            return
        if common.confirm_danger(f"移除佐证材料“{att.original_name}”吗？文件会从数据文件夹中删除。",
                                 "移除", "移除佐证材料", parent=self):
            try:
                attachments.remove(att.id)
            except LawdeskError as exc:  # open in WPS: the clerk is told which file, nothing changed
                common.show_error(exc.message, parent=self)
            self._refresh_attachments()


def _office_kind() -> str | None:
    """街道, 镇 or 乡 of this database's office (its choices name its own organs); None at a county."""
    from lawdesk.report.organs import office_kind
    from lawdesk.services import settings

    return office_kind(settings.profile_values())

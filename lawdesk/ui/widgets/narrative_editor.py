"""The narrative editor: report text with its figures as whole Chinese tokens.

The clerk sees ``【开展治安巡逻次数】`` where the stored text holds ``{patrols}``; a token is
highlighted, inserted from the list beside the editor, deleted as a whole with one BackSpace or
Delete, and never half-edited: the cursor cannot rest inside it (clicks and arrow keys move it to
the token's edge) and typing there types beside it. Optional spans ［…］ are shown in colour.
``get_text()`` gives the stored form (keys), ``set_text()`` takes it.
"""

from __future__ import annotations

import re
import tkinter
from collections.abc import Mapping

import ttkbootstrap as ttk

from lawdesk.report import narrative

TOKEN_BG = "#dbeafe"
TOKEN_FG = "#1e3a8a"
BAD_BG = "#fde2e2"
SPAN_FG = "#b45309"


class NarrativeEditor(ttk.Frame):
    """A Tk Text with placeholder tokens; generates ``<<NarrativeChanged>>`` after each edit."""

    def __init__(self, master: tkinter.Misc, names: Mapping[str, str], *, height: int = 10) -> None:
        super().__init__(master)
        self.names = dict(names)
        self._known = set(self.names.values())
        self._loaded = ""
        self.text = tkinter.Text(self, height=height, width=40, wrap="char", undo=True, autoseparators=True,
                                 relief="flat", borderwidth=1, highlightthickness=1, padx=6, pady=4)
        scroll = ttk.Scrollbar(self, orient="vertical", command=self.text.yview)
        self.text.configure(yscrollcommand=scroll.set)
        scroll.pack(side="right", fill="y")
        self.text.pack(side="left", fill="both", expand=True)
        self.text.tag_configure("token", background=TOKEN_BG, foreground=TOKEN_FG)
        self.text.tag_configure("bad_token", background=BAD_BG, foreground="#991b1b")
        self.text.tag_configure("span", foreground=SPAN_FG)
        for seq, handler in (
            ("<BackSpace>", self.on_backspace),
            ("<Delete>", self.on_delete),
            ("<KeyPress>", self.on_keypress),
            ("<Left>", lambda e: self.on_arrow(-1)),
            ("<Right>", lambda e: self.on_arrow(1)),
            ("<ButtonRelease-1>", self.on_click),
            ("<<Cut>>", self.on_cut),
            ("<<Paste>>", self.on_paste),
        ):
            self.text.bind(seq, handler)
        self.text.bind("<<Modified>>", self._on_modified)

    # -- content -----------------------------------------------------------------------------

    def set_names(self, names: Mapping[str, str]) -> None:
        """The placeholders another kind of document uses (the text is loaded anew after this)."""
        self.names = dict(names)
        self._known = set(self.names.values())

    def set_text(self, stored: str) -> None:
        self._loaded = stored
        self.text.delete("1.0", "end")
        self.text.insert("1.0", narrative.to_display(stored, self.names))
        self.text.edit_reset()
        self.text.edit_modified(False)
        self.retag()

    def get_text(self) -> str:
        return narrative.from_display(self.text.get("1.0", "end-1c"), self.names)

    def display_text(self) -> str:
        return self.text.get("1.0", "end-1c")

    @property
    def is_dirty(self) -> bool:
        return self.get_text().strip() != self._loaded.strip()

    def mark_saved(self) -> None:
        self._loaded = self.get_text()

    def insert_placeholder(self, key: str, mode: str = "") -> None:
        """Put the token of ``key`` at the cursor (beside a token, never inside one)."""
        name = self.names[key]
        self._leave_token()
        suffix = "：" + mode if mode else ""
        self.text.insert("insert", f"{narrative.TOKEN_OPEN}{name}{suffix}{narrative.TOKEN_CLOSE}")
        self.retag()
        self.text.focus_set()
        self.text.event_generate("<<NarrativeChanged>>")

    def wrap_selection_in_span(self) -> bool:
        """Mark the selected words optional: ［selection］ (they then go with their zero figures)."""
        if not self._expand_selection():
            return False
        first, last = self.text.index("sel.first"), self.text.index("sel.last")
        self.text.insert(last, narrative.SPAN_CLOSE)
        self.text.insert(first, narrative.SPAN_OPEN)
        self.text.tag_remove("sel", "1.0", "end")
        self._changed()
        return True

    # -- tokens --------------------------------------------------------------------------------

    def tokens(self) -> list[tuple[str, str, str]]:
        """(start, end, name) of every token in the text, in order."""
        out = []
        content = self.text.get("1.0", "end-1c")
        for m in narrative.TOKEN.finditer(content):
            out.append((f"1.0+{m.start()}c", f"1.0+{m.end()}c", m.group(2)))
        return out

    def retag(self) -> None:
        for tag in ("token", "bad_token", "span"):
            self.text.tag_remove(tag, "1.0", "end")
        content = self.text.get("1.0", "end-1c")
        for m in narrative.TOKEN.finditer(content):
            tag = "token" if m.group(2) in self._known else "bad_token"
            self.text.tag_add(tag, f"1.0+{m.start()}c", f"1.0+{m.end()}c")
        for m in re.finditer(f"[{narrative.SPAN_OPEN}{narrative.SPAN_CLOSE}]", content):
            self.text.tag_add("span", f"1.0+{m.start()}c", f"1.0+{m.end()}c")

    def _offset(self, index: str) -> int:
        return int(self.text.count("1.0", index, "chars")[0] or 0) if self.text.compare(index, ">", "1.0") else 0

    def token_around(self, index: str, *, inclusive_start: bool = False) -> tuple[int, int] | None:
        """(start, end) offsets of the token that ``index`` lies strictly inside (or at its start)."""
        at = self._offset(index)
        content = self.text.get("1.0", "end-1c")
        for m in narrative.TOKEN.finditer(content):
            if m.start() < at < m.end() or (inclusive_start and m.start() == at):
                return m.start(), m.end()
            if m.start() > at:
                break
        return None

    def _delete_offsets(self, start: int, end: int) -> None:
        self.text.delete(f"1.0+{start}c", f"1.0+{end}c")

    def _leave_token(self) -> None:
        span = self.token_around("insert")
        if span:
            self.text.mark_set("insert", f"1.0+{span[1]}c")

    def _expand_selection(self) -> bool:
        """Grow a selection that cuts into a token so that it takes the whole token."""
        try:
            first, last = self.text.index("sel.first"), self.text.index("sel.last")
        except tkinter.TclError:
            return False
        start, end = self._offset(first), self._offset(last)
        a = self.token_around(first)
        b = self.token_around(last)
        if a:
            start = a[0]
        if b:
            end = b[1]
        self.text.tag_remove("sel", "1.0", "end")
        self.text.tag_add("sel", f"1.0+{start}c", f"1.0+{end}c")
        return True

    # -- events --------------------------------------------------------------------------------

    def on_backspace(self, _event: object = None) -> str | None:
        if self._expand_selection():
            return None
        at = self._offset("insert")
        hit = self.token_around(f"1.0+{max(at - 1, 0)}c", inclusive_start=True) if at else None
        if hit and hit[0] < at <= hit[1]:
            self._delete_offsets(*hit)
            self._changed()
            return "break"
        return None

    def on_delete(self, _event: object = None) -> str | None:
        if self._expand_selection():
            return None
        hit = self.token_around("insert", inclusive_start=True)
        if hit:
            self._delete_offsets(*hit)
            self._changed()
            return "break"
        return None

    def on_keypress(self, event: tkinter.Event) -> str | None:
        if event.char and event.char.isprintable() and not (int(event.state) & 0x4):
            self._expand_selection()
            self._leave_token()
        return None

    def on_arrow(self, step: int) -> str | None:
        at = self._offset("insert")
        hit = self.token_around(f"1.0+{max(at + step, 0)}c")
        if hit:
            self.text.mark_set("insert", f"1.0+{hit[0] if step < 0 else hit[1]}c")
            self.text.tag_remove("sel", "1.0", "end")
            return "break"
        return None

    def on_click(self, _event: object = None) -> None:
        if self.text.tag_ranges("sel"):
            self._expand_selection()
            return
        hit = self.token_around("insert")
        if hit:
            at = self._offset("insert")
            edge = hit[0] if at - hit[0] < hit[1] - at else hit[1]
            self.text.mark_set("insert", f"1.0+{edge}c")

    def on_cut(self, _event: object = None) -> None:
        self._expand_selection()

    def on_paste(self, _event: object = None) -> None:
        self._expand_selection()
        self._leave_token()

    def _on_modified(self, _event: object = None) -> None:
        if not self.text.edit_modified():
            return
        self.text.edit_modified(False)
        self._changed()

    def _changed(self) -> None:
        self.retag()
        self.event_generate("<<NarrativeChanged>>")

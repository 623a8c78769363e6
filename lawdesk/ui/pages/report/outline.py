"""提纲与建议: the document's outline (sections, order, names) and the suggestions the records offer.

The outline is stored when it changes; headings carry no number (the program numbers them). The
suggested shortcomings and plans go into the document only when the clerk ticks them (stored per
year). A 述法报告 has no suggestions: the office's figures are not the person's words.
"""

from __future__ import annotations

import tkinter
from collections.abc import Callable

import ttkbootstrap as ttk

from lawdesk.report import content
from lawdesk.ui import common
from lawdesk.ui.pages.report.desk import ReportDesk
from lawdesk.ui.widgets.flow import FlowBar


class OutlineView(ttk.Frame):
    """The outline over the full width with its buttons in a bar that wraps; the suggestions
    under it in a scrolling box (there may be many)."""

    def __init__(self, master: tkinter.Misc, page: ReportDesk) -> None:
        super().__init__(master, padding=10)
        self.page = page
        self.suggest_vars: dict[str, ttk.BooleanVar] = {}
        self.suggest_checks: dict[str, ttk.Checkbutton] = {}
        self.suggest_labels: list[ttk.Label] = []
        self._build_ui()

    def _build_ui(self) -> None:
        self.columnconfigure(0, weight=1)
        self.rowconfigure(2, weight=1)
        self.rowconfigure(4, weight=1)
        row = FlowBar(self)
        row.grid(row=0, column=0, sticky="ew")
        row.add(ttk.Label(row, text="提纲"))
        self.builtin_var = ttk.StringVar()
        self.builtin_box = ttk.Combobox(row, textvariable=self.builtin_var, state="readonly", width=20)
        row.add(self.builtin_box)
        row.add(ttk.Button(row, text="套用此提纲", bootstyle="secondary-outline", command=self.on_use_builtin))
        self.outline_label = common.muted_label(row, "")
        row.add(self.outline_label, gap=8)
        buttons = FlowBar(self)
        buttons.grid(row=1, column=0, sticky="ew", pady=(8, 0))
        buttons.add(ttk.Label(buttons, text="标题"))
        self.title_var = ttk.StringVar()
        buttons.add(ttk.Entry(buttons, textvariable=self.title_var, width=26))
        for text, command in (
            ("添加一级标题", self.on_add_section),
            ("添加二级标题", self.on_add_subsection),
            ("改为上面的标题", self.on_rename),
            ("上移", lambda: self.on_move(-1)),
            ("下移", lambda: self.on_move(1)),
            ("删除", self.on_remove),
        ):
            buttons.add(ttk.Button(buttons, text=text, bootstyle="secondary-outline", command=command))
        frame, self.outline_tree = common.scrolled_tree(self, columns=(), show="tree", selectmode="browse", height=3)
        self.outline_tree.column("#0", width=420, stretch=True)
        frame.grid(row=2, column=0, sticky="nsew", pady=(8, 0))
        self.outline_tree.bind("<<TreeviewSelect>>", lambda _e: self.on_outline_selected())
        common.wrapping_label(self, "标题的编号（一、（一））和正文中的一是、二是由程序自动编号；一级标题下可以有正文，也可以只有二级标题。",
                              muted=True).grid(row=3, column=0, sticky="ew", pady=(4, 0))
        box = ttk.Labelframe(self, text="程序根据台账提出的不足和计划（勾选后才写入报告）", padding=(8, 4))
        box.grid(row=4, column=0, sticky="nsew", pady=(10, 0))
        self.suggest_scroller = common.scrolled_page(box, height=60)
        self.suggest_scroller.pack(fill="both", expand=True)
        self.suggest_box = ttk.Frame(self.suggest_scroller, padding=(0, 0, 12, 0))
        self.suggest_box.pack(fill="both", expand=True)
        self.kind_changed()

    def kind_changed(self) -> None:
        names = self.page.document.outline_names() or [self.page.outline.name]
        self.builtin_box.configure(values=names)
        self.builtin_var.set(names[0])

    # -- the outline -------------------------------------------------------------------------

    def fill_outline(self) -> None:
        tree = self.outline_tree
        outline = self.page.outline
        selected = tree.selection()
        tree.delete(*tree.get_children())
        for i, node in enumerate(outline.nodes, 1):
            tree.insert("", "end", iid=node.key, open=True, text=f"{content.cn_number(i)}、{self.title(node.title, 40)}")
            for j, child in enumerate(node.children, 1):
                tree.insert(node.key, "end", iid=child.key, text=f"（{content.cn_number(j)}）{self.title(child.title, 36)}")
        if selected and tree.exists(selected[0]):
            tree.selection_set(selected[0])
        self.outline_label.configure(text=f"正在使用：{outline.name}")

    def title(self, title: str, limit: int = 0) -> str:
        """A heading with its placeholders filled as the document prints them."""
        for key in ("year", "next_year", "span", "next_span", "span_word"):
            value = self.page.values.get(key)
            if value is not None:
                title = title.replace("{" + key + "}", str(value))
        if limit and len(title) > limit:
            title = title[: limit - 1] + "…"
        return title

    def selected_node(self) -> str | None:
        sel = self.outline_tree.selection()
        return sel[0] if sel else None

    def on_outline_selected(self) -> None:
        key = self.selected_node()
        node = self.page.outline.find(key) if key else None
        if node is not None:
            self.title_var.set(node.title)

    def _store(self, select: str | None = None) -> None:
        self.page.document.save_outline(self.page.outline)
        self.fill_outline()
        if select and self.outline_tree.exists(select):
            self.outline_tree.selection_set(select)
        self.page.editor_view.fill_sections()

    def _action(self, action: Callable[[], str | None]) -> None:
        try:
            select = action()
        except ValueError as exc:
            common.show_warning(str(exc), parent=self)
            return
        self._store(select)

    def on_add_section(self) -> None:
        outline = self.page.outline
        after = self.selected_node()
        if after and outline.parent_of(after):
            after = outline.parent_of(after).key
        self._action(lambda: outline.add(self.title_var.get(), after=after).key)

    def on_add_subsection(self) -> None:
        outline = self.page.outline
        key = self.selected_node()
        if key is None:
            common.show_warning("请先在提纲中选中一个一级标题。", parent=self)
            return
        parent = outline.parent_of(key)
        parent_key, after = (parent.key, key) if parent else (key, None)
        self._action(lambda: outline.add(self.title_var.get(), parent=parent_key, after=after).key)

    def on_rename(self) -> None:
        key = self.selected_node()
        if key is None:
            common.show_warning("请先在提纲中选中要改名的标题。", parent=self)
            return

        def rename() -> str:
            self.page.document.rename_section(self.page.outline, key, self.title_var.get(), self.page.year)
            return key

        self._action(rename)

    def on_move(self, step: int) -> None:
        key = self.selected_node()
        if key is not None:
            self._action(lambda: (self.page.outline.move(key, step), key)[1])

    def on_remove(self) -> None:
        key = self.selected_node()
        node = self.page.outline.find(key) if key else None
        if node is None:
            return
        if not common.confirm(f"从提纲中删除“{self.title(node.title)}”{'及其下的二级标题' if node.children else ''}吗？"
                              "这一部分将不再出现在报告中（已保存的文字仍保存在台账里）。", "删除标题", parent=self):
            return
        if key == self.page.editor_view.section_key and not self.page.editor_view.settle("删除这一部分"):
            return
        self._action(lambda: (self.page.outline.remove(key), None)[1])

    def on_use_builtin(self) -> None:
        name = self.builtin_var.get()
        if not common.confirm(f"套用“{name}”吗？本单位对提纲的修改将被替换，各部分已保存的文字不变。", "套用提纲", parent=self):
            return
        self.page.outline = self.page.document.use_built_in_outline(name)
        self.fill_outline()
        self.page.editor_view.fill_sections()

    # -- suggestions -------------------------------------------------------------------------

    def fill_suggestions(self) -> None:
        for child in self.suggest_box.winfo_children():
            child.destroy()
        self.suggest_vars.clear()
        self.suggest_checks.clear()
        self.suggest_labels = []
        document = self.page.document
        if document.personal:
            common.muted_label(self.suggest_box, "述法报告的不足和打算是报告人自己的话，程序不提出建议。").pack(anchor="w")
            return
        offered = document.offered_suggestions(self.page.figures)
        if not offered:
            common.muted_label(self.suggest_box, "本期台账数据没有提示需要写入的不足或计划。").pack(anchor="w")
            return
        chosen = set(document.chosen_suggestions(self.page.year))
        for suggestion in offered:
            var = ttk.BooleanVar(value=suggestion.id in chosen)
            where = "不足" if suggestion.role == "shortcomings" else "计划"
            row = ttk.Frame(self.suggest_box)
            row.pack(fill="x", pady=2)
            check = ttk.Checkbutton(row, text=f"写入{where}", variable=var, command=self.on_suggestion_toggled)
            check.pack(side="left", anchor="n")
            label = common.wrapping_label(row, document.fill(suggestion.text, self.page.values))
            label.pack(side="left", fill="x", expand=True, padx=(6, 0))
            self.suggest_vars[suggestion.id] = var
            self.suggest_checks[suggestion.id] = check
            self.suggest_labels.append(label)

    def on_suggestion_toggled(self) -> None:
        document, year = self.page.document, self.page.year
        kept = [i for i in document.chosen_suggestions(year) if i not in self.suggest_vars]
        ticked = [i for i, var in self.suggest_vars.items() if var.get()]
        document.save_chosen_suggestions(year, kept + ticked)

"""The 报告格式 editor (preset, ★, 版记, bold headings, fonts, the 附件's year before), used by
单位设置 and 报告与总结; how figures are written; how the half-year summary is sent."""

from __future__ import annotations

import dataclasses
import tkinter

import ttkbootstrap as ttk

from lawdesk.errors import LawdeskError
from lawdesk.report.profile import PRESETS, SWITCH_LABELS, ReportProfile
from lawdesk.services import annual_report, half_year, stats, units
from lawdesk.services.report_data import PRIOR_YEAR_CHOICES
from lawdesk.ui import common

CUSTOM = "自定义"
#: every switch of the report format, in the order ``SWITCH_LABELS`` gives them
SWITCHES: tuple[tuple[str, str], ...] = tuple(SWITCH_LABELS.items())
FONTS: tuple[tuple[str, str], ...] = (
    ("body_font", "正文字体"),
    ("title_font", "标题字体"),
    ("hei_font", "一级标题字体"),
    ("kai_font", "二级标题字体"),
)


def preset_name(profile: ReportProfile) -> str:
    for name, preset in PRESETS.items():
        if dataclasses.replace(preset, prior_year=profile.prior_year) == profile:
            return name
    return CUSTOM


class ReportProfileEditor(ttk.Labelframe):
    """Edits the stored ``ReportProfile``; ``save()`` writes it."""

    def __init__(self, master: tkinter.Misc, *, show_fonts: bool = True,
                 autosave: bool = False, unit: units.UnitRef = None) -> None:
        super().__init__(master, text="报告格式", padding=10)
        self.autosave = autosave
        self.unit = unit  # whose report (None: this database's own office)
        self.profile = annual_report.report_profile(unit)
        self.preset_var = ttk.StringVar(value=preset_name(self.profile))
        self.switch_vars = {k: ttk.BooleanVar(value=getattr(self.profile, k)) for k, _ in SWITCHES}
        self.font_vars = {k: ttk.StringVar(value=getattr(self.profile, k)) for k, _ in FONTS}
        self.prior_var = ttk.StringVar(value=self._prior_label(self.profile))
        self._build_ui(show_fonts)

    @staticmethod
    def _prior_label(profile: ReportProfile) -> str:
        return PRIOR_YEAR_CHOICES.get(profile.prior_year, PRIOR_YEAR_CHOICES["auto"])

    def _build_ui(self, show_fonts: bool) -> None:
        row = ttk.Frame(self)
        row.pack(fill="x")
        ttk.Label(row, text="格式方案").pack(side="left")
        box = ttk.Combobox(row, textvariable=self.preset_var, state="readonly", width=24,
                           values=[*PRESETS, CUSTOM])
        box.pack(side="left", padx=6)
        box.bind("<<ComboboxSelected>>", lambda _e: self.on_preset())
        self.switch_checks: dict[str, ttk.Checkbutton] = {}
        for key, label in SWITCHES:
            check = ttk.Checkbutton(self, text=label, variable=self.switch_vars[key],
                                    command=self.on_changed)
            check.pack(anchor="w", pady=(4, 0))
            self.switch_checks[key] = check
        prior = ttk.Frame(self)
        prior.pack(fill="x", pady=(6, 0))
        ttk.Label(prior, text="附件中的上年数据").pack(side="left")
        self.prior_box = ttk.Combobox(prior, textvariable=self.prior_var, state="readonly", width=24,
                                      values=list(PRIOR_YEAR_CHOICES.values()))
        self.prior_box.pack(side="left", padx=6)
        self.prior_box.bind("<<ComboboxSelected>>", lambda _e: self.on_changed())
        common.muted_label(self, "上年台账齐全：上年的记录涵盖本年一半以上的记录类别，且分布在至少三个季度。").pack(
            anchor="w", pady=(2, 0))
        if show_fonts:
            grid = ttk.Frame(self)
            grid.pack(fill="x", pady=(8, 0))
            for i, (key, label) in enumerate(FONTS):
                ttk.Label(grid, text=label).grid(row=i // 2, column=(i % 2) * 2, sticky="e",
                                                 padx=(0 if i % 2 == 0 else 16, 6), pady=2)
                entry = ttk.Entry(grid, textvariable=self.font_vars[key], width=16)
                entry.grid(row=i // 2, column=(i % 2) * 2 + 1, sticky="w")
                entry.bind("<FocusOut>", lambda _e: self.on_changed())
            common.muted_label(self, "电脑上没有“仿宋_GB2312”等字体时，选“仿宋（无_GB2312字体）”方案。").pack(
                anchor="w", pady=(6, 0))

    def current(self) -> ReportProfile:
        values = {k: v.get() for k, v in self.switch_vars.items()}
        values.update({k: v.get().strip() or getattr(self.profile, k)
                       for k, v in self.font_vars.items()})
        values["prior_year"] = next((k for k, label in PRIOR_YEAR_CHOICES.items() if label == self.prior_var.get()),
                                    self.profile.prior_year)  # fmt: skip
        return dataclasses.replace(self.profile, **values)

    def on_preset(self) -> None:
        preset = PRESETS.get(self.preset_var.get())
        if preset is None:
            return
        self.profile = dataclasses.replace(preset, prior_year=self.current().prior_year)
        for k, var in self.switch_vars.items():
            var.set(getattr(preset, k))
        for k, var in self.font_vars.items():
            var.set(getattr(preset, k))
        if self.autosave:
            self._autosave()

    def on_changed(self) -> None:
        self.preset_var.set(preset_name(self.current()))
        if self.autosave:
            self._autosave()

    def _autosave(self) -> None:
        """Save at once; when it cannot be saved (a new database whose office has no unit yet)
        say why and show the stored format again."""
        try:
            self.save()
        except LawdeskError as exc:
            common.show_error(exc.message, parent=self)
            self.reload()

    def save(self) -> ReportProfile:
        profile = self.current()
        annual_report.save_report_profile(profile, self.unit)
        self.profile = profile
        return profile

    def has_unsaved_changes(self) -> bool:
        """True when the switches or fonts differ from the stored report format."""
        return self.current() != annual_report.report_profile(self.unit)

    def reload(self) -> None:
        self.profile = annual_report.report_profile(self.unit)
        self.preset_var.set(preset_name(self.profile))
        for k, var in self.switch_vars.items():
            var.set(getattr(self.profile, k))
        for k, var in self.font_vars.items():
            var.set(getattr(self.profile, k))
        self.prior_var.set(self._prior_label(self.profile))


RATE_STYLES = {0: "整数（如 97%）", 2: "两位小数（如 96.92%）"}


class ReportWordingEditor(ttk.Labelframe):
    """Edits how figures are written (the stored ``ReportOptions``); every change is saved."""

    def __init__(self, master: tkinter.Misc, *, unit: units.UnitRef = None) -> None:
        super().__init__(master, text="数字写法与附注", padding=10)
        self.unit = unit
        self.options = annual_report.ReportOptions.load(unit)
        self.approx_keys = [f.key for f in stats.FIGURES if f.approx]
        self.note_var = ttk.StringVar(value=self.options.note)
        self.rate_var = ttk.StringVar(value=RATE_STYLES.get(self.options.rate_decimals, RATE_STYLES[0]))
        self._build_ui()

    def _build_ui(self) -> None:
        row = ttk.Frame(self)
        row.pack(fill="x")
        ttk.Label(row, text="比率写法").pack(side="left")
        box = ttk.Combobox(row, textvariable=self.rate_var, state="readonly", width=20,
                           values=list(RATE_STYLES.values()))
        box.pack(side="left", padx=6)
        box.bind("<<ComboboxSelected>>", lambda _e: self.on_changed())
        ttk.Label(self, text="写作“N余”的数字（如392写“390余起”，保留前两位，100以上才用）").pack(
            anchor="w", pady=(8, 2))
        self.approx_list = tkinter.Listbox(self, selectmode="multiple", height=5, exportselection=False)
        for key in self.approx_keys:
            self.approx_list.insert("end", stats.FIGURES_BY_KEY[key].label)
            if key in self.options.approx:
                self.approx_list.selection_set("end")
        self.approx_list.pack(fill="x")
        self.approx_list.bind("<<ListboxSelect>>", lambda _e: self.on_changed())
        note = ttk.Frame(self)
        note.pack(fill="x", pady=(8, 0))
        ttk.Label(note, text="附注").pack(side="left")
        entry = ttk.Entry(note, textvariable=self.note_var, width=24)
        entry.pack(side="left", padx=6, fill="x", expand=True)
        entry.bind("<FocusOut>", lambda _e: self.on_changed())
        common.muted_label(self, "附注留空则不印；常用：此件公开发布").pack(anchor="w", pady=(2, 0))

    def current(self) -> annual_report.ReportOptions:
        decimals = next((d for d, label in RATE_STYLES.items() if label == self.rate_var.get()), 0)
        approx = [self.approx_keys[i] for i in self.approx_list.curselection()]
        return dataclasses.replace(
            self.options, approx=approx, rate_decimals=decimals, note=self.note_var.get().strip()
        )

    def on_changed(self) -> None:
        self.options = self.current()
        self.options.save(self.unit)

    def has_unsaved_changes(self) -> bool:
        return self.current() != annual_report.ReportOptions.load(self.unit)


class HalfYearLayoutEditor(ttk.Labelframe):
    """How the half-year summary is sent (the stored ``HalfYearOptions``): with or without 版头,
    to whom; every change is saved."""

    def __init__(self, master: tkinter.Misc, *, unit: units.UnitRef = None) -> None:
        super().__init__(master, text="半年总结的版式", padding=10)
        self.unit = unit
        self.options = half_year.HalfYearOptions.load(unit)
        self.masthead_var = ttk.BooleanVar(value=self.options.masthead)
        self.addressee_var = ttk.StringVar(value=self.options.addressee)
        ttk.Checkbutton(self, text="加版头（发文机关标志、发文字号）和版记", variable=self.masthead_var,
                        command=self.on_changed).pack(anchor="w")
        row = ttk.Frame(self)
        row.pack(fill="x", pady=(8, 0))
        ttk.Label(row, text="主送机关").pack(side="left")
        self.addressee_entry = ttk.Entry(row, textvariable=self.addressee_var, width=24)
        self.addressee_entry.pack(side="left", padx=6, fill="x", expand=True)
        self.addressee_entry.bind("<FocusOut>", lambda _e: self.on_changed())
        self.message = common.muted_label(self, "县里要求的报送对象，一般为县委依法治县办")
        self.message.pack(anchor="w", pady=(2, 0))

    def on_changed(self) -> bool:
        options = half_year.HalfYearOptions(self.masthead_var.get(), self.addressee_var.get().strip())
        try:
            options.save(self.unit)
        except LawdeskError as exc:
            self.message.configure(text=exc.message, foreground=common.ERROR_COLOR)
            return False
        self.options = options
        self.message.configure(text="已保存，下次导出时生效。", foreground="")
        return True

    def reload(self) -> None:
        self.options = half_year.HalfYearOptions.load(self.unit)
        self.masthead_var.set(self.options.masthead)
        self.addressee_var.set(self.options.addressee)

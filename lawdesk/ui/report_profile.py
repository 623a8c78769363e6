"""The 报告格式 editor (preset, ★, 版记, bold headings, fonts), used by 单位设置 and 年度报告."""

from __future__ import annotations

import dataclasses
import tkinter

import ttkbootstrap as ttk

from lawdesk.report.profile import PRESETS, ReportProfile
from lawdesk.services import reports
from lawdesk.ui import common

CUSTOM = "自定义"
SWITCHES: tuple[tuple[str, str], ...] = (
    ("party_star", "版头红线中间加 ★（党的机关）"),
    ("imprint", "加版记（抄送、印发机关和印发日期）"),
    ("bold_level2", "二级标题（一）加粗"),
    ("bold_level3", "三级标题 1. 加粗"),
)
FONTS: tuple[tuple[str, str], ...] = (
    ("body_font", "正文字体"),
    ("title_font", "标题字体"),
    ("hei_font", "一级标题字体"),
    ("kai_font", "二级标题字体"),
)


def preset_name(profile: ReportProfile) -> str:
    for name, preset in PRESETS.items():
        if preset == profile:
            return name
    return CUSTOM


class ReportProfileEditor(ttk.Labelframe):
    """Edits the stored ``ReportProfile``; ``save()`` writes it."""

    def __init__(self, master: tkinter.Misc, *, show_fonts: bool = True,
                 autosave: bool = False) -> None:
        super().__init__(master, text="报告格式", padding=10)
        self.autosave = autosave
        self.profile = reports.report_profile()
        self.preset_var = ttk.StringVar(value=preset_name(self.profile))
        self.switch_vars = {k: ttk.BooleanVar(value=getattr(self.profile, k)) for k, _ in SWITCHES}
        self.font_vars = {k: ttk.StringVar(value=getattr(self.profile, k)) for k, _ in FONTS}
        self._build_ui(show_fonts)

    def _build_ui(self, show_fonts: bool) -> None:
        row = ttk.Frame(self)
        row.pack(fill="x")
        ttk.Label(row, text="格式方案").pack(side="left")
        box = ttk.Combobox(row, textvariable=self.preset_var, state="readonly", width=24,
                           values=[*PRESETS, CUSTOM])
        box.pack(side="left", padx=6)
        box.bind("<<ComboboxSelected>>", lambda _e: self.on_preset())
        for key, label in SWITCHES:
            ttk.Checkbutton(self, text=label, variable=self.switch_vars[key],
                            command=self.on_changed).pack(anchor="w", pady=(4, 0))
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
        return dataclasses.replace(self.profile, **values)

    def on_preset(self) -> None:
        preset = PRESETS.get(self.preset_var.get())
        if preset is None:
            return
        self.profile = preset
        for k, var in self.switch_vars.items():
            var.set(getattr(preset, k))
        for k, var in self.font_vars.items():
            var.set(getattr(preset, k))
        if self.autosave:
            self.save()

    def on_changed(self) -> None:
        self.preset_var.set(preset_name(self.current()))
        if self.autosave:
            self.save()

    def save(self) -> ReportProfile:
        profile = self.current()
        reports.save_report_profile(profile)
        self.profile = profile
        return profile

    def reload(self) -> None:
        self.profile = reports.report_profile()
        self.preset_var.set(preset_name(self.profile))
        for k, var in self.switch_vars.items():
            var.set(getattr(self.profile, k))
        for k, var in self.font_vars.items():
            var.set(getattr(self.profile, k))

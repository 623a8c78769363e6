"""首页: the year's key figures beside last year's, the report deadlines and charts.

Charts live on their own tab and are built the first time that tab is opened, so neither
startup nor the figures tab ever imports matplotlib. A worker thread computes the series and
draws each chart to a PNG at the screen's resolution; the Tk thread only shows the pictures, and
“正在生成图表…” stays at the top of the tab until they are there (drawing them on the Tk thread
left the tab blank and the window frozen for seconds on a slow PC). The cards (one canvas, see
``lawdesk.ui.widgets.figure_cards``) reflow to the page's width (two to five a row) and their
titles wrap; the page refreshes itself after any change of records. At start-up the cards'
figures of the opening year are computed on a thread started as soon as the database is open
(``prefetch_figures``), while the window is still being built; the first frame waits for them
up to ``PREFETCH_WAIT_S``, later ones fill in when the worker is done.
"""

from __future__ import annotations

import base64
import threading
import tkinter
import tkinter.ttk as tkttk
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ttkbootstrap as ttk

from lawdesk.connection import worker
from lawdesk.services import events, stats
from lawdesk.services.period import Period, report_deadlines
from lawdesk.ui import common
from lawdesk.ui.pages.base import ChangeWatcher, Page
from lawdesk.ui.widgets.figure_cards import CARD_MIN_WIDTH, FigureCards

if TYPE_CHECKING:
    from lawdesk.ui.pages.base import Workbench

UP_COLOR = "#2e7d32"
DOWN_COLOR = "#b23b3b"
FIGURES_POLL_MS = 10  # the cards fill in as soon as the worker is done (a poll costs nothing)
#: How long the first frame waits for figures still being computed at start-up (a small
#: office's take a few milliseconds; a big database's fill in when they are ready).
PREFETCH_WAIT_S = 0.1


def days_left_text(days: int) -> str:
    """How a deadline's days left read on 首页 (``period.report_deadlines``)."""
    if days > 0:
        return f"还有 {days} 天"
    return "就是今天" if days == 0 else "已过期"


def trend(now: int | float | None, before: int | float | None) -> tuple[str, str]:
    """(text, colour) comparing a figure with the previous year's."""
    if now is None or before is None:
        return "—", common.MUTED_COLOR
    if now > before:
        return "↑ 增加", UP_COLOR
    if now < before:
        return "↓ 减少", DOWN_COLOR
    return "持平", common.MUTED_COLOR


def _cards_figures(period: Period) -> tuple[stats.Figures, stats.Figures]:
    """The cards' figures of ``period`` and of the period before: only the figures on a card
    (``keys``: no lists, no open-at-end queries), a third of the work of every figure."""
    return (stats.compute(period, keys=stats.REFERENCE_KEYS),
            stats.compute(period.previous(), keys=stats.REFERENCE_KEYS))


def _figures_of(year: int) -> tuple[stats.Figures, stats.Figures]:
    """This year's and last year's figures (run by a ``BackgroundTask``)."""
    return _cards_figures(Period.year(year))


class _Prefetch:
    """The opening year (``stats.default_year``) and its figures, computed on a thread
    started as soon as the database is open (``prefetch_figures``), while the main window is
    still being made.

    The first 首页 takes the result (once), waiting for it at most ``PREFETCH_WAIT_S``; a
    change of records or of the database announced meanwhile makes it stale, and the page
    computes afresh as usual.
    """

    def __init__(self) -> None:
        self._year: int | None = None
        self._year_known = threading.Event()
        self.stale = False
        self._result: tuple[stats.Figures, stats.Figures] | None = None
        self._error: BaseException | None = None
        self._unsubscribe = events.subscribe(self._heard)
        self.thread = threading.Thread(target=worker(self._run), name="lawdesk-prefetch", daemon=True)
        self.thread.start()

    def _heard(self, change: events.Change) -> None:
        if change.kind in ("records", "database"):
            self.stale = True

    def _run(self) -> None:
        try:
            try:
                self._year = stats.default_year()
            finally:
                self._year_known.set()
            self._result = _cards_figures(Period.year(self._year))
        except BaseException as exc:  # noqa: BLE001 - raised again where the result is taken
            self._error = exc

    @property
    def year(self) -> int | None:
        """The opening year (waits until the thread has found it); None if that failed."""
        self._year_known.wait()
        return self._year

    def finished(self, timeout: float = 0.0) -> bool:
        """The thread has finished, waiting up to ``timeout`` seconds (then ``result`` returns
        at once)."""
        self.thread.join(timeout)
        return not self.thread.is_alive()

    def result(self) -> tuple[stats.Figures, stats.Figures]:
        """Wait for the thread (called from the page's own worker thread)."""
        self.thread.join()
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result

    def close(self) -> None:
        self._unsubscribe()


_prefetched: _Prefetch | None = None


def prefetch_figures() -> None:
    """Start finding the year 首页 opens on (the default year) and computing its figures."""
    global _prefetched
    if _prefetched is not None:
        _prefetched.close()
    _prefetched = _Prefetch()


def _take_prefetched(year: int) -> _Prefetch | None:
    """The prefetch for ``year`` when it is still good (taken once)."""
    global _prefetched
    found, _prefetched = _prefetched, None
    if found is None:
        return None
    found.close()
    return found if found.year == year and not found.stale else None


class DashboardPage(Page, ttk.Frame):
    """Key figures of a year; click a figure to see the records behind it."""

    page_title = "首页"

    def __init__(self, master: tkinter.Misc, app: Workbench | None = None) -> None:
        super().__init__(master, padding=(16, 12))
        self.app = app
        early = _prefetched
        year = early.year if early is not None and not early.stale else None
        self.year = year if year is not None else stats.default_year()
        self.figures: stats.Figures | None = None
        self.previous: stats.Figures | None = None
        self.charts_year: int | None = None
        self.chart_images: list[tkinter.Widget] = []  # one label per chart picture
        self._computing = False
        self._again = False
        self._figures_listeners: list[Callable[[], None]] = []
        self.laid_out = False  # the cards have been placed for the page's real width
        self._build_ui()
        self.watcher = ChangeWatcher(self, self.refresh, kinds=("records",))

    # -- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        head = tkttk.Frame(self)
        head.pack(fill="x")
        tkttk.Label(head, text="首页", font="LawdeskTitle").pack(side="left")
        tkttk.Label(head, text="年度").pack(side="left", padx=(24, 4))
        self.year_var = ttk.StringVar(value=str(self.year))
        box = ttk.Combobox(head, textvariable=self.year_var, state="readonly", width=7,
                           values=common.year_values())
        box.pack(side="left")
        box.bind("<<ComboboxSelected>>", lambda _e: self.on_year_changed())
        self.compare_label = common.muted_label(head, "")
        self.compare_label.pack(side="left", padx=12)
        self.report_button = ttk.Button(head, text="生成年度报告 ›", bootstyle="primary",
                                        command=self.on_open_report)
        self.report_button.pack(side="right")

        self.deadline_frame = tkttk.Frame(self, padding=(0, 10, 0, 6))
        self.deadline_frame.pack(fill="x")

        self.notebook = ttk.Notebook(self)
        self.notebook.pack(fill="both", expand=True, pady=(4, 0))
        self.cards_page = tkttk.Frame(self.notebook, padding=(8, 8, 0, 0))
        self.charts_tab = tkttk.Frame(self.notebook, padding=8)
        self.notebook.add(self.cards_page, text="  主要数据  ")
        self.notebook.add(self.charts_tab, text="  图表  ")
        self.notebook.bind("<<NotebookTabChanged>>", lambda _e: self.on_tab_changed())
        self.charts_hint = common.muted_label(self.charts_tab, "正在生成图表…")
        self.charts_hint.pack(anchor="w")
        self._build_cards()

    def _build_cards(self) -> None:
        """A card per reference figure (name, figure, “2021年 … ↑ 增加”), drawn on one canvas
        (see ``FigureCards``): a click on a card opens the records behind its figure."""
        style = ttk.Style.get_instance() or ttk.Style()
        self.cards = FigureCards(
            self.cards_page,
            [(key, stats.FIGURES_BY_KEY[key].label) for key in stats.REFERENCE_KEYS],
            on_click=self._on_card_click, hint="点一个数字，可以看到计入它的每一条记录。",
            card_color=style.colors.light, text_color=style.colors.fg,
            page_color=style.colors.bg, hint_color=common.MUTED_COLOR)
        self.cards.pack(fill="both", expand=True)
        self.cards.canvas.bind("<Configure>", self._reflow_cards, add="+")

    def _on_card_click(self, key: str) -> None:
        if self.winfo_exists():
            self.on_figure_clicked(key)

    def bind_shortcuts(self, top: tkinter.Misc) -> None:
        top.bind("<Prior>", lambda _e: self.cards.scroll_pages(-1))
        top.bind("<Next>", lambda _e: self.cards.scroll_pages(1))

    def _reflow_cards(self, event: tkinter.Event) -> None:
        if event.width < CARD_MIN_WIDTH:
            return  # the notebook's first placeholder size (1 px): the real width follows
        if event.width != self.cards.laid_out_width:
            self.cards.layout(event.width)
        self.laid_out = True
        self._tell_if_ready()

    # -- data --------------------------------------------------------------------------------

    @property
    def period(self) -> Period:
        return Period.year(self.year)

    def refresh(self) -> None:
        """Compute this year's and last year's figures off the Tk thread, then show them.

        The window appears at once; the cards fill in a moment later (a refresh asked for while
        one is running is done once it ends). Figures prefetched at start-up and already
        computed are shown at once, before the first frame is drawn.
        """
        if self._computing:
            self._again = True
            return
        self._computing = True
        self._again = False
        year = self.year
        early = _take_prefetched(year)
        if early is not None and early.finished(PREFETCH_WAIT_S):  # shown in the first frame
            try:
                result = early.result()
            except Exception as exc:  # noqa: BLE001 - shown on the page like a worker's error
                self._figures_failed(exc)
            else:
                self._figures_done(year, result)
        else:
            work = early.result if early is not None else (lambda: _figures_of(year))
            common.BackgroundTask(self, work,
                                  lambda result: self._figures_done(year, result),
                                  self._figures_failed, poll_ms=FIGURES_POLL_MS).start()
        self._show_deadlines()
        if self.charts_year is not None and self._charts_tab_selected():
            self.build_charts()

    def _figures_done(self, year: int, result: tuple[stats.Figures, stats.Figures]) -> None:
        self._computing = False
        if not self.winfo_exists():
            return
        if self._again or year != self.year:
            self.refresh()
            return
        self.figures, self.previous = result
        self._show_figures()

    def _figures_failed(self, exc: BaseException) -> None:
        self._computing = False
        if self.winfo_exists():
            self.compare_label.configure(text=f"统计失败：{common.error_message(exc)}",
                                         foreground=common.ERROR_COLOR)

    def _show_figures(self) -> None:
        assert self.figures is not None and self.previous is not None
        self.compare_label.configure(text=f"与 {self.year - 1} 年同期比较",
                                     foreground=common.MUTED_COLOR)
        self.cards.set_figures(self._card_rows(self.figures, self.previous))
        self._tell_if_ready()

    def _card_rows(self, now: stats.Figures, before: stats.Figures) -> list[tuple[str, str, str, str]]:
        rows = []
        for key in stats.REFERENCE_KEYS:
            fig = stats.FIGURES_BY_KEY[key]
            value, previous = now.values.get(key), before.values.get(key)
            arrow, color = trend(value, previous)
            rows.append((key, stats.format_value(fig, value),
                         f"{self.year - 1}年 {stats.format_value(fig, previous)}　{arrow}", color))
        return rows

    @property
    def figures_shown(self) -> bool:
        """True once the cards show computed figures (not the … placeholders) and are laid out
        at the page's real width."""
        return self.figures is not None and self.laid_out

    def when_figures_shown(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` once ``figures_shown`` (at once when it already is)."""
        self._figures_listeners.append(callback)
        self._tell_if_ready()

    def _tell_if_ready(self) -> None:
        if self.figures_shown:
            listeners, self._figures_listeners = self._figures_listeners, []
            for listener in listeners:
                listener()

    def _show_deadlines(self) -> None:
        for child in self.deadline_frame.winfo_children():
            child.destroy()
        # plain ttk labels of the theme's TLabel style: no per-widget bootstyle resolution
        tkttk.Label(self.deadline_frame, text=f"{self.year}年度报告：",
                    font="LawdeskBold").pack(side="left")
        for deadline in report_deadlines(self.year):
            day = deadline.day
            tkttk.Label(self.deadline_frame, text=f"{deadline.what}：{day.month}月{day.day}日前").pack(
                side="left", padx=(8, 4))
            tkttk.Label(self.deadline_frame, text=days_left_text(deadline.days_left), font="LawdeskBold",
                        foreground=common.MUTED_COLOR if deadline.days_left < 0 else DOWN_COLOR).pack(
                side="left", padx=(0, 16))

    def on_year_changed(self) -> None:
        self.year = int(self.year_var.get())
        self.refresh()

    def on_figure_clicked(self, key: str) -> tkinter.Misc:
        from lawdesk.ui.dialogs.records_window import RecordsBehindWindow

        return RecordsBehindWindow(self, key, self.period)

    def on_open_report(self) -> None:
        """生成年度报告: the report page of this year, at 导出与打印."""
        if self.app is not None:
            self.app.show_page("report").open_annual_export(self.year)

    # -- charts ------------------------------------------------------------------------------

    def _charts_tab_selected(self) -> bool:
        return self.notebook.select() == str(self.charts_tab)

    def on_tab_changed(self) -> None:
        if self._charts_tab_selected() and self.charts_year != self.year:
            self.build_charts()

    def build_charts(self) -> None:
        """Compute the series and draw the charts off the Tk thread (matplotlib is imported
        there), then show the pictures; the hint stays at the top of the tab meanwhile."""
        year = self.year
        self.charts_year = year
        self._show_charts_hint(f"正在生成{year}年的图表…")
        dpi = self.winfo_fpixels("1i")
        common.BackgroundTask(self, lambda: self._chart_pictures(year, dpi), self._show_charts,
                              self._charts_failed).start()

    def _show_charts_hint(self, text: str) -> None:
        self.charts_hint.configure(text=text)
        scroller = getattr(self, "charts_scroller", None)
        if scroller is not None:
            self.charts_hint.pack(anchor="w", pady=(0, 6), before=scroller.container)
        else:
            self.charts_hint.pack(anchor="w")

    def _chart_pictures(self, year: int, dpi: float) -> list[bytes]:
        """The charts of ``year`` as PNGs at the screen's ``dpi`` (on the worker thread)."""
        from lawdesk import charts

        return [charts.figure_to_png(figure, round(dpi)) for figure in self._chart_figures(year)]

    def _chart_figures(self, year: int) -> list[Any]:
        from lawdesk.services import report_data

        return [report_data.draw(spec) for spec in report_data.home_charts(year)]

    def _show_charts(self, pictures: list[bytes]) -> None:
        if not self.winfo_exists():
            return
        for label in self.chart_images:
            label.destroy()
        self.chart_images.clear()
        if not hasattr(self, "charts_scroller"):
            self.charts_scroller = common.scrolled_page(self.charts_tab, height=200)
            self.charts_scroller.pack(fill="both", expand=True)
        for png in pictures:
            image = tkinter.PhotoImage(master=self, data=base64.b64encode(png).decode("ascii"))
            label = tkttk.Label(self.charts_scroller, image=image)
            label.image = image  # type: ignore[attr-defined]  # Tk drops an image nothing holds
            label.pack(anchor="w", pady=(0, 12))
            self.chart_images.append(label)
        self.charts_hint.pack_forget()
        self.after_idle(lambda: self.charts_scroller.yview_moveto(0))  # start at the first chart

    def _charts_failed(self, exc: BaseException) -> None:
        self.charts_year = None
        if self.winfo_exists():
            self._show_charts_hint(f"图表生成失败：{common.error_message(exc)}")

"""Chart builders for the annual report and the statistics views.

Each builder takes plain data (no database access) and returns a ``matplotlib.figure.Figure``
sized for an A4 attachment (15 cm wide). The same figure can be shown in Tk with
``FigureCanvasTkAgg`` or turned into PNG bytes for the Word export with :func:`figure_to_png`.

pyplot is never imported here: it keeps global figures alive and its Tk manager changes the
process DPI awareness on Windows. Colours are a restrained palette that stays distinguishable in
greyscale print; series are also told apart by hatching, line style and marker.
"""

from __future__ import annotations

import io
import math
import threading
from collections.abc import Callable, Sequence

from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.transforms import ScaledTranslation, Transform, blended_transform_factory

from lawdesk.fonts import register_chart_font

CM = 1 / 2.54
WIDTH_CM = 15.0
HEIGHT_CM = 9.0
DEFAULT_DPI = 200
DEFAULT_FIGSIZE = (WIDTH_CM * CM, HEIGHT_CM * CM)  # inches

EMPTY_TEXT = "暂无数据"
MONTH_LABELS = tuple(f"{month}月" for month in range(1, 13))

INK = "#262626"
MUTED = "#595959"
GRID = "#D9D9D9"
TRACK = "#EDEDED"
CURRENT = "#1F4E79"  # deep blue: prints dark grey
PREVIOUS = "#A6A6A6"  # light grey
SERIES_COLORS = ("#1F4E79", "#9E2A2B", "#7F7F7F", "#2E75B6", "#BF8F00", "#404040")
SERIES_HATCHES = ("", "///", "...", "xxx", "\\\\\\", "---")
SERIES_LINES = (("-", "o"), ("--", "s"), (":", "^"), ("-.", "D"), ("-", "v"), ("--", "x"))

TITLE_SIZE = 12
LABEL_SIZE = 9
VALUE_SIZE = 8
LABEL_WRAP = 12  # characters per line of a category label


def comparison_chart(
    items: Sequence[tuple[str, float, float | None]],
    year: int,
    previous_year: int | None,
    title: str = "主要工作量同比",
    legend: tuple[str, str] | None = None,
) -> Figure:
    """Grouped horizontal bars: each item's value this year against the previous year.

    With ``previous_year`` None (the year before has no records) only this year's bars are drawn.
    ``legend`` names the two periods when they are not whole years ("2022年上半年").
    """
    now_label, before_label = legend or (f"{year}年", f"{previous_year}年")
    register_chart_font()
    if not items:
        return _empty_figure(title)
    with_previous = previous_year is not None
    fig, ax = _new_figure(_bar_height_cm(len(items), per_item=1.1 if with_previous else 0.8), fixed=True)
    labels = [_wrap(name) for name, _, _ in items]
    positions = range(len(items))
    bar = 0.38 if with_previous else 0.55
    shift = bar / 2 if with_previous else 0.0
    current = _bars(ax, [p - shift for p in positions], [float(c) for _, c, _ in items], bar,
                    color=CURRENT, label=now_label)  # fmt: skip
    series = [current]
    if with_previous:
        series.append(_bars(ax, [p + shift for p in positions], [float(v or 0) for _, _, v in items], bar,
                            color=PREVIOUS, hatch="///", edgecolor="white", label=before_label))  # fmt: skip
    for bars in series:
        _bar_values(ax, bars, [_fmt(w) for _y, w, _h in bars], 3, VALUE_SIZE)
    _category_labels(ax, labels)
    largest = max(max(c, v or 0) for _, c, v in items)
    integer = _whole(items)
    upper = _upper(largest, integer)
    locator = MaxNLocator(nbins=6, integer=integer or largest >= 10, min_n_ticks=1)
    _value_ticks(ax, upper, [v for v in locator.tick_values(0, upper) if 0 <= v <= upper], _fmt)
    _title_and_legend(fig, ax, title, ncols=2, legend=with_previous, fixed=True)
    _fixed_layout(fig, labels, legend=with_previous)
    return fig


def _whole(items: Sequence[tuple[str, float, float | None]]) -> bool:
    """Are all values whole numbers (counts: the axis then has no 0.8, 1.6 … ticks)?"""
    return all(float(v).is_integer() for _, c, p in items for v in (c, p or 0))


def monthly_chart(
    series: dict[str, Sequence[int | float]],
    year: int,
    title: str = "各月工作量",
    kind: str = "line",
) -> Figure:
    """Monthly counts of one year (1月…12月): one line per series, or stacked bars.

    A series may be shorter than 12 (months not reached yet); more than 12 values is an error.
    """
    register_chart_font()
    for name, values in series.items():
        if len(values) > 12:
            raise ValueError(f"{name}: {len(values)} monthly values, at most 12")
    if kind not in {"line", "bar"}:
        raise ValueError(f"kind must be 'line' or 'bar', not {kind!r}")
    series = {name: values for name, values in series.items() if len(values) > 0}
    full_title = f"{year}年{title}"
    if not series:
        return _empty_figure(full_title)
    fig, ax = _new_figure(HEIGHT_CM)
    months = list(range(12))
    if kind == "bar":
        _stacked_bars(ax, series, months)
    else:
        _lines(ax, series, months)
    ax.set_xticks(months, MONTH_LABELS)
    ax.set_xlim(-0.6, 11.6)
    _value_axis(ax, "y", _monthly_max(series, stacked=kind == "bar"), integer=True)
    _title_and_legend(fig, ax, full_title, ncols=min(len(series), 4), legend=len(series) > 1)
    return fig


def rate_chart(
    items: Sequence[tuple[str, float]], title: str, labels: Sequence[str] | None = None
) -> Figure:
    """Percentages (0–100), e.g. 按期办结率, 群众满意率, 化解率, as labelled horizontal bars.

    ``labels`` are the value texts to print (the report passes its table's, so a chart never
    shows a figure the table does not); by default one decimal.
    """
    register_chart_font()
    if not items:
        return _empty_figure(title)
    values = [float(v) for _, v in items]
    if any(math.isnan(v) or v < 0 for v in values):
        raise ValueError("rates must be numbers from 0 to 100")
    fig, ax = _new_figure(_bar_height_cm(len(items), per_item=0.8), fixed=True)
    value_labels = list(labels) if labels is not None else [f"{_fmt(v, 1)}%" for v in values]
    if len(value_labels) != len(values):
        raise ValueError("one label per rate")
    names = [_wrap(name) for name, _ in items]
    positions = list(range(len(items)))
    top = max(100.0, *values)
    track = _bars(ax, positions, [top] * len(items), 0.55, color=TRACK)
    _bars(ax, positions, values, 0.55, color=CURRENT)
    # Labels in one column after the 100% track, so they never sit on a bar.
    _bar_values(ax, track, value_labels, 4, LABEL_SIZE)
    _category_labels(ax, names)
    _value_ticks(ax, top * 1.12, list(range(0, int(top) + 1, 20)), lambda v: f"{v:g}%")
    _title_and_legend(fig, ax, title, legend=False, fixed=True)
    _fixed_layout(fig, names, legend=False)
    return fig


PRINT_RC = {"text.hinting": "no_hinting"}


def figure_to_png(fig: Figure, dpi: int = DEFAULT_DPI) -> bytes:
    """PNG bytes of ``fig`` rendered with Agg at ``dpi`` (the figure's own size, white page).

    The figure is drawn once on an Agg canvas and its pixels written by PIL. ``savefig`` would
    draw a figure with a layout engine twice and write RGBA through PNG's adaptive row filters;
    a chart has few colours (flat fills and their antialiased edges), so it is written as an
    exact palette image, which is lossless, encodes in a third of the time and is half the size.
    Glyphs are not hinted (``PRINT_RC``): at print resolution hinting changes nothing one can
    see, and it is a fifth of the drawing time of a chart's 20-odd texts.
    """
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    old_canvas, old_dpi, old_face = fig.canvas, fig.dpi, fig.get_facecolor()
    try:
        canvas = FigureCanvasAgg(fig)  # first: a new dpi must not resize a window showing fig
        fig.dpi = dpi
        fig.set_facecolor("white")
        with matplotlib.rc_context(PRINT_RC):
            canvas.draw()
        png = _encode_png(canvas.buffer_rgba(), canvas.get_width_height(physical=True), dpi)
    finally:
        fig.dpi = old_dpi
        fig.set_facecolor(old_face)
        fig.set_canvas(old_canvas)
    return png


_TABLE_LOCK = threading.Lock()
_TABLE: list[object] = []


def _palette_table():  # noqa: ANN202 - a numpy array (numpy is imported only when a chart is written)
    """A 16 MB colour → palette index table, made once per process."""
    import numpy as np

    if not _TABLE:
        _TABLE.append(np.zeros(1 << 24, dtype=np.uint8))
    return _TABLE[0]


def _encode_png(rgba: memoryview, size: tuple[int, int], dpi: int) -> bytes:
    """PNG of an RGBA buffer: palette when it has at most 256 opaque colours, else RGB(A)."""
    import numpy as np
    from PIL import Image

    image = Image.frombuffer("RGBA", size, rgba, "raw", "RGBA", 0, 1)
    colours = image.getcolors(256)
    opaque = colours is not None and all(c[3] == 255 for _n, c in colours)
    if colours is not None and opaque:
        # Exact mapping: each pixel's 24-bit colour indexes a table of palette positions.
        keys = np.array([r | g << 8 | b << 16 for _n, (r, g, b, _a) in colours], dtype=np.uint32)
        with _TABLE_LOCK:  # every pixel's colour is one of ``keys``: old entries are never read
            table = _palette_table()
            table[keys] = np.arange(len(keys), dtype=np.uint8)
            indexes = np.take(table, np.frombuffer(rgba, dtype="<u4") & 0xFFFFFF)
        out = Image.frombuffer("P", size, indexes, "raw", "P", 0, 1)
        out.putpalette(bytes(v for _n, c in colours for v in c[:3]))
    elif colours is None and image.getextrema()[3][0] == 255:
        out = image.convert("RGB")
    else:
        out = image
    buffer = io.BytesIO()
    out.save(buffer, format="png", compress_level=1, dpi=(dpi, dpi))
    return buffer.getvalue()


# --- building blocks -------------------------------------------------------------------------


def _new_figure(height_cm: float, fixed: bool = False) -> tuple[Figure, Axes]:
    """A white figure 15 cm wide with one axes; ``fixed`` charts get their margins from
    :func:`_fixed_layout` (no layout engine at all), the others the constrained layout."""
    if fixed:
        fig = Figure(figsize=(WIDTH_CM * CM, height_cm * CM), facecolor="white")
    else:
        fig = Figure(figsize=(WIDTH_CM * CM, height_cm * CM), layout="constrained", facecolor="white")
        fig.get_layout_engine().set(w_pad=0.1, h_pad=0.08)
    ax = fig.add_subplot()
    ax.set_facecolor("white")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(MUTED)
        ax.spines[side].set_linewidth(0.8)
    ax.set_axisbelow(True)
    ax.tick_params(colors=MUTED, labelcolor=INK, labelsize=LABEL_SIZE, length=3, width=0.8)
    return fig, ax


def _label_width_pt(label: str) -> float:
    """Printed width of the widest line of a category label at ``LABEL_SIZE``."""
    return max(sum(LABEL_SIZE * (0.55 if ch.isascii() else 1.0) for ch in line) for line in label.split("\n"))


def _fixed_layout(fig: Figure, labels: Sequence[str], legend: bool) -> None:
    """Margins computed from the labels instead of the constrained layout engine.

    The report's bar charts have a known shape (labels left, title on top, ticks and an
    optional legend below), so their margins can be computed; this halves the drawing time,
    which matters for the one-click report. The figure has no layout engine (not even the
    "none" placeholder, which would make ``savefig`` draw it twice).
    """
    width_pt, height_pt = fig.get_figwidth() * 72, fig.get_figheight() * 72
    left = (max((_label_width_pt(x) for x in labels), default=0) + 10) / width_pt
    top = 1 - (TITLE_SIZE * 2.0) / height_pt
    bottom = (LABEL_SIZE * 2.2 + (LABEL_SIZE * 2.4 if legend else 0)) / height_pt
    left = min(left, 0.45)
    for ax in fig.axes:
        ax.set_position((left, bottom, 0.97 - left, top - bottom))


def _empty_figure(title: str) -> Figure:
    fig, ax = _new_figure(HEIGHT_CM * 0.6)
    ax.set_axis_off()
    ax.text(
        0.5,
        0.5,
        EMPTY_TEXT,
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=TITLE_SIZE,
        color=MUTED,
    )
    _title_and_legend(fig, ax, title, legend=False)
    return fig


def _bar_height_cm(count: int, per_item: float) -> float:
    return min(max(3.2 + count * per_item, 6.0), 22.0)


# The report's bar charts set their category names, tick labels and values as plain texts and
# their grid as plain lines: matplotlib's tick objects cost a few milliseconds each, and
# ``bar_label`` makes an annotation of every value (a third of the one-click report's time).


def _points(ax: Axes, dx: float, dy: float) -> Transform:
    return ScaledTranslation(dx / 72, dy / 72, ax.figure.dpi_scale_trans)


def _category_labels(ax: Axes, labels: list[str]) -> None:
    """Category names left of the bars, first on top (texts with ``gid`` "category")."""
    ax.set_yticks([])
    ax.set_ylim(len(labels) - 0.5, -0.5)
    ax.spines["left"].set_visible(False)
    where = blended_transform_factory(ax.transAxes, ax.transData) + _points(ax, -4, 0)
    for i, label in enumerate(labels):
        ax.text(0, i, label, transform=where, ha="right", va="center", multialignment="right",
                fontsize=LABEL_SIZE, color=INK, gid="category")  # fmt: skip


def category_labels(fig: Figure) -> list[str]:
    """The category names of a bar chart, top to bottom (what its readers and tests look at)."""
    return [t.get_text() for ax in fig.axes for t in ax.texts if t.get_gid() == "category"]


def _value_ticks(ax: Axes, upper: float, values: Sequence[float], fmt: Callable[[float], str]) -> None:
    """The value axis from 0 to ``upper``: a light grid line and a label at each of ``values``
    (texts with ``gid`` "tick")."""
    ax.set_xlim(0, upper)
    ax.set_xticks([])
    grid = blended_transform_factory(ax.transData, ax.transAxes)
    ax.add_collection(LineCollection([[(v, 0), (v, 1)] for v in values], colors=GRID, linewidths=0.6,
                                     transform=grid, zorder=0.5), autolim=False)  # fmt: skip
    below = grid + _points(ax, 0, -3.5)
    for v in values:
        ax.text(v, 0, fmt(v), transform=below, ha="center", va="top", fontsize=LABEL_SIZE,
                color=MUTED, gid="tick")  # fmt: skip


Bars = list[tuple[float, float, float]]  # (centre, length, thickness) of each bar


def _bars(ax: Axes, positions: Sequence[float], lengths: Sequence[float], thickness: float, *,
          color: str, label: str | None = None, hatch: str | None = None, edgecolor: str = "none") -> Bars:  # fmt: skip
    """Horizontal bars from 0 as one collection (``barh`` makes and measures a patch per bar)."""
    half = thickness / 2
    verts = [[(0, y - half), (0, y + half), (w, y + half), (w, y - half)] for y, w in zip(positions, lengths, strict=True)]
    ax.add_collection(PolyCollection(verts, facecolors=color, edgecolors=edgecolor, linewidths=0, hatch=hatch,
                                     label=label, zorder=1), autolim=False)  # fmt: skip
    return [(y, w, thickness) for y, w in zip(positions, lengths, strict=True)]


def _bar_values(ax: Axes, bars: Bars, labels: Sequence[str], padding: float, size: float) -> None:
    """The text after each bar (``gid`` "value")."""
    after = ax.transData + _points(ax, padding, 0)
    for (y, length, _thickness), label in zip(bars, labels, strict=True):
        ax.text(length, y, label, transform=after, ha="left", va="center", fontsize=size, color=INK,
                gid="value")  # fmt: skip


def _upper(largest: float, integer: bool) -> float:
    upper = largest * 1.15 if largest > 0 else 1.0
    return max(upper, 1.15) if integer else upper  # counts of 0 and 1 still get a tick at 1


def _value_axis(ax: Axes, axis: str, largest: float, integer: bool = False) -> None:
    """Start at 0, leave room for value labels, light grid lines along the value axis."""
    upper = _upper(largest, integer)
    target = ax.xaxis if axis == "x" else ax.yaxis
    if axis == "x":
        ax.set_xlim(0, upper)
    else:
        ax.set_ylim(0, upper)
    target.set_major_locator(MaxNLocator(nbins=6, integer=integer or largest >= 10, min_n_ticks=1))
    target.set_major_formatter(FuncFormatter(lambda v, _pos: _fmt(v)))
    ax.grid(axis=axis, color=GRID, linewidth=0.6)
    ax.tick_params(axis=axis, labelcolor=MUTED)


def _title_and_legend(
    fig: Figure, ax: Axes, title: str, ncols: int = 1, legend: bool = True, fixed: bool = False
) -> None:
    fig.suptitle(title, fontsize=TITLE_SIZE, color=INK)
    if legend:
        fig.legend(
            *ax.get_legend_handles_labels(),
            loc="lower center" if fixed else "outside lower center",
            ncols=ncols,
            frameon=False,
            fontsize=LABEL_SIZE,
            handlelength=1.6,
            columnspacing=1.6,
        )


def _lines(ax: Axes, series: dict[str, Sequence[int | float]], months: list[int]) -> None:
    for index, (name, values) in enumerate(series.items()):
        style, marker = SERIES_LINES[index % len(SERIES_LINES)]
        ax.plot(
            months,
            _padded(values),
            label=name,
            color=SERIES_COLORS[index % 6],
            linestyle=style,
            marker=marker,
            markersize=4,
            linewidth=1.6,
        )
    if len(series) == 1:
        (values,) = series.values()
        for month, value in enumerate(values):
            ax.annotate(
                _fmt(value),
                (month, value),
                xytext=(0, 5),
                textcoords="offset points",
                ha="center",
                fontsize=VALUE_SIZE,
                color=INK,
            )


def _stacked_bars(ax: Axes, series: dict[str, Sequence[int | float]], months: list[int]) -> None:
    bottom = [0.0] * 12
    for index, (name, values) in enumerate(series.items()):
        heights = [0.0 if math.isnan(v) else v for v in _padded(values)]
        ax.bar(
            months,
            heights,
            bottom=bottom,
            width=0.62,
            label=name,
            color=SERIES_COLORS[index % 6],
            hatch=SERIES_HATCHES[index % 6],
            edgecolor="white",
            linewidth=0.5,
        )
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    for month, total in enumerate(bottom):
        if total > 0:
            ax.annotate(
                _fmt(total),
                (month, total),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                fontsize=VALUE_SIZE,
                color=INK,
            )


def _padded(values: Sequence[int | float]) -> list[float]:
    return [float(v) for v in values] + [math.nan] * (12 - len(values))


def _monthly_max(series: dict[str, Sequence[int | float]], stacked: bool) -> float:
    if stacked:
        return max(sum(float(s[m]) for s in series.values() if m < len(s)) for m in range(12))
    return max(float(v) for values in series.values() for v in values)


def _fmt(value: float, decimals: int = 1) -> str:
    """Whole numbers without decimals, others with ``decimals`` places."""
    value = float(value)
    if value.is_integer():
        return str(int(value))
    return f"{value:.{decimals}f}"


NO_LINE_START = "，。、；：？！）》〉」』】”’％,.;:?!)%"  # 避头: never at the start of a line
NO_LINE_END = "（《〈「『【“‘("  # 避尾: never at the end of a line
WORD_BREAK_AFTER = "、，；：）》”"  # a line may end after these (between words)
WORD_BREAK_BEFORE = "（《“"  # … or before these


def _break_allowed(text: str, i: int) -> bool:
    """May a line break fall between ``text[i-1]`` and ``text[i]``?"""
    before, after = text[i - 1], text[i]
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    return not (before.isascii() and after.isascii() and before.isalnum() and after.isalnum())


def _word_edge(text: str, i: int) -> bool:
    return text[i - 1] in WORD_BREAK_AFTER or text[i] in WORD_BREAK_BEFORE


def _wrap(label: str, width: int = LABEL_WRAP) -> str:
    """Break a category label into lines of about equal length, by words, with 避头尾.

    Breaks after 、，； are preferred (they end a word); digits and Latin words stay whole, and
    no line starts with a closing mark such as 、，。 or ends with an opening one.
    """
    label = label.strip()
    if len(label) <= width:
        return label
    lines = math.ceil(len(label) / width)
    target = len(label) / lines
    out, start = [], 0
    while len(label) - start > width:
        cands = [i for i in range(start + 1, min(start + width, len(label) - 1) + 1) if _break_allowed(label, i)]
        if not cands:
            cands = [min(start + width, len(label) - 1)]
        goal = start + target
        cut = min(cands, key=lambda i: abs(i - goal) - (3 if _word_edge(label, i) else 0))
        out.append(label[start:cut])
        start = cut
    out.append(label[start:])
    return "\n".join(out)

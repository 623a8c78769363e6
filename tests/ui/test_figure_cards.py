"""首页's figure cards on one canvas: every text inside its card at every width, two to five
cards a row, Chinese line breaking, a click on any part of a card naming its figure."""

from __future__ import annotations

import tkinter
from tkinter import font as tkfont

import pytest

from lawdesk.services import stats
from lawdesk.ui.pages.base import PageId
from lawdesk.ui.widgets import figure_cards
from lawdesk.ui.widgets.figure_cards import FigureCards, wrap_text

from .conftest import pump

PARTS = ("title", "value", "compare")


def _cards(root: tkinter.Misc, clicks: list[str] | None = None) -> FigureCards:
    items = [(key, stats.FIGURES_BY_KEY[key].label) for key in stats.REFERENCE_KEYS]
    cards = FigureCards(root, items, on_click=(clicks.append if clicks is not None else print),
                        hint="点一个数字，可以看到计入它的每一条记录。", card_color="#eff0f2",
                        text_color="#212529", page_color="#ffffff", hint_color="#6c757d")
    cards.set_figures((key, "1,234.56%", "2021年 1,234.56%　↑ 增加", "#2e7d32")
                      for key in stats.REFERENCE_KEYS)
    return cards


@pytest.mark.parametrize("width", [300, 420, 600, 760, 980, 1400])
def test_every_text_lies_inside_its_card_and_the_cards_inside_the_canvas(root, width) -> None:  # noqa: ANN001
    cards = _cards(root)
    cards.layout(width)
    assert 2 <= cards.columns <= figure_cards.CARDS_PER_ROW
    tops = set()
    for key in stats.REFERENCE_KEYS:
        x0, y0, x1, y1 = cards.card_box(key)
        assert 0 <= x0 and x1 <= width, (key, x0, x1, width)
        tops.add(y0)
        previous_bottom = y0
        for part in PARTS:
            tx0, ty0, tx1, ty1 = cards.text_box(key, part)
            assert x0 < tx0 and tx1 <= x1, (key, part, (tx0, tx1), (x0, x1))
            assert ty0 >= previous_bottom - 1 and ty1 <= y1, (key, part)  # stacked, not overlapping
            previous_bottom = ty1
    rows = -(-len(stats.REFERENCE_KEYS) // cards.columns)
    assert len(tops) == rows
    region = [float(v) for v in str(cards.canvas.cget("scrollregion")).split()]
    assert region[3] >= max(cards.card_box(k)[3] for k in stats.REFERENCE_KEYS)
    cards.destroy()


def test_more_columns_on_a_wider_page_and_never_fewer_than_two(root) -> None:  # noqa: ANN001
    cards = _cards(root)
    seen = []
    for width in (250, 500, 800, 1100, 1600):
        cards.layout(width)
        seen.append(cards.columns)
    assert seen == sorted(seen) and seen[0] == 2 and seen[-1] == figure_cards.CARDS_PER_ROW
    cards.destroy()


def test_a_longer_figure_set_later_is_wrapped_and_the_card_grows(root) -> None:  # noqa: ANN001
    cards = _cards(root)
    cards.layout(420)
    key = stats.REFERENCE_KEYS[0]
    before = cards.card_box(key)
    cards.set_figures([(key, "123456789012345次", "2021年 123456789012345次　↑ 增加", "#b23b3b")])
    after = cards.card_box(key)
    assert after[3] > before[3]
    assert cards.text_box(key, "value")[2] <= after[2]
    assert cards.text_of(key) == "123456789012345次"  # the figure itself, without line breaks
    assert cards.color_of(key) == "#b23b3b"
    cards.destroy()


def _measure_for(font_name: str):  # noqa: ANN202
    return tkfont.nametofont(font_name).measure


@pytest.mark.parametrize("width", [60, 90, 120, 160])
def test_chinese_lines_never_start_with_a_comma_or_end_with_an_opening_bracket(root, width) -> None:  # noqa: ANN001
    measure = _measure_for("LawdeskSmall")
    texts = [stats.FIGURES_BY_KEY[k].label for k in stats.REFERENCE_KEYS] + [
        "主持召开专题会议、班子会、推进会", "办结12345市长热线（含“县长信箱”）", "《中华人民共和国行政复议法》、《信访工作条例》"]
    for text in texts:
        lines = wrap_text(text, measure, width).split("\n")
        assert "".join(lines) == text  # nothing lost or added but the breaks
        for i, line in enumerate(lines):
            assert line
            if len(line) > 1:
                assert measure(line) <= width or line.isascii(), (text, line)
            if i > 0:
                assert line[0] not in figure_cards.NO_LINE_START, (text, lines)
            if i < len(lines) - 1:
                assert line[-1] not in figure_cards.NO_LINE_END, (text, lines)
                assert not (line[-1].isdigit() and lines[i + 1][0].isdigit()), (text, lines)


def test_a_click_anywhere_on_a_card_names_its_figure(root) -> None:  # noqa: ANN001
    clicks: list[str] = []
    cards = _cards(root, clicks)
    cards.pack(fill="both", expand=True)
    pump(root)
    cards.layout(cards.canvas.winfo_width())
    pump(root)
    for key in (stats.REFERENCE_KEYS[0], stats.REFERENCE_KEYS[-1]):
        for part in PARTS:
            x0, y0, x1, y1 = cards.text_box(key, part)
            cards.canvas.yview_moveto(0)
            x, y = (x0 + x1) // 2, (y0 + y1) // 2
            y -= int(cards.canvas.canvasy(0))
            cards.canvas.event_generate("<Motion>", x=x, y=y)
            cards.canvas.event_generate("<Button-1>", x=x, y=y)
            cards.canvas.event_generate("<ButtonRelease-1>", x=x, y=y)
            pump(root)
    assert clicks == [stats.REFERENCE_KEYS[0]] * 3 + [stats.REFERENCE_KEYS[-1]] * 3
    cards.destroy()


def test_home_cards_show_the_figures_and_open_the_records_behind_one(demo_window, root) -> None:  # noqa: ANN001
    home = demo_window.show_page(PageId.HOME)
    home.year_var.set("2022")
    home.on_year_changed()
    pump(root)
    assert home.cards.text_of("patrols") == "26次"
    assert home.cards.text_of("patrols", "compare").startswith("2021年 ")
    assert home.figures_shown
    opened = []
    home.on_figure_clicked = opened.append  # type: ignore[method-assign]
    x0, y0, x1, y1 = home.cards.text_box("patrols", "title")
    home.cards.canvas.yview_moveto(0)
    pump(root)
    x, y = (x0 + x1) // 2, (y0 + y1) // 2 - int(home.cards.canvas.canvasy(0))
    home.cards.canvas.event_generate("<Motion>", x=x, y=y)
    home.cards.canvas.event_generate("<Button-1>", x=x, y=y)
    pump(root)
    assert opened == ["patrols"]


def test_the_wheel_and_page_keys_scroll_cards_taller_than_the_page(root) -> None:  # noqa: ANN001
    cards = _cards(root)
    cards.canvas.configure(height=120)
    cards.pack()
    pump(root)
    cards.layout(420)  # two a row: eight rows, far taller than 120 px
    pump(root)
    assert cards.canvas.yview()[0] == 0.0
    cards.canvas.event_generate("<Button-5>", x=10, y=10)  # the wheel down (X11)
    pump(root)
    after_wheel = cards.canvas.yview()[0]
    assert after_wheel > 0.0
    assert cards.scroll_pages(1) == "break"
    pump(root)
    after_page = cards.canvas.yview()[0]
    assert after_page > after_wheel
    cards.canvas.event_generate("<Button-4>", x=10, y=10)  # and up again
    pump(root)
    assert cards.canvas.yview()[0] < after_page
    cards.destroy()

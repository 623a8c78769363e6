"""Tests for the bundled chart font (lawdesk.fonts) and the chart builders (lawdesk.charts)."""

from __future__ import annotations

import io
import subprocess
import sys
import warnings
from pathlib import Path

import matplotlib
import pytest
from fontTools.ttLib import TTFont
from matplotlib import font_manager
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from PIL import Image

from lawdesk import charts, fonts

ROOT = Path(__file__).resolve().parent.parent
FONT_PATH = ROOT / "assets" / "fonts" / "LawdeskSansSC-Regular.otf"
FAMILY = "Lawdesk Sans SC"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SAMPLE_TEXT = "法治政府建设年度报告矛盾纠纷化解率群众满意率按期办结率暂无数据1月12月2022年"
PUNCTUATION = "，。、；：？！“”‘’（）《》【】—…·％＋－"

COMPARISON = [
    ("普法宣传活动", 126, 98),
    ("矛盾纠纷调解", 56, 61),
    ("行政规范性文件合法性审核", 9, 7.5),
    ("重大行政决策合法性审查及公平竞争审查", 3, 2),
]
MONTHLY = {
    "矛盾纠纷受理": [5, 3, 8, 6, 9, 12, 7, 4, 6, 8, 10, 5],
    "普法宣传": [10, 12, 9, 14, 11, 8, 9, 13, 15, 12, 11, 16],
}
RATES = [("按期办结率", 98.5), ("群众满意率", 96.2), ("矛盾纠纷化解率", 100.0)]


def gb2312_chars(first_row: int, last_row: int) -> set[str]:
    chars = set()
    for lead in range(0xA0 + first_row, 0xA0 + last_row + 1):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


@pytest.fixture(scope="module")
def otf() -> TTFont:
    return TTFont(FONT_PATH)


@pytest.fixture
def no_pyplot_leak():
    yield
    assert "matplotlib.pyplot" not in sys.modules


# --- the font file ---------------------------------------------------------------------------


def test_font_file_is_a_single_face_otf(otf: TTFont) -> None:
    assert fonts.chart_font_path() == FONT_PATH
    assert FONT_PATH.read_bytes()[:4] == b"OTTO"  # CFF OpenType, not a collection ("ttcf")
    assert otf.sfntVersion == "OTTO"
    assert 500_000 < FONT_PATH.stat().st_size < 6_000_000


def test_font_is_renamed(otf: TTFont) -> None:
    name = otf["name"]
    assert name.getDebugName(1) == FAMILY
    assert name.getDebugName(6) == "LawdeskSansSC-Regular"
    for name_id in (1, 3, 4, 6, 16, 17):
        for record in name.names:
            if record.nameID == name_id:
                text = record.toUnicode()
                assert "Noto" not in text and "Source" not in text, (name_id, text)
    assert otf["CFF "].cff.fontNames == ["LawdeskSansSC-Regular"]
    assert "OFL" in name.getDebugName(13) or "Open Font License" in name.getDebugName(13)


def test_font_uses_the_simplified_chinese_glyphs(otf: TTFont) -> None:
    # In NotoSansCJK-Regular.ttc these characters map to different CIDs per face; these are the
    # SC face's (the JP face, face 0, uses cid45132 / cid27873 / cid11563).
    cmap = otf.getBestCmap()
    assert cmap[ord("骨")] == "cid45133"
    assert cmap[ord("直")] == "cid27874"
    assert cmap[ord("化")] == "cid11564"


def test_font_covers_app_text_and_gb2312(otf: TTFont) -> None:
    cmap = otf.getBestCmap()
    level1 = gb2312_chars(16, 55)
    all_hanzi = gb2312_chars(16, 87)
    assert len(level1) == 3755 and len(all_hanzi) == 6763
    wanted = set(SAMPLE_TEXT) | set(PUNCTUATION) | {chr(c) for c in range(0x20, 0x7F)}
    missing = sorted(ch for ch in wanted | all_hanzi if ord(ch) not in cmap)
    assert not missing, "".join(missing)


def test_license_and_readme_are_bundled() -> None:
    ofl = (FONT_PATH.parent / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in ofl
    assert "Reserved Font Name" in ofl and "Adobe" in ofl
    assert (FONT_PATH.parent / "README.md").is_file()


# --- registration ----------------------------------------------------------------------------


def test_register_chart_font_sets_rcparams_and_is_idempotent() -> None:
    family = fonts.register_chart_font()
    assert family == FAMILY == fonts.register_chart_font()
    entries = [e for e in font_manager.fontManager.ttflist if Path(e.fname).resolve() == FONT_PATH]
    assert len(entries) == 1 and entries[0].name == FAMILY
    assert matplotlib.rcParams["font.family"] == ["sans-serif"]
    assert matplotlib.rcParams["font.sans-serif"][0] == FAMILY
    assert matplotlib.rcParams["axes.unicode_minus"] is False
    found = font_manager.findfont(font_manager.FontProperties(family=["sans-serif"]))
    assert Path(found).resolve() == FONT_PATH


def test_register_reapplies_after_rcdefaults() -> None:
    fonts.register_chart_font()
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        assert matplotlib.rcParams["font.sans-serif"][0] != FAMILY
        fonts.register_chart_font()
        assert matplotlib.rcParams["font.sans-serif"][0] == FAMILY


def test_chart_font_path_when_frozen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert fonts.chart_font_path() == tmp_path / "assets" / "fonts" / FONT_PATH.name


# --- rendering -------------------------------------------------------------------------------


def all_charts() -> dict[str, Figure]:
    return {
        "comparison": charts.comparison_chart(COMPARISON, 2022, 2021),
        "monthly": charts.monthly_chart(MONTHLY, 2022),
        "monthly_bar": charts.monthly_chart(MONTHLY, 2022, kind="bar"),
        "monthly_partial": charts.monthly_chart({"矛盾纠纷受理": [5, 3, 8]}, 2023),
        "rate": charts.rate_chart(RATES, "主要指标完成情况"),
        "empty": charts.comparison_chart([], 2022, 2021),
    }


def test_chinese_renders_without_missing_glyph_warnings(no_pyplot_leak) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for fig in all_charts().values():
            charts.figure_to_png(fig, dpi=72)
    assert not [str(w.message) for w in caught]


def test_missing_glyph_check_is_meaningful() -> None:
    # A character outside the subset must warn, otherwise the test above proves nothing.
    fonts.register_chart_font()
    fig = Figure()
    fig.text(0.5, 0.5, "\U0002a6a5")  # CJK extension B, in neither font
    with pytest.warns(UserWarning, match="missing from font"):
        charts.figure_to_png(fig, dpi=50)


def test_text_uses_the_bundled_font() -> None:
    fig = charts.comparison_chart(COMPARISON, 2022, 2021)
    labels = [t for t in fig.axes[0].texts if t.get_gid() == "category" and t.get_text()]
    assert labels
    for text in [*labels, fig._suptitle]:
        assert Path(font_manager.findfont(text.get_fontproperties())).resolve() == FONT_PATH


def test_png_bytes_have_a4_size_and_dpi() -> None:
    png = charts.figure_to_png(charts.monthly_chart(MONTHLY, 2022))
    assert png.startswith(PNG_SIGNATURE)
    with Image.open(io.BytesIO(png)) as image:
        image.load()
        width, height = image.size
        dpi = image.info["dpi"]
    assert abs(width - 15 / 2.54 * 200) <= 1
    assert abs(height - charts.HEIGHT_CM / 2.54 * 200) <= 1
    assert dpi == pytest.approx((200, 200), abs=0.5)


def _savefig_pixels(fig: Figure, dpi: int) -> bytes:
    import matplotlib

    buffer = io.BytesIO()
    with matplotlib.rc_context(charts.PRINT_RC):  # the same rendering, written by savefig
        fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    with Image.open(buffer) as image:
        return image.convert("RGB").tobytes()


@pytest.mark.parametrize("name", ["comparison", "rate", "monthly", "empty"])
def test_png_has_exactly_the_pixels_savefig_draws(name: str) -> None:
    # One draw and a palette PNG, yet lossless: the same pixels as matplotlib's own savefig.
    png = charts.figure_to_png(all_charts()[name], dpi=100)
    with Image.open(io.BytesIO(png)) as image:
        pixels = image.convert("RGB").tobytes()
        mode = image.mode
    assert pixels == _savefig_pixels(all_charts()[name], 100)
    if name in ("comparison", "rate"):
        assert mode == "P"


def test_png_of_many_colours_is_lossless_rgb() -> None:
    fig = Figure(figsize=(2, 2))
    fig.figimage([[(x / 199, y / 199, (x * y) % 7 / 6) for x in range(200)] for y in range(200)])
    png = charts.figure_to_png(fig, dpi=100)
    with Image.open(io.BytesIO(png)) as image:
        assert image.mode == "RGB" and len(image.getcolors(1 << 16) or []) > 256
        assert image.tobytes() == _savefig_pixels(fig, 100)


def test_png_leaves_the_figure_as_it_was() -> None:
    fig = charts.rate_chart(RATES, "化解率")
    canvas, dpi = fig.canvas, fig.dpi
    charts.figure_to_png(fig, dpi=150)
    assert fig.canvas is canvas and fig.dpi == dpi


def test_report_bar_charts_have_no_layout_engine() -> None:
    # Margins are computed: no engine (not even the "none" placeholder, which draws twice).
    assert charts.comparison_chart(COMPARISON, 2022, 2021).get_layout_engine() is None
    assert charts.rate_chart(RATES, "化解率").get_layout_engine() is None
    assert charts.monthly_chart(MONTHLY, 2022).get_layout_engine() is not None


def test_png_dpi_parameter() -> None:
    png = charts.figure_to_png(charts.rate_chart(RATES, "化解率"), dpi=96)
    with Image.open(io.BytesIO(png)) as image:
        assert abs(image.size[0] - 15 / 2.54 * 96) <= 1
        assert image.info["dpi"] == pytest.approx((96, 96), abs=0.5)


@pytest.mark.parametrize(
    "build",
    [
        lambda: charts.comparison_chart([], 2022, 2021),
        lambda: charts.monthly_chart({}, 2022),
        lambda: charts.monthly_chart({"普法宣传": []}, 2022),
        lambda: charts.rate_chart([], "群众满意率"),
    ],
)
def test_empty_data_gives_a_placeholder_chart(build) -> None:
    fig = build()
    assert charts.EMPTY_TEXT in [t.get_text() for ax in fig.axes for t in ax.texts]
    with Image.open(io.BytesIO(charts.figure_to_png(fig, dpi=72))) as image:
        assert image.size[0] > 0


def test_comparison_chart_contents() -> None:
    fig = charts.comparison_chart(COMPARISON, 2022, 2021)
    ax = fig.axes[0]
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["2022年", "2021年"]
    values = [t.get_text() for t in ax.texts]
    assert {"126", "98", "7.5"} <= set(values)
    assert fig._suptitle.get_text() == "主要工作量同比"
    assert fig.get_figwidth() == pytest.approx(15 / 2.54)


def test_monthly_chart_contents() -> None:
    fig = charts.monthly_chart(MONTHLY, 2022)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == [f"{m}月" for m in range(1, 13)]
    assert [t.get_text() for t in fig.legends[0].get_texts()] == list(MONTHLY)
    assert len(ax.lines) == 2
    with pytest.raises(ValueError):
        charts.monthly_chart({"x": [1] * 13}, 2022)
    with pytest.raises(ValueError):
        charts.monthly_chart(MONTHLY, 2022, kind="pie")


def test_rate_chart_labels() -> None:
    fig = charts.rate_chart(RATES, "主要指标完成情况")
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert {"98.5%", "96.2%", "100%"} <= texts
    with pytest.raises(ValueError):
        charts.rate_chart([("化解率", -1.0)], "化解率")


def test_palette_survives_greyscale_printing() -> None:
    def luminance(colour: str) -> float:
        r, g, b = to_rgb(colour)
        return 0.299 * r + 0.587 * g + 0.114 * b

    assert abs(luminance(charts.CURRENT) - luminance(charts.PREVIOUS)) > 0.35
    assert len(set(charts.SERIES_HATCHES)) == len(charts.SERIES_HATCHES)
    assert len(set(charts.SERIES_LINES)) == len(charts.SERIES_LINES)


# --- import cost -----------------------------------------------------------------------------


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    return set(out.split())


def test_import_fonts_does_not_import_matplotlib() -> None:
    modules = _modules_after("import lawdesk.fonts")
    assert "lawdesk.fonts" in modules
    assert not {m for m in modules if m == "matplotlib" or m.startswith("matplotlib.")}


def test_charts_never_import_pyplot() -> None:
    code = (
        "import lawdesk.charts as c\n"
        "c.figure_to_png(c.comparison_chart([('普法', 1, 2)], 2022, 2021), dpi=50)\n"
    )
    modules = _modules_after(code)
    assert "lawdesk.charts" in modules and "matplotlib.figure" in modules
    assert "matplotlib.pyplot" not in modules


# --- Tk UI font ------------------------------------------------------------------------------


def test_ui_font_family_prefers_known_cjk_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    import tkinter.font

    installed = ["DejaVu Sans", "WenQuanYi Micro Hei", "Noto Sans CJK SC"]
    monkeypatch.setattr(tkinter.font, "families", lambda root=None: tuple(installed))
    assert fonts.ui_font_family(object()) == "Noto Sans CJK SC"
    installed[:] = ["Arial", "微软雅黑", "SimHei"]
    assert fonts.ui_font_family(object()) == "微软雅黑"
    installed[:] = ["Arial"]
    assert fonts.ui_font_family(object()) == "TkDefaultFont"

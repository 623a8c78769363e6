"""Which of the report's fonts the PC has, what prints instead, and the export saying so in Chinese
(GB/T 9704 5.2.2, 7.2.4, 7.3.3): the Windows font folders (a fake one, under the ``windows``
fixture) and fontconfig on Linux; the PDF embeds what it was made with."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from fontTools.ttLib import TTFont

from lawdesk.report import fontcheck
from lawdesk.report.profile import ReportProfile
from lawdesk.services import annual_report
from lawdesk.services.period import Period

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
ISSUE = dt.date(2023, 1, 9)


@pytest.fixture(autouse=True)
def _fresh_lookup():
    fontcheck.clear_caches()
    yield
    fontcheck.clear_caches()


def _fake_font(folder: Path, file_name: str, family: str, chinese: str | None = None, digit_em: float = 0.5) -> Path:
    """A font file whose name table says ``family`` (and ``chinese`` in the zh-CN record), digits
    ``digit_em`` wide: a stand-in for simfang.ttf & co., made from a free font."""
    font = TTFont(str(DEJAVU))
    name = font["name"]
    name.names = [r for r in name.names if r.nameID not in (1, 4, 16, 17)]
    for name_id in (1, 4):
        name.setName(family, name_id, 3, 1, 0x409)
        if chinese:
            name.setName(chinese, name_id, 3, 1, 0x804)
    units = font["head"].unitsPerEm
    cmap = font.getBestCmap()
    for ch in "0123456789":
        glyph = cmap[ord(ch)]
        width, lsb = font["hmtx"].metrics[glyph]
        font["hmtx"].metrics[glyph] = (round(digit_em * units), lsb)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / file_name
    font.save(str(path))
    font.close()
    return path


@pytest.fixture
def windows_fonts(windows, tmp_path, monkeypatch):
    """A clerk's Windows PC: 仿宋_GB2312 and 黑体 in C:\\Windows\\Fonts, 楷体 installed for the user
    only (no _GB2312 version), no 方正小标宋简体 and no alternate for it, 宋体 present."""
    windir = tmp_path / "Windows"
    local = tmp_path / "AppData" / "Local"
    _fake_font(windir / "Fonts", "FS_GB2312.ttf", "FangSong_GB2312", "仿宋_GB2312")
    _fake_font(windir / "Fonts", "simhei.ttf", "SimHei", "黑体")
    _fake_font(windir / "Fonts", "simsun.ttc".replace(".ttc", ".ttf"), "SimSun", "宋体")
    _fake_font(local / "Microsoft" / "Windows" / "Fonts", "simkai.ttf", "KaiTi", "楷体")
    (windir / "Fonts" / "desktop.ini").write_text("[.ShellClassInfo]", encoding="utf-8")
    (windir / "Fonts" / "broken.ttf").write_bytes(b"not a font")
    monkeypatch.setenv("WINDIR", str(windir))
    monkeypatch.setenv("LOCALAPPDATA", str(local))
    monkeypatch.setattr(fontcheck.shutil, "which", lambda _name: None)  # no fontconfig there
    return windir


def test_windows_font_folders_are_read_by_the_names_inside_the_files(windows_fonts):
    assert fontcheck.is_windows()
    assert fontcheck.find("仿宋_GB2312").path.name == "FS_GB2312.ttf"
    assert fontcheck.find("FangSong_GB2312").path == fontcheck.find("仿宋_GB2312").path  # either name
    assert fontcheck.find("楷体").path.parent.name == "Fonts"  # the per-user folder counts
    assert fontcheck.find("方正小标宋简体") is None and fontcheck.find("楷体_GB2312") is None


def test_windows_missing_fonts_are_named_with_what_prints_instead(windows_fonts):
    notes = {n.wanted: n for n in fontcheck.check_fonts(fontcheck.profile_fonts(ReportProfile()))}
    assert set(notes) == {"楷体_GB2312", "方正小标宋简体"}
    kai = notes["楷体_GB2312"]
    assert kai.substitute == "楷体" and kai.same_style
    assert "二级标题和签发人姓名将以“楷体”印出，仍是楷体" in kai.message
    title = notes["方正小标宋简体"]
    assert title.substitute == "宋体" and not title.same_style  # 宋体 is the last alternate installed
    assert "红头（发文机关标志）和标题将以“宋体”（宋体类字形）印出，不再是小标宋体" in title.message


def test_windows_export_names_the_installed_alternate_for_word_and_wps(windows_fonts, demo_db, tmp_path):
    result = annual_report.export_report(Period.year(2022), tmp_path / "报告.docx", issue_date=ISSUE, page_count="grid")
    lines = result.message.splitlines()
    assert any(line.startswith("字体：“楷体_GB2312”本机未安装") for line in lines)
    assert any("不再是小标宋体" in line for line in lines)
    assert not any("仿宋_GB2312" in line for line in lines)  # installed: nothing to say
    table = {}
    for part in docx.Document(str(result.docx_path)).part.package.iter_parts():
        if str(part.partname) == "/word/fontTable.xml":
            from lxml import etree

            root = etree.fromstring(part.blob)
            w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
            table = {f.get(f"{w}name"): f.find(f"{w}altName").get(f"{w}val") for f in root.iter(f"{w}font")
                     if f.find(f"{w}altName") is not None}  # fmt: skip
    assert table["楷体_GB2312"] == "楷体"  # Word prints the missing font with its alternate
    assert table["方正小标宋简体"] == "宋体"


def test_windows_digit_widths_come_from_the_installed_font(windows_fonts, tmp_path):
    fontcheck.clear_caches()
    assert fontcheck.latin_advances("仿宋_GB2312")["0"] == pytest.approx(0.5)


def test_an_unreadable_windows_font_folder_finds_nothing_and_says_so(windows, tmp_path, monkeypatch):
    monkeypatch.setenv("WINDIR", str(tmp_path / "nowhere"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "nowhere"))
    notes = fontcheck.check_fonts({"body_font": "仿宋_GB2312"})
    assert notes[0].substitute is None
    assert "将由系统默认的中文字体印出，不再是仿宋体" in notes[0].message


needs_fontconfig = pytest.mark.skipif(shutil.which("fc-match") is None, reason="需要 fontconfig")


@needs_fontconfig
def test_linux_names_fontconfigs_substitute():
    notes = {n.wanted: n for n in fontcheck.check_fonts({"body_font": "仿宋_GB2312", "hei_font": "黑体"})}
    if "仿宋_GB2312" not in notes:
        pytest.skip("本机装有仿宋_GB2312")
    expected = subprocess.run(["fc-match", "--format", "%{family[0]}", "仿宋_GB2312:lang=zh-cn"],
                              capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert notes["仿宋_GB2312"].substitute == expected
    assert f"将以“{expected}”" in notes["仿宋_GB2312"].message


@needs_fontconfig
@pytest.mark.skipif(shutil.which("pdffonts") is None or annual_report.pdf_available() is False,
                    reason="需要 LibreOffice 和 pdffonts")  # fmt: skip
def test_the_pdf_embeds_the_fonts_it_was_made_with(demo_db, tmp_path):
    result = annual_report.export_report(Period.year(2022), tmp_path / "报告.docx", issue_date=ISSUE, pdf=True,
                                   attachment=False)  # fmt: skip
    out = subprocess.run(["pdffonts", str(result.pdf_path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows and all(row[-5] == "yes" for row in rows)  # emb: every font is in the file
    embedded = " ".join(row[0].split("+")[-1] for row in rows).replace(" ", "").casefold()
    for note in result.font_notes[:-1]:  # the last line is the advice
        substitute = note.split("将以“")[1].split("”")[0] if "将以“" in note else ""
        # the font named for the body is the one the PDF carries (Noto Sans CJK SC → NotoSansCJK…)
        assert substitute.replace(" ", "").casefold()[:11] in embedded, (note, embedded)

"""The read-back checker: generated reports pass; deliberately broken ones are flagged."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from lawdesk.report.check import ERROR, INFO, WARNING, Finding, check_docx, format_findings
from lawdesk.report.files import save_docx_atomic
from lawdesk.report.profile import PRESETS, ReportProfile
from lawdesk.report.writer import build_document
from tests.report_fixtures import make_context


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("check")


@pytest.fixture(scope="module")
def good(out_dir) -> Path:
    path = out_dir / "good.docx"
    save_docx_atomic(build_document(make_context(attachments=True)), path)
    return path


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == ERROR]


def codes(findings: list[Finding], severity: str = ERROR) -> set[str]:
    return {f.code for f in findings if f.severity == severity}


def mutate(src: Path, dst: Path, name: str, change: Callable[[str], str]) -> Path:
    """Copy the package, rewriting one member's XML text."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == name:
                new = change(data.decode("utf-8"))
                assert new != data.decode("utf-8"), "mutation did not apply"
                data = new.encode("utf-8")
            zout.writestr(info, data)
    return dst


# ------------------------------------------------------------------ generated output passes


@pytest.mark.parametrize(
    "kwargs,profile",
    [
        ({}, None),
        ({"attachments": True}, ReportProfile()),
        ({"public": True}, None),
        ({}, PRESETS["政府机关（无★）"]),
        ({}, PRESETS["仿宋（无_GB2312字体）"]),
        ({}, PRESETS["二三级标题加粗"]),
    ],
)
def test_generated_documents_have_no_errors(tmp_path, kwargs, profile):
    path = tmp_path / "r.docx"
    save_docx_atomic(build_document(make_context(**kwargs), profile or ReportProfile()), path)
    findings = check_docx(path, profile)
    assert errors(findings) == [], format_findings(findings)
    assert not [f for f in findings if f.severity == WARNING], format_findings(findings)


def test_28pt_profile_passes_with_profile_and_warns_without(tmp_path):
    path = tmp_path / "r28.docx"
    profile = PRESETS["28磅行距"]
    save_docx_atomic(build_document(make_context(), profile), path)
    assert errors(check_docx(path, profile)) == []
    plain = check_docx(path)
    assert errors(plain) == []
    assert "4.15" in codes(plain, WARNING)


def test_public_version_reports_missing_masthead_as_info(tmp_path):
    path = tmp_path / "pub.docx"
    save_docx_atomic(build_document(make_context(public=True)), path)
    findings = check_docx(path)
    assert {"4.22", "4.33"} <= codes(findings, INFO)


# ------------------------------------------------------------------ broken documents


def test_changed_margins_flagged(good, tmp_path):
    bad = mutate(good, tmp_path / "m.docx", "word/document.xml",
                 lambda x: x.replace('w:top="2098"', 'w:top="1440"').replace('w:left="1587"', 'w:left="1800"'))  # fmt: skip
    found = check_docx(bad)
    messages = " ".join(f.message for f in found if f.code == "4.2")
    assert "天头" in messages and "订口" in messages
    assert "4.3" in codes(found)


def test_580_line_pitch_flagged(good, tmp_path):
    bad = mutate(good, tmp_path / "l.docx", "word/document.xml",
                 lambda x: x.replace('w:line="579"', 'w:line="580"'))  # fmt: skip
    found = check_docx(bad)
    body = [f for f in found if f.code == "4.15"]
    assert body and body[0].severity == ERROR
    assert "580" in body[0].message and "等" in body[0].where


def test_zero_padded_date_flagged(good, tmp_path):
    bad = mutate(good, tmp_path / "d.docx", "word/document.xml",
                 lambda x: x.replace(">2023年1月9日<", ">2023年01月09日<"))  # fmt: skip
    found = check_docx(bad)
    date = [f for f in found if f.code == "4.30"]
    assert date and date[0].severity == ERROR and "2023年01月09日" in date[0].message


def test_missing_even_and_odd_headers_flagged(good, tmp_path):
    bad = mutate(good, tmp_path / "e.docx", "word/settings.xml",
                 lambda x: re.sub(r"<w:evenAndOddHeaders[^>]*/>", "", x))  # fmt: skip
    assert "4.7" in codes(check_docx(bad))


def test_bad_doc_number_and_addressee_flagged(good, tmp_path):
    def change(x: str) -> str:
        x = x.replace("金文〔2023〕5号", "金文[2023]第05号")
        return x.replace(">县委、县政府：<", ">县委、县政府<", 1)

    bad = mutate(good, tmp_path / "n.docx", "word/document.xml", change)
    found = check_docx(bad)
    assert {"4.24", "4.28"} <= codes(found)


def test_theme_font_and_missing_east_asia_flagged(good, tmp_path):
    bad = mutate(good, tmp_path / "t.docx", "word/document.xml",
                 lambda x: x.replace('w:eastAsia="仿宋_GB2312"', 'w:eastAsiaTheme="minorEastAsia"'))  # fmt: skip
    assert "4.17" in codes(check_docx(bad))


def test_red_body_text_flagged(good, tmp_path):
    def change(x: str) -> str:
        return x.replace('<w:sz w:val="32"/>', '<w:color w:val="0000FF"/><w:sz w:val="32"/>', 1)

    bad = mutate(good, tmp_path / "c.docx", "word/document.xml", change)
    assert "4.19" in codes(check_docx(bad))


def test_footer_with_hyphens_flagged(good, tmp_path):
    bad = mutate(good, tmp_path / "f.docx", "word/footer1.xml",
                 lambda x: x.replace("\u2014", "-"))  # fmt: skip
    assert "4.13" in codes(check_docx(bad))


def test_imprint_thin_rule_missing_flagged(good, tmp_path):
    bad = mutate(good, tmp_path / "i.docx", "word/document.xml",
                 lambda x: re.sub(r"<w:tcBorders><w:top [^>]*/></w:tcBorders>", "", x))  # fmt: skip
    assert "4.34" in codes(check_docx(bad))


# ------------------------------------------------------------------ untrusted input


def test_not_a_docx_gives_chinese_error(tmp_path):
    path = tmp_path / "笔记.docx"
    path.write_text("这不是 Word 文档", encoding="utf-8")
    findings = check_docx(path)
    assert len(findings) == 1 and findings[0].severity == ERROR
    assert "不是 .docx 文件" in findings[0].message


def test_zip_without_document_part(tmp_path):
    path = tmp_path / "x.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    assert "缺少 word/document.xml" in check_docx(path)[0].message


def test_dtd_is_refused(good, tmp_path):
    bad = mutate(good, tmp_path / "dtd.docx", "word/settings.xml",
                 lambda x: x.replace("?>", '?><!DOCTYPE x [<!ENTITY a "b">]>', 1))  # fmt: skip
    findings = check_docx(bad)
    assert findings[0].code == "4.39" and "DTD" in findings[0].message


def test_zip_bomb_ratio_refused(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<a/>")
        z.writestr("word/big.bin", b"\0" * (8 * 1024 * 1024))
    assert "压缩" in check_docx(path)[0].message


def test_too_many_members_refused(tmp_path):
    path = tmp_path / "many.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", b"<a/>")
        for i in range(2001):
            z.writestr(f"x/{i}", b"")
    assert "过多" in check_docx(path)[0].message


def test_missing_file(tmp_path):
    assert "找不到文件" in check_docx(tmp_path / "none.docx")[0].message


# ------------------------------------------------------------------ report text


def test_format_findings_chinese():
    assert format_findings([]) == "格式检查通过：未发现问题。"
    text = format_findings(
        [Finding(ERROR, "4.30", "成文日期格式不对。", "第9段"), Finding(INFO, "4.26", "有★。")]
    )
    assert text.splitlines()[0] == "格式检查结果：错误 1 项，警告 0 项，提示 1 项。"
    assert "【错误】4.30 成文日期格式不对。（第9段）" in text

"""Saving reports: normal permissions, read-only targets refused; text XML cannot carry never
crashes the export — a clear Chinese note or a valid .docx that reopens."""

from __future__ import annotations

import dataclasses
import io
import os
import stat
import zipfile

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lawdesk.report.context import BodyParagraph
from lawdesk.report.errors import ReportError
from lawdesk.report.files import save_docx_atomic
from lawdesk.report.profile import ReportProfile
from lawdesk.report.writer import build_document, sanitise_context
from lawdesk.safe_write import new_file_mode
from tests.report_fixtures import make_context


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_report_gets_the_users_normal_permissions(tmp_path, umask_022):
    target = tmp_path / "报告.docx"
    save_docx_atomic(build_document(make_context()), target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644 == new_file_mode()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_umask_is_respected(tmp_path):
    old = os.umask(0o077)
    try:
        target = tmp_path / "私密.docx"
        save_docx_atomic(build_document(make_context()), target)
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    finally:
        os.umask(old)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_replacing_keeps_the_old_files_mode(tmp_path, umask_022):
    target = tmp_path / "报告.docx"
    target.write_bytes(b"old")
    target.chmod(0o664)
    save_docx_atomic(build_document(make_context()), target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o664
    assert zipfile.is_zipfile(target)


def test_read_only_target_is_refused_and_kept(tmp_path):
    target = tmp_path / "报告.docx"
    target.write_bytes(b"signed copy")
    target.chmod(0o444)
    try:
        with pytest.raises(ReportError) as info:
            save_docx_atomic(build_document(make_context()), target)
        assert "只读" in info.value.message and "报告.docx" in info.value.message
        assert target.read_bytes() == b"signed copy"
        assert [p.name for p in tmp_path.iterdir()] == ["报告.docx"]
    finally:
        target.chmod(0o644)


def test_font_name_with_ampersand_keeps_the_xml_valid(tmp_path):
    profile = ReportProfile(body_font='仿宋 & "GB"', song_font="宋<体>")
    target = tmp_path / "r.docx"
    save_docx_atomic(build_document(make_context(attachments=True), profile), target)
    reopened = docx.Document(str(target))
    assert reopened.paragraphs
    with zipfile.ZipFile(target) as z:
        assert '仿宋 &amp; &quot;GB&quot;' in z.read("word/fontTable.xml").decode()


def test_control_characters_are_named_and_left_out():
    ctx = make_context()
    ctx = dataclasses.replace(
        ctx,
        issuer_mark="金兰山\x07街道文件",
        body=[BodyParagraph("荣誉\ufffe称号\ud800。"), *ctx.body[1:]],
    )
    clean, notes = sanitise_context(ctx)
    assert clean.issuer_mark == "金兰山街道文件"
    assert clean.body[0].text == "荣誉称号。"
    assert any("发文机关标志" in n and "U+0007" in n for n in notes)
    assert any("正文第1段" in n and "U+FFFE" in n and "U+D800" in n for n in notes)


# Arbitrary text: controls, surrogates, noncharacters, emoji, rare CJK (Extension B), long runs.
_ALPHABET = st.one_of(
    st.characters(codec=None, min_codepoint=0, max_codepoint=0x1F),
    st.sampled_from(["\ud800", "\udfff", "\ufffe", "\uffff", "😀", "𠀀", "𪚥", "\u200b", "&", "<"]),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.characters(),
)
_TEXT = st.text(_ALPHABET, max_size=60) | st.builds(lambda s: s * 40, st.text(_ALPHABET, min_size=1, max_size=8))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(unit=_TEXT, honour=_TEXT, narrative=_TEXT, font=_TEXT)
def test_arbitrary_text_gives_a_valid_docx_or_a_chinese_error(unit, honour, narrative, font):
    base = make_context(attachments=True)
    ctx = dataclasses.replace(
        base,
        issuer_mark=unit or "x",
        signature_organs=[unit, *base.signature_organs[1:]],
        copy_to=[honour],
        body=[BodyParagraph(narrative), BodyParagraph(heading=honour, level=2, text=narrative), *base.body[:3]],
    )
    buffer = io.BytesIO()
    try:
        build_document(ctx, ReportProfile(body_font=font or "仿宋")).save(buffer)
    except ReportError as exc:  # allowed: a clear Chinese message
        assert any("\u4e00" <= ch <= "\u9fff" for ch in exc.message)
        return
    buffer.seek(0)
    reopened = docx.Document(buffer)
    assert len(reopened.paragraphs) > 5


def test_export_with_a_control_character_in_the_unit_profile_warns_and_writes(demo_db, tmp_path, monkeypatch):
    import datetime as dt

    from lawdesk.services import annual_report, settings
    from lawdesk.services.period import Period

    real = settings.profile_values

    def with_bell(unit: object = None) -> dict[str, object]:
        values = dict(real(unit))
        values["issuer_mark"] = "中共新县金兰山街道\x07工作委员会文件"
        values["copy_to"] = "县委\ufffe依法治县委员会办公室"
        return values

    monkeypatch.setattr(settings, "profile_values", with_bell)
    result = annual_report.export_report(Period.year(2022), tmp_path / "r.docx", issue_date=dt.date(2023, 1, 9), page_count="grid")
    assert any("发文机关标志" in w and "U+0007" in w for w in result.warnings)
    assert any("抄送机关" in w and "U+FFFE" in w for w in result.warnings)
    text = "\n".join(p.text for p in docx.Document(str(result.docx_path)).paragraphs)
    assert "中共新县金兰山街道工作委员会文件" in text

"""One safe way to write every output (lawdesk/safe_write.py), the same for each kind of file:
read-only and special targets refused alike, the user's normal permissions, no temporary file
left by a failure, by a killed write (next start) or by earlier versions (next write to the
folder), a 255-byte name written, a file briefly held on Windows waited for.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document

from lawdesk import safe_write
from lawdesk.errors import LawdeskError
from lawdesk.excel import binder, export
from lawdesk.report.errors import ReportError
from lawdesk.report.files import save_docx_atomic
from lawdesk.services import packages
from lawdesk.services.period import Period

pytestmark = pytest.mark.sqlite_only

YEAR = Period.year(2022)
REPO = Path(__file__).resolve().parent.parent

#: Every kind of output file, written as its command writes it.
WRITERS: dict[str, Callable[[Path], object]] = {
    "报告.docx": lambda t: save_docx_atomic(Document(), t),
    "台账.xlsx": lambda t: export.export_ledger(YEAR, t),
    "模板.xlsx": lambda t: export.export_template(t),
    "迎检台账.zip": lambda t: binder.build_binder(YEAR, t),
    "数据包.ldpkg": lambda t: packages.export_package(YEAR, t),
}


def _write(name: str, folder: Path) -> Path:
    target = folder / name
    WRITERS[name](target)
    return target


def _others(folder: Path, *keep: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p not in keep)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """The folder the clerk saves into (the demo database lives beside it, in ``tmp_path``)."""
    folder = tmp_path / "输出"
    folder.mkdir()
    return folder


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.parametrize("name", list(WRITERS))
def test_every_writer_refuses_a_read_only_file_the_same_way(demo_db, out: Path, name: str) -> None:
    target = out / name
    target.write_bytes(b"signed copy")
    target.chmod(0o444)
    try:
        with pytest.raises((LawdeskError, ReportError)) as info:
            WRITERS[name](target)
        assert "只读文件，没有覆盖它" in info.value.message  # type: ignore[union-attr]
        assert target.read_bytes() == b"signed copy"
        assert _others(out, target) == []
    finally:
        target.chmod(0o644)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
@pytest.mark.parametrize("name", list(WRITERS))
def test_every_output_gets_the_users_normal_permissions(demo_db, out: Path, name: str, umask_022) -> None:
    target = _write(name, out)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644 == safe_write.new_file_mode()
    assert zipfile.is_zipfile(target)
    assert _others(out, target) == []


@pytest.mark.parametrize("name", list(WRITERS))
def test_a_full_disk_keeps_the_old_file_and_leaves_no_temporary_file(demo_db, out: Path, name: str,
                                                                      monkeypatch) -> None:  # fmt: skip
    target = out / name
    target.write_bytes(b"last good copy")

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safe_write.os, "fsync", full)
    with pytest.raises((LawdeskError, ReportError)) as info:
        WRITERS[name](target)
    assert "磁盘空间不足" in info.value.message  # type: ignore[union-attr]
    assert "原来的文件没有改动" in info.value.message  # type: ignore[union-attr]
    assert target.read_bytes() == b"last good copy"
    assert _others(out, target) == []


def test_a_failure_inside_the_writer_leaves_nothing(tmp_path: Path, monkeypatch) -> None:
    from lawdesk.excel import writer

    def broken(*_args: object) -> None:
        raise RuntimeError("openpyxl failed")

    monkeypatch.setattr(writer, "_stream_rows", broken)
    monkeypatch.setattr(writer, "_pending", lambda _wb: {"x": ((), [])})
    with pytest.raises(RuntimeError):
        export.export_template(tmp_path / "模板.xlsx")
    assert _others(tmp_path) == []


@pytest.mark.parametrize("name", list(WRITERS))
def test_a_fifo_is_refused_before_anyone_opens_it(demo_db, out: Path, name: str) -> None:
    fifo = out / name
    os.mkfifo(fifo)
    with pytest.raises((LawdeskError, ReportError)) as info:
        WRITERS[name](fifo)
    assert "不是普通文件" in info.value.message  # type: ignore[union-attr]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)  # not replaced by a file either
    assert _others(out, fifo) == []


def test_a_255_byte_name_is_written_and_a_longer_one_refused_in_chinese(tmp_path: Path) -> None:
    name = "报" * 82 + "xyzw.docx"
    assert len(name.encode()) == 255
    save_docx_atomic(Document(), tmp_path / name)  # earlier: its temporary name was too long
    assert zipfile.is_zipfile(tmp_path / name)
    longer = "报" * 82 + "xyzwv.docx"  # 256 bytes
    with pytest.raises(ReportError, match="文件名太长"):
        save_docx_atomic(Document(), tmp_path / longer)
    assert _others(tmp_path, tmp_path / name) == []


@pytest.mark.parametrize("name", ["会议 10:30.docx", "a<b.docx", "CON.docx", "结尾点.docx.", "x|y.xlsx"])
def test_a_name_windows_refuses_gets_the_reason_on_windows(windows, tmp_path: Path, name: str) -> None:
    with pytest.raises(safe_write.OutputError, match="不能使用") as info:
        safe_write.write_bytes(tmp_path / name, b"x")
    assert "Windows" in info.value.message
    assert _others(tmp_path) == []


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(safe_write.OutputError, match="保存位置不存在"):
        safe_write.write_bytes(tmp_path / "没有" / "a.docx", b"x")


# --------------------------------------------------------------------------------------------
# Windows: a file held briefly, a file held open


def test_a_file_held_for_a_moment_on_windows_is_waited_for(windows, tmp_path: Path) -> None:
    target = tmp_path / "报告.docx"
    target.write_bytes(b"old")
    release = threading.Event()

    def scanner() -> None:  # an antivirus scan or OneDrive touching the file for 0.3 s
        with windows.hold(target):
            release.wait(5)
            time.sleep(0.3)

    thread = threading.Thread(target=scanner)
    thread.start()
    try:
        while target.resolve() not in windows.held:
            time.sleep(0.01)
        release.set()
        save_docx_atomic(Document(), target)
    finally:
        thread.join()
    assert zipfile.is_zipfile(target)
    assert _others(tmp_path, target) == []


@pytest.mark.parametrize(("name", "holder"), [("报告.docx", " WPS 或 Word "), ("台账.xlsx", " WPS 或 Excel "),
                                              ("石门街道.ldpkg", "其他程序（如压缩软件、杀毒软件）")])  # fmt: skip
def test_a_file_held_open_on_windows_is_named_after_a_bounded_wait(windows, tmp_path: Path, name: str,
                                                                   holder: str) -> None:  # fmt: skip
    target = tmp_path / name
    target.write_bytes(b"open in WPS")
    started = time.monotonic()
    with windows.hold(target), pytest.raises(safe_write.OutputLocked) as info:
        safe_write.write_bytes(target, b"new")
    assert 1.0 < time.monotonic() - started < 5
    assert info.value.message == f"文件“{name}”正被{holder}打开，请关闭后重试。"
    assert target.read_bytes() == b"open in WPS"
    assert _others(tmp_path, target) == []


def test_windows_gets_no_permission_bits(windows, tmp_path: Path, monkeypatch) -> None:
    assert not hasattr(safe_write.os, "fchmod")
    safe_write.write_bytes(tmp_path / "a.ldpkg", b"x")
    assert (tmp_path / "a.ldpkg").read_bytes() == b"x"


# --------------------------------------------------------------------------------------------
# Temporary files left behind


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_the_next_write_to_a_folder_removes_only_lawdesks_abandoned_temporary_files(tmp_path: Path) -> None:
    zip_bytes, pdf_bytes = b"PK\x03\x04rest", b"%PDF-1.7"
    ours = {  # what killed exports of this and earlier versions leave
        ".lawdesk-0123456789abcdef.tmp": zip_bytes,
        ".lawdesk-0123456789abcdef.tmp.rows": zip_bytes,
        ".r.ab3_x9kq.tmp": zip_bytes,  # report (mkstemp)
        ".lawdesk-k2j_8abc.xlsx": zip_bytes,
        ".lawdesk-k2j_8abc.xlsx.rows": zip_bytes,
        ".p.zz81mq0a.tmp": zip_bytes,  # package
        ".报告.8sj2ka9q.tmp": pdf_bytes,  # PDF
        ".迎检台账.zip.tmp": b"",  # binder, killed before its first byte
    }
    theirs = {  # not ours, or not abandoned
        ".lawdesk-fedcba9876543210.tmp": zip_bytes,  # fresh: maybe a write in progress
        ".bashrc": b"x",
        ".notes.12345678.tmp": b"my own notes",  # the name fits, the content is not ours
        "报告.tmp": zip_bytes,
        ".~lock.报告.docx#": b"lock",
        ".lawdesk-0123456789ABCDEF.tmp": zip_bytes,  # not a name lawdesk makes
    }
    for name, data in {**ours, **theirs}.items():
        (tmp_path / name).write_bytes(data)
        if name != ".lawdesk-fedcba9876543210.tmp":
            _age(tmp_path / name, safe_write.STALE_AFTER_S + 60)
    save_docx_atomic(Document(), tmp_path / "新报告.docx")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*theirs, "新报告.docx"])


SLOW_WRITER = """
import sys, time
from lawdesk import safe_write
def fill(fh):
    fh.write(b"PK\\x03\\x04 half a report")
    fh.flush()
    print("writing", flush=True)
    time.sleep(60)
safe_write.write_with(sys.argv[1], fill)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only")
def test_a_killed_write_is_cleaned_at_the_next_start_and_a_running_one_is_not(tmp_path: Path, monkeypatch) -> None:
    journal = tmp_path / "journal"
    monkeypatch.setattr(safe_write, "journal_folder", lambda: journal)
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUTF8": "1"}
    out = tmp_path / "输出"
    out.mkdir()
    code = f"from lawdesk import safe_write\nsafe_write.journal_folder = lambda: __import__('pathlib').Path({str(journal)!r})\n"
    with subprocess.Popen([sys.executable, "-c", code + SLOW_WRITER, str(out / "报告.docx")], env=env,
                          stdout=subprocess.PIPE, text=True) as proc:  # fmt: skip
        assert proc.stdout is not None and proc.stdout.readline() == "writing\n"
        (tmp,) = list(out.iterdir())
        assert safe_write._OURS.match(tmp.name) and len(list(journal.iterdir())) == 1
        assert safe_write.sweep_unfinished() == []  # another window starting: the write goes on
        assert safe_write.sweep_folder(out) == []
        assert tmp.exists()
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    assert tmp.exists()  # what a killed export leaves
    assert safe_write.sweep_unfinished() == [tmp]  # the next start
    assert list(out.iterdir()) == [] and list(journal.iterdir()) == []


def test_an_own_file_is_replaced_whole_or_not_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A retention note or restore marker beside the database: a failure while writing the new
    one leaves the old one whole (never a truncated JSON), and no temporary file behind."""
    note = tmp_path / "retention.json"
    safe_write.write_own_file(note, b'{"old": 1}')

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(safe_write.os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        safe_write.write_own_file(note, b'{"new": 2, "and": "more"}')
    monkeypatch.undo()
    assert note.read_bytes() == b'{"old": 1}'
    assert [p.name for p in tmp_path.iterdir()] == ["retention.json"]
    safe_write.write_own_file(note, b'{"new": 2}')
    assert note.read_bytes() == b'{"new": 2}'

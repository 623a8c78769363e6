"""Every way an output can fail, for real, ends in a correct Chinese message and no traceback:
a full disk (a small tmpfs), a read-only disk (a read-only bind mount), a read-only file, a
255-byte name and a longer one, a folder the clerk may not write (as the unprivileged user
``nobody``: root's file modes stop nobody), a file-size limit (``ulimit -f``) and a FIFO.

The commands run as the clerk runs them (``python -m lawdesk`` in a subprocess). Mounting needs
root (and a kernel that lets this container mount tmpfs); without it those tests are skipped.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.sqlite_only

REPO = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u4e00-\u9fff]")
COMMANDS = {
    "export": ["export", "--year", "2022", "--out", "台账.xlsx"],
    "report": ["report", "--year", "2022", "--out", "报告.docx"],
    "package": ["package", "--year", "2022", "--out", "数据包.ldpkg"],
    "binder": ["binder", "--year", "2022", "--out", "迎检台账.zip"],
    "template": ["template", "--out", "模板.xlsx"],
}


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "LAWDESK_DB"}
    env.update(PYTHONUTF8="1", PYTHONPATH=str(REPO), HOME=str(home), XDG_DATA_HOME=str(home / "data"))
    return env


def lawdesk(db: Path, command: str, folder: Path, *, prefix: tuple[str, ...] = (), name: str | None = None,
            shell: str | None = None) -> subprocess.CompletedProcess[str]:  # fmt: skip
    """Run an output command writing into ``folder`` (``name``: another file name)."""
    args = [*COMMANDS[command]]
    args[-1] = str(folder / (name or args[-1]))
    argv = [sys.executable, "-m", "lawdesk", "--db", str(db), *args]
    if shell is not None:  # e.g. a ulimit before the program
        argv = ["bash", "-c", f'{shell}; exec "$@"', "bash", *argv]
    home = db.parent / "home"
    return subprocess.run([*prefix, *argv], env=_env(home), capture_output=True, text=True, encoding="utf-8",
                          timeout=120, cwd=db.parent)  # fmt: skip


def refused(result: subprocess.CompletedProcess[str], *words: str) -> str:
    """The Chinese message of a refused command; no traceback anywhere."""
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    message = result.stderr.strip()
    assert message.startswith("错误：") and CJK.search(message), message
    assert not re.search(r"\[Errno|No space|Read-only|Permission denied|File too large|意外错误", message), message
    for word in words:
        assert word in message, message
    return message


def leftovers(folder: Path, *expected: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in expected)


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("failures")
    os.chmod(folder, 0o755)
    home = folder / "home"
    home.mkdir(mode=0o777)
    os.chmod(home, 0o777)  # the unprivileged user writes its journal there too
    done = subprocess.run([sys.executable, "-m", "lawdesk", "--db", str(folder / "x.db"), "demo"], env=_env(home),
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    db = folder / "演示数据.db"
    os.chmod(db, 0o644)
    return db


def _root_can_mount(where: Path) -> bool:
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(where)], capture_output=True)
    if done.returncode != 0:
        return False
    subprocess.run(["umount", str(where)], check=True)
    return True


@pytest.fixture
def mounts(tmp_path: Path) -> Iterator[list[Path]]:
    probe = tmp_path / "probe"
    probe.mkdir()
    if not _root_can_mount(probe):
        pytest.skip("needs root and permission to mount (tmpfs, bind)")
    mounted: list[Path] = []
    yield mounted
    for point in reversed(mounted):
        subprocess.run(["umount", str(point)], check=False)


def _tmpfs(mounted: list[Path], where: Path, size: str) -> Path:
    where.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], check=True)
    mounted.append(where)
    return where


# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_full_disk_is_said_and_the_last_good_file_kept(office: Path, tmp_path: Path, mounts, command: str) -> None:
    disk = _tmpfs(mounts, tmp_path / "U盘", "256k")
    good = disk / COMMANDS[command][-1]
    good.write_bytes(b"last good copy")
    filler = disk / "其他文件"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:  # fill the disk, then leave about 8 KB free: less than any output
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)
    os.truncate(filler, filler.stat().st_size - 8 * 1024)
    message = refused(lawdesk(office, command, disk), "磁盘空间不足", "原来的文件没有改动")
    assert good.read_bytes() == b"last good copy", message
    assert leftovers(disk, good.name, filler.name) == []


@pytest.mark.parametrize("command", ["report", "package", "template"])
def test_a_read_only_disk_is_said(office: Path, tmp_path: Path, mounts, command: str) -> None:
    source = tmp_path / "光盘内容"
    source.mkdir()
    disk = tmp_path / "光盘"
    disk.mkdir()
    subprocess.run(["mount", "--bind", str(source), str(disk)], check=True)
    mounts.append(disk)
    subprocess.run(["mount", "-o", "remount,bind,ro", str(disk)], check=True)
    refused(lawdesk(office, command, disk), "磁盘是只读的", str(disk))
    assert leftovers(source) == []


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_read_only_file_is_refused_the_same_way(office: Path, tmp_path: Path, command: str) -> None:
    target = tmp_path / COMMANDS[command][-1]
    target.write_bytes(b"signed copy")
    target.chmod(0o444)
    refused(lawdesk(office, command, tmp_path), "只读文件，没有覆盖它")
    assert target.read_bytes() == b"signed copy"
    assert leftovers(tmp_path, target.name) == []


def test_a_255_byte_name_is_written_and_a_longer_one_refused(office: Path, tmp_path: Path) -> None:
    name = "报" * 82 + "xyzw.docx"
    assert len(name.encode()) == 255
    done = lawdesk(office, "report", tmp_path, name=name)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / name).is_file()
    longer = "报" * 82 + "xyzwv.docx"
    refused(lawdesk(office, "report", tmp_path, name=longer), "文件名太长")
    refused(lawdesk(office, "package", tmp_path, name="包" * 84 + ".ldpkg"), "文件名太长")
    assert leftovers(tmp_path, name) == []


def _as_nobody() -> tuple[str, ...]:
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root to run a command as the unprivileged user nobody")
    return ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--")


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A folder every user can reach (pytest's own are root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="lawdesk-nobody-"))
    os.chmod(folder, 0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("command", ["template", "export"])
def test_a_folder_the_clerk_may_not_write_is_said(office: Path, open_folder: Path, command: str) -> None:
    nobody = _as_nobody()
    tmp_path = open_folder
    shared = tmp_path / "别人的文件夹"
    shared.mkdir(mode=0o755)  # root's: nobody may read, not write
    db = office
    if command == "export":  # nobody needs a database it may open: a copy of its own
        own = tmp_path / "自己的"
        own.mkdir(mode=0o777)
        db = own / "台账.db"
        shutil.copy(office, db)
        shutil.chown(own, 65534, 65534)
        shutil.chown(db, 65534, 65534)
    message = refused(lawdesk(db, command, shared, prefix=nobody), "没有权限在文件夹")
    assert str(shared) in message
    assert leftovers(shared) == []
    hidden = tmp_path / "锁着的文件夹"
    hidden.mkdir(mode=0o700)  # nobody may not even look inside
    refused(lawdesk(db, command, hidden / "子文件夹", prefix=nobody), "无法访问保存位置", "没有权限")


def test_a_file_size_limit_is_said(office: Path, tmp_path: Path) -> None:
    out = tmp_path / "输出"
    out.mkdir()
    done = lawdesk(office, "binder", out, shell="ulimit -f 100")  # 100 KB; the binder is ~200 KB
    refused(done, "超过了系统允许的文件大小")
    assert leftovers(out) == []


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_fifo_is_refused_before_it_is_opened(office: Path, tmp_path: Path, command: str) -> None:
    fifo = tmp_path / COMMANDS[command][-1]
    os.mkfifo(fifo)
    started = time.monotonic()
    refused(lawdesk(office, command, tmp_path), "不是普通文件")
    assert time.monotonic() - started < 60
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@pytest.mark.parametrize("command", ["template", "report", "export"])
def test_a_device_named_as_the_output_is_refused(office: Path, command: str) -> None:
    """``--out /dev/null``: refused, never turned into ``/dev/null.xlsx`` beside the device."""
    device = Path(os.devnull)
    if not device.exists() or not stat.S_ISCHR(device.stat().st_mode):
        pytest.skip("no character device to name")
    suffix = Path(COMMANDS[command][-1]).suffix
    made = device.with_name(device.name + suffix)
    assert not made.exists()
    refused(lawdesk(office, command, device.parent, name=device.name), "不是普通文件")
    assert not made.exists()

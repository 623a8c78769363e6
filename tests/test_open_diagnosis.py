"""Opening a database is diagnosed, not guessed: a full disk, a read-only file or folder, a pipe
named as the database, a file-size limit and a vanished evidence file each get their own Chinese
message, and “已损坏” only when SQLite's integrity_check says so.

File modes mean nothing to root, so those cases run as a user who is not root (``nobody``
through ``setpriv`` when the tests run as root). A full disk is a small tmpfs and a read-only
folder a read-only bind mount, each in a private mount namespace (``unshare -m``, root only);
the file-size limit is ``RLIMIT_FSIZE`` (``ulimit -f``) of the child process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from lawdesk import cli
from lawdesk import db as dbmod
from lawdesk.errors import LawdeskError
from lawdesk.services import attachments, records
from tests.conftest import name_the_office

pytestmark = pytest.mark.sqlite_only

REPO = Path(__file__).resolve().parent.parent
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _env(folder: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUTF8": "1", "HOME": str(folder)}
    env.pop("LAWDESK_DB", None)
    return env


MAKE_DATABASE = textwrap.dedent("""
    import sys
    from pathlib import Path
    from lawdesk import db
    from lawdesk.services import records, settings
    db.open_database(Path(sys.argv[1]), create=True)
    settings.save_profile({"unit_name": "测试街道"})  # the clerk's first 单位设置 names the office
    for i in range(20):
        records.create("community", {"name": f"社区{i}"})
    db.close_database()
""")


def _lawdesk(*args: str, folder: Path, user: bool = False, limit: int | None = None,
             ) -> subprocess.CompletedProcess[str]:
    """``python -m lawdesk …`` (as ``nobody`` when ``user`` and root; with a file-size limit)."""
    cmd = [sys.executable, "-m", "lawdesk", *args]
    if user and IS_ROOT:
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]

    def preexec() -> None:
        if limit is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(cmd, env=_env(folder), capture_output=True, text=True, encoding="utf-8", timeout=120,
                          cwd=folder, preexec_fn=preexec if limit is not None else None)


@pytest.fixture
def clerk_folder() -> Path:
    """A fresh folder outside pytest's (which only root may enter), owned by the test user."""
    folder = Path(tempfile.mkdtemp(prefix="lawdesk-diag-"))
    if IS_ROOT:
        if shutil.which("setpriv") is None:
            pytest.skip("root without setpriv: no other user to test file modes with")
        os.chown(folder, 65534, 65534)
    yield folder
    subprocess.run(["chmod", "-R", "u+rwX", str(folder)], check=False)
    shutil.rmtree(folder, ignore_errors=True)


def _make_db(path: Path, *, user: bool = False) -> None:
    cmd = [sys.executable, "-c", MAKE_DATABASE, str(path)]
    if user and IS_ROOT:
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
    subprocess.run(cmd, env=_env(path.parent), check=True, cwd=path.parent)


def _told(result: subprocess.CompletedProcess[str], *words: str) -> str:
    err = result.stderr
    assert result.returncode == 1, (result.returncode, err)
    assert "Traceback" not in err and "意外错误" not in err, err
    for word in words:
        assert word in err, err
    return err


# ---------------------------------------------------------------------------------------------
# A pipe or a device named as the database


@pytest.mark.timeout(30)
@pytest.mark.parametrize("command", [["stats", "--year", "2022"], ["init"], ["backup"]])
def test_a_pipe_named_as_the_database_is_refused_at_once(tmp_path, capsys, command) -> None:
    fifo = tmp_path / "台账.db"
    os.mkfifo(fifo)
    assert cli.main(["--db", str(fifo), *command]) == 1
    err = capsys.readouterr().err
    assert "不是普通文件" in err and "管道" in err and "损坏" not in err


@pytest.mark.timeout(30)
def test_a_device_named_as_the_database_is_refused(capsys) -> None:
    assert cli.main(["--db", os.devnull, "stats", "--year", "2022"]) == 1
    assert "不是普通文件" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------
# Read-only file, read-only folder (as a user who is not root)


def test_a_read_only_database_file_is_said_to_be_read_only(clerk_folder: Path) -> None:
    path = clerk_folder / "台账.db"
    _make_db(path, user=True)
    os.chmod(path, 0o444)
    err = _told(_lawdesk("--db", str(path), "stats", "--year", "2022", folder=clerk_folder, user=True),
                "只读", "数据没有损坏")
    assert "已损坏" not in err and "从备份恢复" not in err


def test_a_read_only_folder_is_said_to_be_read_only(clerk_folder: Path) -> None:
    folder = clerk_folder / "只读文件夹"
    folder.mkdir()
    if IS_ROOT:
        os.chown(folder, 65534, 65534)
    path = folder / "台账.db"
    _make_db(path, user=True)
    os.chmod(folder, 0o555)
    err = _told(_lawdesk("--db", str(path), "stats", "--year", "2022", folder=clerk_folder, user=True),
                "不允许写入", "数据没有损坏")
    assert "已损坏" not in err


def test_the_diagnosis_calls_a_damaged_file_damaged(db_path: Path) -> None:
    dbmod.open_database(db_path, create=True)
    name_the_office()
    records.create("community", {"name": "龙潭社区"})
    dbmod.database.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    dbmod.close_database()
    data = bytearray(db_path.read_bytes())
    data[100:4096] = os.urandom(4096 - 100)
    db_path.write_bytes(bytes(data))
    with pytest.raises(dbmod.DatabaseDamagedError) as info:
        dbmod.open_database(db_path)
    assert "已损坏" in info.value.message


# ---------------------------------------------------------------------------------------------
# A full disk and a read-only file system (root: a private mount namespace)


def _in_namespace(script: str) -> subprocess.CompletedProcess[str]:
    if not IS_ROOT or shutil.which("unshare") is None:
        pytest.skip("needs root and unshare for a private tmpfs / read-only bind mount")
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("mount namespaces are not allowed here")
    return subprocess.run(["unshare", "-m", "bash", "-c", script], capture_output=True, text=True,
                          encoding="utf-8", timeout=300, env=_env(Path(tempfile.gettempdir())))


FULL_DISK = """
set -e
M=$(mktemp -d)
mount -t tmpfs -o size=3m tmpfs "$M"
{python} -c '{make}' "$M/台账.db"
dd if=/dev/zero of="$M/fill" bs=1k count=10000 2>/dev/null || true
{python} -m lawdesk --db "$M/台账.db" stats --year 2022 && echo "EXIT 0" || echo "EXIT $?"
"""


def test_a_full_disk_is_not_called_damaged() -> None:
    result = _in_namespace(FULL_DISK.format(python=sys.executable, make=MAKE_DATABASE.replace("'", '"')))
    assert "EXIT 1" in result.stdout, (result.stdout, result.stderr)
    err = result.stderr
    assert "磁盘空间已满" in err and "数据没有损坏" in err, err
    assert "已损坏" not in err and "Traceback" not in err


SMALL_DISK_INIT = """
set -e
M=$(mktemp -d)
mount -t tmpfs -o size=200k tmpfs "$M"
{python} -m lawdesk --db "$M/台账.db" init && echo "EXIT 0" || echo "EXIT $?"
"""


def test_init_on_a_disk_too_small_says_the_disk_is_full() -> None:
    result = _in_namespace(SMALL_DISK_INIT.format(python=sys.executable))
    assert "EXIT 1" in result.stdout, (result.stdout, result.stderr)
    assert "磁盘空间已满" in result.stderr and "cannot rollback" not in result.stderr, result.stderr


READ_ONLY_MOUNT = """
set -e
M=$(mktemp -d)
{python} -c '{make}' "$M/台账.db"
mount --bind -o ro "$M" "$M"
{python} -m lawdesk --db "$M/台账.db" stats --year 2022 && echo "EXIT 0" || echo "EXIT $?"
"""


def test_a_read_only_file_system_is_said_to_be_read_only() -> None:
    result = _in_namespace(READ_ONLY_MOUNT.format(python=sys.executable, make=MAKE_DATABASE.replace("'", '"')))
    assert "EXIT 1" in result.stdout, (result.stdout, result.stderr)
    assert "只读" in result.stderr and "已损坏" not in result.stderr, result.stderr


# ---------------------------------------------------------------------------------------------
# A file-size limit (ulimit -f) during a backup


def test_a_file_size_limit_during_a_backup_is_a_chinese_message(tmp_path: Path) -> None:
    path = tmp_path / "台账.db"
    _make_db(path)
    result = _lawdesk("--db", str(path), "backup", folder=tmp_path, limit=200 * 1024)
    err = _told(result, "备份没有完成")
    assert "database or disk is full" not in err and "File too large" not in err, err


# ---------------------------------------------------------------------------------------------
# An evidence file that vanishes while it is added


def test_a_vanished_evidence_source_is_a_chinese_message(db, tmp_path, monkeypatch) -> None:
    rec = records.create("community", {"name": "龙潭社区"})
    source = tmp_path / "U盘" / "照片.jpg"
    source.parent.mkdir()
    source.write_bytes(b"photo")
    real_copy = attachments.shutil.copy2

    def pulled_out(src, dst, **kwargs):  # the U 盘 is pulled out between the check and the copy
        Path(src).unlink()
        return real_copy(src, dst, **kwargs)

    monkeypatch.setattr(attachments.shutil, "copy2", pulled_out)
    with pytest.raises(LawdeskError) as info:
        attachments.add("community", rec.id, source, "照片")
    assert "照片.jpg" in info.value.message and "不存在" in info.value.message
    assert "No such file" not in info.value.message
    assert attachments.list_for("community", rec.id) == []
    assert not [p for p in dbmod.current_path().parent.rglob("*照片*")]


def test_a_missing_evidence_source_is_a_chinese_message(db, tmp_path) -> None:
    rec = records.create("community", {"name": "龙潭社区"})
    with pytest.raises(LawdeskError) as info:
        attachments.add("community", rec.id, tmp_path / "不在了.jpg", "照片")
    assert "找不到文件" in info.value.message

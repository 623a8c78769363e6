"""The command line, run as the clerk runs it: ``python -m lawdesk`` in a subprocess.

Only ``demo``, ``stats``, ``backup`` and ``restore`` are tested here (``report`` and ``check``
belong to the report tests). Every run must be free of tracebacks; errors are Chinese messages
on stderr with a non-zero exit code.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from tests import reference

REPO = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u4e00-\u9fff]")

REFERENCE_2022 = {**reference.REFERENCE_2022, "disputes_resolved": reference.DEMO_DISPUTES_RESOLVED}


def run(*args: str, env_db: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "LAWDESK_DB"}
    env["PYTHONUTF8"] = "1"
    if env_db is not None:
        env["LAWDESK_DB"] = str(env_db)
    result = subprocess.run(
        [sys.executable, "-m", "lawdesk", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def assert_chinese_error(result: subprocess.CompletedProcess[str], code: int | None = None) -> str:
    assert result.returncode != 0
    if code is not None:
        assert result.returncode == code
    assert CJK.search(result.stderr), result.stderr
    assert "错误" in result.stderr
    return result.stderr


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli") / "台账"
    folder.mkdir()
    clerk = folder / "正式台账.db"
    result = run("--db", str(clerk), "demo")
    assert result.returncode == 0, result.stderr
    assert "演示数据" in result.stdout
    counts = [int(n) for n in re.findall(r"：(\d+) 条", result.stdout)]
    total = int(re.search(r"共 (\d+) 条", result.stdout).group(1))
    assert counts and sum(counts) == total
    assert not clerk.exists(), "the demo must never go into the clerk's database"
    path = folder / "演示数据.db"
    assert str(path) in result.stdout
    return path


@pytest.fixture
def demo_copy(demo_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "copy.db"
    for suffix in ("", "-wal", "-shm"):
        src = Path(f"{demo_file}{suffix}")
        if src.exists():
            shutil.copy(src, f"{path}{suffix}")
    return path


def test_stats_json_reference_values(demo_file: Path) -> None:
    result = run("--db", str(demo_file), "stats", "--year", "2022", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["period_start"] == "2022-01-01" and data["period_end"] == "2022-12-31"
    for key, value in REFERENCE_2022.items():
        assert data[key] == value, key
    assert round(data["satisfaction_rate"]) == 97
    assert 100 <= data["disputes_resolved"] <= 109


def test_stats_custom_period_json(demo_file: Path) -> None:
    result = run("--db", str(demo_file), "stats", "--start", "2022-01-01", "--end", "2022-06-30", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["period_end"] == "2022-06-30"
    assert 0 < data["patrols"] < REFERENCE_2022["patrols"]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def test_stats_default_table_is_readable_chinese(demo_file: Path) -> None:
    result = run("--db", str(demo_file), "stats", "--year", "2022")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("2022年度")
    body = {}
    for line in lines:
        m = re.match(r"^(\S+)\s+(\S+)$", line)
        if m and CJK.search(m.group(1)):
            body[m.group(1)] = m.group(2)
    assert body["主持召开专题会议、班子会、推进会"] == "4次"
    assert body["开展治安巡逻"] == "26次"
    assert body["排查化解矛盾纠纷"] == "103起"
    assert body["办结12345市长热线"] == "45件"
    assert body["按期办结率"] == "100.00%"
    assert re.fullmatch(r"9[67]\.\d\d%", body["群众满意率"])
    value_lines = [line for line in lines if any(line.startswith(label) for label in body)]
    assert len(value_lines) == len(REFERENCE_2022) + 1
    assert len({_width(line) for line in value_lines}) == 1  # the values line up on the right
    assert "--all" in result.stdout


def test_bad_year(demo_file: Path) -> None:
    result = run("--db", str(demo_file), "stats", "--year", "abc")
    message = assert_chinese_error(result, code=2)
    assert "年份" in message and "abc" in message


def test_unknown_command(demo_file: Path) -> None:
    result = run("--db", str(demo_file), "frobnicate")
    assert_chinese_error(result, code=2)
    assert "frobnicate" in result.stderr


def test_start_without_end(demo_file: Path) -> None:
    result = run("--db", str(demo_file), "stats", "--start", "2022-01-01")
    assert "--end" in assert_chinese_error(result, code=1)


def test_missing_folder(tmp_path: Path) -> None:
    path = tmp_path / "没有" / "lawdesk.db"
    result = run("--db", str(path), "stats", "--year", "2022")
    assert "不存在" in assert_chinese_error(result, code=1)
    assert not path.parent.exists()


def test_corrupt_database_file(tmp_path: Path) -> None:
    path = tmp_path / "坏的.db"
    path.write_bytes(b"\x00garbage" * 512)
    result = run("--db", str(path), "stats", "--year", "2022")
    assert "损坏" in assert_chinese_error(result, code=1)
    assert path.read_bytes() == b"\x00garbage" * 512


def test_demo_leaves_a_clerks_database_alone(demo_copy: Path) -> None:
    before = json.loads(run("--db", str(demo_copy), "stats", "--year", "2022", "--json").stdout)
    result = run("--db", str(demo_copy), "demo")
    assert result.returncode == 0, result.stderr
    assert str(demo_copy.parent / "演示数据.db") in result.stdout
    after = json.loads(run("--db", str(demo_copy), "stats", "--year", "2022", "--json").stdout)
    assert after == before


def test_demo_twice_loads_once(demo_file: Path) -> None:
    before = json.loads(run("--db", str(demo_file), "stats", "--year", "2022", "--json").stdout)
    result = run("--db", str(demo_file), "demo")
    assert result.returncode == 0 and "未重复装入" in result.stdout
    after = json.loads(run("--db", str(demo_file), "stats", "--year", "2022", "--json").stdout)
    assert after == before


def test_backup_list_and_restore(demo_copy: Path, tmp_path: Path) -> None:
    made = run("--db", str(demo_copy), "backup")
    assert made.returncode == 0, made.stderr
    backup_dir = Path(re.search(r"已备份到：(.+)$", made.stdout.strip()).group(1))
    assert (backup_dir / "manifest.json").is_file()

    listing = run("--db", str(demo_copy), "backup", "--list")
    assert listing.returncode == 0
    assert "手动备份" in listing.stdout
    assert str(backup_dir) in listing.stdout

    other = tmp_path / "其他.db"
    assert run("--db", str(other), "init").returncode == 0
    assert "还没有备份" in run("--db", str(other), "backup", "--list").stdout
    assert json.loads(run("--db", str(other), "stats", "--year", "2022", "--json").stdout)["patrols"] == 0

    restored = run("--db", str(other), "restore", str(backup_dir))
    assert restored.returncode == 0, restored.stderr
    data = json.loads(run("--db", str(other), "stats", "--year", "2022", "--json").stdout)
    for key, value in REFERENCE_2022.items():
        assert data[key] == value, key
    again = run("--db", str(other), "restore", str(backup_dir / "manifest.json"))
    assert "恢复前的数据已另存为" in again.stdout
    assert "恢复前备份" in run("--db", str(other), "backup", "--list").stdout


def test_backup_verify_names_a_damaged_backup(demo_copy: Path) -> None:
    made = run("--db", str(demo_copy), "backup")
    backup_dir = Path(re.search(r"已备份到：(.+)$", made.stdout.strip()).group(1))
    good = run("--db", str(demo_copy), "backup", "--verify")
    assert good.returncode == 0 and "损坏" not in good.stdout.split("共")[0], good.stdout
    db_file = backup_dir / "database.db"
    data = bytearray(db_file.read_bytes())
    data[5000] ^= 0xFF
    db_file.write_bytes(bytes(data))
    bad = run("--db", str(demo_copy), "backup", "--verify")
    assert bad.returncode == 1
    assert f"损坏：备份“{backup_dir.name}”的数据库文件已损坏（SHA-256 校验不符）" in bad.stdout


def test_commands_on_a_missing_database_fail_and_create_nothing(tmp_path: Path) -> None:
    path = tmp_path / "lawdesk.db"
    for args in (("stats", "--year", "2022"), ("backup",), ("report", "--year", "2022", "--out", str(tmp_path / "a.docx"))):
        message = assert_chinese_error(run("--db", str(path), *args), code=1)
        assert "找不到数据库文件" in message
        assert not path.exists()
    assert "lawdesk init" in message  # no backup: how to make a new one
    path.write_bytes(b"")
    assert "空的" in assert_chinese_error(run("--db", str(path), "stats"), code=1)
    assert path.read_bytes() == b""


def test_init_creates_once_and_leaves_an_existing_database_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "新.db"
    made = run("--db", str(path), "init")
    assert made.returncode == 0 and "已新建数据库" in made.stdout and "单位设置" in made.stdout
    before = path.read_bytes()
    again = run("--db", str(path), "init", "--name", "别的街道")
    assert again.returncode == 0 and "已存在" in again.stdout and "未做任何改动" in again.stdout
    assert again.stderr == "" and path.read_bytes() == before


def test_init_names_the_office_as_a_first_unit_setting_does(tmp_path: Path) -> None:
    path = tmp_path / "新.db"
    made = run("--db", str(path), "init", "--name", "白石镇", "--kind", "镇")
    assert made.returncode == 0 and "白石镇" in made.stdout
    from lawdesk import db as dbmod
    from lawdesk.services import settings, units

    dbmod.open_database(path, backup=False)
    try:
        assert units.current_unit().name == "白石镇" and settings.profile_values()["unit_kind"] == "镇"
    finally:
        dbmod.close_database()


def test_init_can_fill_the_whole_first_unit_setting(tmp_path: Path) -> None:
    path = tmp_path / "新.db"
    made = run("--db", str(path), "init", "--name", "白石镇", "--party-organ", "中共新县白石镇委员会",
               "--government-organ", "新县白石镇人民政府", "--doc-prefix", "白政", "--addressee", "县委、县政府")
    assert made.returncode == 0 and "下一步" in made.stdout and "签发人" in made.stdout  # none given
    again = tmp_path / "又一个.db"
    signed = run("--db", str(again), "init", "--name", "白石镇", "--party-organ", "中共新县白石镇委员会",
                 "--government-organ", "新县白石镇人民政府", "--doc-prefix", "白政", "--addressee", "县委、县政府",
                 "--signers", "王五")
    assert signed.returncode == 0 and "下一步" not in signed.stdout
    from lawdesk import db as dbmod
    from lawdesk.services import settings

    dbmod.open_database(path, backup=False)
    try:
        values = settings.profile_values()
        assert settings.profile_is_complete()
        assert values["issuer_mark"] == "中共新县白石镇委员会文件" and values["doc_prefix"] == "白政"
        assert values["print_organ"] == "中共新县白石镇委员会"  # the 版记's 印发机关 unless given
    finally:
        dbmod.close_database()


def test_init_refuses_a_bad_or_nameless_unit_setting_before_making_any_file(tmp_path: Path) -> None:
    path = tmp_path / "新.db"
    nameless = run("--db", str(path), "init", "--doc-prefix", "白政")
    assert nameless.returncode == 2 and "--name" in nameless.stderr and not path.exists()
    too_long = run("--db", str(path), "init", "--name", "白石镇", "--doc-prefix", "代" * 11)
    assert too_long.returncode == 1 and "发文字号代字" in too_long.stderr and "Traceback" not in too_long.stderr
    assert not path.exists()


def test_a_vanished_database_is_restored_from_the_newest_backup(demo_copy: Path) -> None:
    assert run("--db", str(demo_copy), "backup").returncode == 0
    for suffix in ("", "-wal", "-shm"):
        Path(f"{demo_copy}{suffix}").unlink(missing_ok=True)
    message = assert_chinese_error(run("--db", str(demo_copy), "stats", "--year", "2022"), code=1)
    assert "最新的完好备份" in message and "restore --newest" in message
    restored = run("--db", str(demo_copy), "restore", "--newest")
    assert restored.returncode == 0, restored.stderr
    data = json.loads(run("--db", str(demo_copy), "stats", "--year", "2022", "--json").stdout)
    assert data["patrols"] == REFERENCE_2022["patrols"]


@pytest.mark.parametrize("number", ["-5", "0", "99999999999999999999", "abc"])
def test_report_refuses_a_bad_document_number(demo_copy: Path, tmp_path: Path, number: str) -> None:
    out = tmp_path / "报告.docx"
    result = run("--db", str(demo_copy), "report", "--year", "2022", "--out", str(out), f"--number={number}")
    assert "文号序号" in assert_chinese_error(result, code=2)
    assert not out.exists()


@pytest.mark.parametrize("out", ["", "   "])
def test_report_refuses_an_empty_output_name(demo_copy: Path, out: str) -> None:
    result = run("--db", str(demo_copy), "report", "--year", "2022", "--out", out)
    assert "输出文件名不能为空" in assert_chinese_error(result, code=2)


def test_report_refuses_a_folder_as_output(demo_copy: Path, tmp_path: Path) -> None:
    result = run("--db", str(demo_copy), "report", "--year", "2022", "--out", str(tmp_path))
    assert "文件夹" in assert_chinese_error(result, code=2)


def test_restore_refuses_a_bad_file(demo_copy: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_text("这不是备份", encoding="utf-8")
    result = run("--db", str(demo_copy), "restore", str(bad))
    assert_chinese_error(result, code=1)
    data = json.loads(run("--db", str(demo_copy), "stats", "--year", "2022", "--json").stdout)
    assert data["patrols"] == REFERENCE_2022["patrols"]


def test_lawdesk_db_environment_variable(demo_copy: Path) -> None:
    result = run("stats", "--year", "2022", "--json", env_db=demo_copy)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["hotline_closed"] == 45
    made = run("backup", env_db=demo_copy)
    target = Path(re.search(r"已备份到：(.+)$", made.stdout.strip()).group(1))
    assert target.parent == demo_copy.resolve().parent / "copy-data" / "backups"


def test_no_display_gives_a_chinese_message_not_a_traceback(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    env["PYTHONPATH"] = str(REPO)
    done = subprocess.run(
        [sys.executable, "-m", "lawdesk", "--db", str(tmp_path / "x.db")],
        capture_output=True, text=True, env=env, cwd=REPO, timeout=60,
    )  # fmt: skip
    assert done.returncode == 1
    assert "没有可用的图形界面" in done.stderr and "Traceback" not in done.stderr


def test_no_arguments_open_the_window_without_building_the_parser(monkeypatch) -> None:  # noqa: ANN001
    from lawdesk import cli

    opened: list[object] = []
    monkeypatch.setattr(cli, "build_parser", lambda: pytest.fail("the parser was built"))
    monkeypatch.setattr(cli, "cmd_gui", lambda args: opened.append((args.command, args.db)) or 0)
    assert cli.main([]) == 0
    assert opened == [(None, None)]  # the window, on LAWDESK_DB or the default database


def test_arguments_are_still_parsed_for_the_window(monkeypatch, tmp_path) -> None:  # noqa: ANN001
    from lawdesk import cli

    opened: list[object] = []
    monkeypatch.setattr(cli, "cmd_gui", lambda args: opened.append((args.command, args.db)) or 0)
    assert cli.main(["--db", str(tmp_path / "台账.db")]) == 0
    assert opened == [(None, tmp_path / "台账.db")]

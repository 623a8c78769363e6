"""The log file rotates like ``logging.handlers.RotatingFileHandler`` (which start-up no longer
imports): lawdesk.log → .1 → … → .3, no file past its limit, and a file that cannot be rotated
does not stop the logging."""

from __future__ import annotations

import logging
import os

import pytest

from lawdesk import logs


def _logger(handler: logging.Handler) -> logging.Logger:
    logger = logging.getLogger(f"lawdesk.test.{id(handler)}")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    return logger


def test_the_log_rotates_keeping_three_older_files_none_past_the_limit(tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "lawdesk.log"
    handler = logs.RotatingLog(path, max_bytes=1_000, backups=3)
    logger = _logger(handler)
    try:
        for i in range(200):
            logger.info("第%03d条记录 %s", i, "x" * 40)
    finally:
        handler.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["lawdesk.log", "lawdesk.log.1", "lawdesk.log.2", "lawdesk.log.3"]
    for p in tmp_path.iterdir():
        assert 0 < p.stat().st_size <= 1_000, p.name
    newest = path.read_text(encoding="utf-8")
    assert "第199条记录" in newest
    assert "第198条记录" in newest or "第198条记录" in (tmp_path / "lawdesk.log.1").read_text("utf-8")
    oldest = (tmp_path / "lawdesk.log.3").read_text(encoding="utf-8")
    assert "第000条记录" not in oldest  # dropped with the fourth rotation
    lines = [line for p in tmp_path.iterdir() for line in p.read_text("utf-8").splitlines()]
    numbers = sorted(int(line.split("第")[1][:3]) for line in lines)
    assert numbers == list(range(numbers[0], 200))  # nothing lost between the kept files


def test_a_log_that_cannot_be_rotated_keeps_logging(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    path = tmp_path / "lawdesk.log"
    handler = logs.RotatingLog(path, max_bytes=300, backups=2)
    logger = _logger(handler)

    def locked(src: str, dst: str) -> None:
        raise PermissionError(13, "另一个程序正在使用此文件", src)

    monkeypatch.setattr(os, "replace", locked)
    errors: list[logging.LogRecord] = []
    monkeypatch.setattr(handler, "handleError", errors.append)
    try:
        for i in range(20):
            logger.info("记录%02d %s", i, "y" * 30)
    finally:
        handler.close()
    assert errors == []
    text = path.read_text(encoding="utf-8")
    assert "记录00" in text and "记录19" in text  # it grew on instead of losing records
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lawdesk.log"]

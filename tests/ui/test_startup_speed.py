"""What start-up does for its speed, checked for its side effects: the garbage collector is
paused only while the program starts (then collecting again, start-up's objects frozen)."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
from pathlib import Path

from lawdesk import app as appmod

REPO = Path(__file__).resolve().parents[2]


def test_pause_gc_resumes_once_and_nested_pauses_do_nothing() -> None:
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    resume = appmod.pause_gc()
    try:
        assert not gc.isenabled()
        inner = appmod.pause_gc()  # already paused: its resume must not switch collection on
        inner()
        assert not gc.isenabled()
    finally:
        resume()
    try:
        assert gc.isenabled()
        assert gc.get_freeze_count() >= frozen
        gc.disable()
        resume()  # a second call does nothing
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


GC_AT_CLOSE = """
import gc, sys, tkinter
from lawdesk import app
real_destroy = tkinter.Tk.destroy
def destroy(self):
    print("GC", gc.isenabled(), gc.get_freeze_count() > 0, flush=True)
    real_destroy(self)
tkinter.Tk.destroy = destroy
sys.exit(app.main(["--db", sys.argv[1]]))
"""


def test_the_real_start_up_collects_garbage_again_once_home_shows(_demo_template, tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "demo.db"
    shutil.copy(_demo_template, path)
    env = dict(os.environ, LAWDESK_MEASURE_STARTUP="1")
    out = subprocess.run([sys.executable, "-c", GC_AT_CLOSE, str(path)], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert any(line.startswith("LAWDESK_STARTUP") for line in lines), out.stdout + out.stderr
    # the window closes 10 ms after 首页 showed its figures: collection is on again by then
    assert "GC True True" in lines, out.stdout

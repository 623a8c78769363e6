"""Windows semantics on Linux: what lawdesk's code sees on a clerk's Windows PC, imitated for tests.

Nothing here runs Windows; it makes lawdesk's own modules *see* Windows where their behaviour
branches on it, and makes the file system answer the way NTFS does where Windows differs:

- ``os.name == "nt"`` and ``sys.platform == "win32"`` inside every ``lawdesk`` module (and
  ``lawdesk`` modules imported later in the test), never in pathlib, shutil or pytest, so
  ``Path`` keeps working;
- ``os.chmod`` refuses a file descriptor (``TypeError``, as on Python 3.11 for Windows: descriptors
  are accepted only from 3.13) and ``os.fchmod`` does not exist (``AttributeError``);
- ``os.open`` of a folder raises ``PermissionError`` (Windows cannot open a directory that way, so
  a directory fsync is not possible);
- a file "held open" by another program (:meth:`WindowsSemantics.hold`, as WPS holds a document
  it shows) cannot be replaced, renamed, deleted or written, nor can a folder holding it be renamed
  or removed: ``PermissionError`` with ``winerror`` 32 (or 5 for a folder), in lawdesk's modules,
  pathlib and shutil alike;
- paths are read the way Windows reads them wherever a file is opened, created, renamed,
  removed or looked at (``stat``; lawdesk's modules, pathlib and shutil alike): ``\\`` separates folders (a name
  ``..\\..\\x`` climbs out of its folder), and a name with ``<>"|?*``, a control character or a
  ``:`` (NTFS: an alternate data stream, not a file of that name) is refused with ``OSError``
  ``winerror`` 123, as Windows refuses it;
- a path longer than ``MAX_PATH`` (259 characters, as with long paths off, Windows' default)
  cannot be opened, made, listed, renamed, linked or deleted (``FileNotFoundError``, WinError 3,
  as Windows says it) unless it carries the ``\\\\?\\`` prefix, which is then taken off;
- ``os.fsync`` of a descriptor opened read-only fails (``EBADF``: Windows' FlushFileBuffers
  needs a handle opened for writing); the files flushed are listed in
  :attr:`WindowsSemantics.fsynced`;
- ``os.startfile`` exists and records its calls (:attr:`WindowsSemantics.started`: the file, the
  verb — ``print``, ``printto``, ``open`` —, its arguments and the calling thread's name).

The fixture ``windows`` (in ``conftest.py``) gives a test one ``WindowsSemantics`` for its
duration. Each attribute is put back afterwards by ``monkeypatch``.
"""

from __future__ import annotations

import builtins
import contextlib
import errno
import fcntl
import importlib
import io
import os
import pathlib
import pkgutil
import re
import shutil
import sys
import threading
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest

import lawdesk

ERROR_PATH_NOT_FOUND = 3
ERROR_ACCESS_DENIED = 5
ERROR_SHARING_VIOLATION = 32
ERROR_INVALID_NAME = 123
MAX_PATH = 259  # characters of a path, without its terminating NUL
LONG_PREFIX = "\\\\?\\"
_INVALID_IN_NAME = re.compile(r'[<>"|?*:\x00-\x1f]')


def windows_path(path: Any, dir_fd: int | None = None) -> Any:
    """``path`` as Windows reads it: the ``\\\\?\\`` prefix taken off (and then no length limit),
    else a ``FileNotFoundError`` (WinError 3) when it is longer than ``MAX_PATH``; ``\\`` is a
    separator; a name Windows refuses raises ``OSError`` (WinError 123)."""
    if isinstance(path, int):
        return path
    text = os.fsdecode(path)
    long_form = text.startswith(LONG_PREFIX)
    if long_form:
        text = text[len(LONG_PREFIX):]
    text = text.replace("\\", "/")
    names = text.split("/")
    if re.match(r"[A-Za-z]:$", names[0]):  # a drive (C:), not a name
        names = names[1:]
    if any(_INVALID_IN_NAME.search(part) for part in names):
        exc = OSError(errno.EINVAL, "文件名、目录名或卷标语法不正确。", text)
        exc.winerror = ERROR_INVALID_NAME  # type: ignore[attr-defined]
        raise exc
    if not long_form and dir_fd is None and len(os.path.abspath(text)) > MAX_PATH:
        exc = FileNotFoundError(errno.ENOENT, "系统找不到指定的路径。", text)
        exc.winerror = ERROR_PATH_NOT_FOUND  # type: ignore[attr-defined]
        raise exc
    return os.fsencode(text) if isinstance(path, bytes) else text


def sharing_violation(path: object, *, winerror: int = ERROR_SHARING_VIOLATION) -> PermissionError:
    """The ``PermissionError`` Windows Python raises when another program holds ``path`` open."""
    text = {
        ERROR_SHARING_VIOLATION: "另一个程序正在使用此文件，进程无法访问。",
        ERROR_ACCESS_DENIED: "拒绝访问。",
    }[winerror]
    exc = PermissionError(errno.EACCES, text, str(path))
    exc.winerror = winerror  # type: ignore[attr-defined]
    return exc


def _all_lawdesk_modules() -> None:
    """Import every lawdesk module now, so each gets the patched names (the GUI's too)."""
    for info in pkgutil.walk_packages(lawdesk.__path__, "lawdesk."):
        if info.name.startswith("lawdesk.migrations.") or info.name == "lawdesk.__main__":
            continue
        with contextlib.suppress(Exception):
            importlib.import_module(info.name)


class Started(NamedTuple):
    """One ``os.startfile`` call."""

    path: str
    operation: str | None
    arguments: str | None
    thread: str


class WindowsSemantics:
    """What one test has changed, and the files it says are held open."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.held: set[Path] = set()
        self.started: list[Started] = []
        self.fsynced: list[Path] = []
        self.fake_os = self._windows_os()
        self.lock_os = self._locking_os(os, "os")
        self.fake_sys = self._windows_sys()

    # -- holding files -------------------------------------------------------------------

    @contextlib.contextmanager
    def hold(self, *paths: str | os.PathLike[str]) -> Iterator[None]:
        """While inside, ``paths`` are open in another program (WPS, an antivirus scan)."""
        resolved = {Path(p).resolve() for p in paths}
        self.held |= resolved
        try:
            yield
        finally:
            self.held -= resolved

    def _blocked(self, path: object, dir_fd: int | None = None) -> PermissionError | None:
        if not self.held or isinstance(path, int):
            return None
        p = Path(os.fsdecode(path))
        if dir_fd is not None and not p.is_absolute():
            p = Path(os.readlink(f"/proc/self/fd/{dir_fd}")) / p
        p = p.resolve()
        if p in self.held:
            return sharing_violation(p)
        if any(p in h.parents for h in self.held):
            return sharing_violation(p, winerror=ERROR_ACCESS_DENIED)
        return None

    # -- the patched modules ---------------------------------------------------------------

    def _locking_os(self, real: types.ModuleType, name: str) -> types.ModuleType:
        """A copy of ``os`` whose paths are read as Windows reads them (``windows_path``) and
        whose renames, deletes and writes fail on held files."""
        mod = types.ModuleType(name)
        mod.__dict__.update(real.__dict__)

        def one(fn: Callable[..., Any], *, guarded: bool = False) -> Callable[..., Any]:
            def wrapped(path: Any = ".", *args: Any, **kwargs: Any) -> Any:
                path = windows_path(path, kwargs.get("dir_fd"))
                if guarded and (exc := self._blocked(path, kwargs.get("dir_fd"))) is not None:
                    raise exc
                return fn(path, *args, **kwargs)

            return wrapped

        def two(fn: Callable[..., Any], *, guarded: bool = False) -> Callable[..., Any]:
            def wrapped(src: Any, dst: Any, *args: Any, **kwargs: Any) -> Any:
                src = windows_path(src, kwargs.get("src_dir_fd"))
                dst = windows_path(dst, kwargs.get("dst_dir_fd"))
                for p, fd in ((src, kwargs.get("src_dir_fd")), (dst, kwargs.get("dst_dir_fd"))):
                    if guarded and (exc := self._blocked(p, fd)) is not None:
                        raise exc
                return fn(src, dst, *args, **kwargs)

            return wrapped

        for fn_name in ("unlink", "remove", "rmdir"):
            setattr(mod, fn_name, one(getattr(real, fn_name), guarded=True))
        for fn_name in ("stat", "lstat", "mkdir", "listdir", "scandir", "utime", "chmod", "access"):
            setattr(mod, fn_name, one(getattr(real, fn_name)))
        for fn_name in ("replace", "rename"):
            setattr(mod, fn_name, two(getattr(real, fn_name), guarded=True))
        for fn_name in ("link", "symlink"):
            setattr(mod, fn_name, two(getattr(real, fn_name)))

        real_open = real.open

        def open_(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            path = windows_path(path, kwargs.get("dir_fd"))
            writing = flags & (os.O_WRONLY | os.O_RDWR | os.O_TRUNC)
            if writing and (exc := self._blocked(path, kwargs.get("dir_fd"))) is not None:
                raise exc
            return real_open(path, flags, *args, **kwargs)

        mod.open = open_  # type: ignore[attr-defined]
        return mod

    def _windows_os(self) -> types.ModuleType:
        mod = self._locking_os(os, "os")
        mod.name = "nt"  # type: ignore[attr-defined]
        real_chmod = os.chmod
        locking_open = mod.open

        def chmod(path: Any, mode: int, *args: Any, **kwargs: Any) -> None:
            if isinstance(path, int):  # Python 3.11 on Windows: no descriptors (from 3.13 only)
                raise TypeError("chmod: path should be string, bytes or os.PathLike, not int")
            real_chmod(path, mode, *args, **kwargs)

        def open_(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if not isinstance(path, int) and os.path.isdir(path):
                raise PermissionError(errno.EACCES, "拒绝访问。", os.fsdecode(path))
            return locking_open(path, flags, *args, **kwargs)

        def startfile(path: Any, operation: str | None = None, arguments: str | None = None, *args: Any,
                      **kwargs: Any) -> None:  # fmt: skip
            thread = threading.current_thread().name
            self.started.append(Started(os.fsdecode(path), operation, arguments, thread))

        def fsync(fd: Any) -> None:
            fd = fd if isinstance(fd, int) else fd.fileno()
            if fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY:
                raise OSError(errno.EBADF, "句柄无效。")  # FlushFileBuffers: no write access
            os.fsync(fd)
            self.fsynced.append(Path(os.readlink(f"/proc/self/fd/{fd}")))

        mod.chmod = chmod  # type: ignore[attr-defined]
        mod.open = open_  # type: ignore[attr-defined]
        mod.startfile = startfile  # type: ignore[attr-defined]
        mod.fsync = fsync  # type: ignore[attr-defined]
        for absent in ("fchmod", "getuid", "geteuid", "getgid", "mkfifo", "statvfs"):
            mod.__dict__.pop(absent, None)
        return mod

    def _windows_sys(self) -> types.ModuleType:
        real = sys

        class WindowsSys(types.ModuleType):
            platform = "win32"

            def __getattr__(self, name: str) -> Any:
                return getattr(real, name)

            def __setattr__(self, name: str, value: Any) -> None:
                setattr(real, name, value)

        return WindowsSys("sys")

    def _locked_open(self) -> Callable[..., Any]:
        real_open = builtins.open

        def open_(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            file = windows_path(file)
            if any(c in mode for c in "wax+") and (exc := self._blocked(file)) is not None:
                raise exc
            return real_open(file, mode, *args, **kwargs)

        return open_

    # -- switching on ----------------------------------------------------------------------

    def patch_module(self, module: types.ModuleType) -> None:
        if getattr(module, "os", None) is os:
            self.monkeypatch.setattr(module, "os", self.fake_os)
        if getattr(module, "sys", None) is sys:
            self.monkeypatch.setattr(module, "sys", self.fake_sys)
        self.monkeypatch.setattr(module, "open", self._locked_open(), raising=False)

    def install(self) -> None:
        _all_lawdesk_modules()
        for name, module in list(sys.modules.items()):
            if (name == "lawdesk" or name.startswith("lawdesk.")) and module is not None:
                self.patch_module(module)
        self.monkeypatch.setattr(pathlib, "os", self._locking_os(os, "os"))
        locked_io = types.ModuleType("io")
        locked_io.__dict__.update(io.__dict__)
        locked_io.open = self._locked_open()  # type: ignore[attr-defined]  # Path.open, write_bytes
        self.monkeypatch.setattr(pathlib, "io", locked_io)
        self.monkeypatch.setattr(shutil, "os", self._locking_os(os, "os"))
        self.monkeypatch.setattr(shutil, "open", self._locked_open(), raising=False)

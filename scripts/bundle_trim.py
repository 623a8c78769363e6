"""What ``build.spec`` leaves out of the frozen bundle, beyond the modules it excludes.

- **matplotlib's data**: PyInstaller's matplotlib hook collects all of ``mpl-data`` (9 MB of sample
  data, toolbar images, styles and 40 fonts) whatever the spec asks. lawdesk's charts draw with
  the bundled Chinese font (``lawdesk.fonts``) on matplotlib's defaults (``matplotlibrc``); every
  text also gets matplotlib's Last Resort font as its final fallback (drawing fails without the
  file), and ``lawdesk.fonts`` names DejaVu Sans as the fallback for Latin text. Nothing else is
  opened: no style (pyplot and ``matplotlib.style`` are never imported), no toolbar image, no
  sample data. Fewer fonts also make the font list matplotlib builds at the first chart of every
  run of the frozen program (its configuration folder is a new temporary one each time) shorter.
- **Debug information** (Linux): the Python and extension libraries of the build machine carry
  DWARF debug sections (libpython alone 23 MB → 5.5 MB without them). ``strip --strip-debug``
  removes only those sections, never code or the symbols a library exports. Libraries that
  auditwheel rewrote with patchelf are left untouched: stripping a patchelf'ed file can corrupt it
  (NixOS/patchelf#145; numpy's OpenBLAS fails with "ELF load command address/offset not
  page-aligned"). Those are the libraries grafted into a wheel's ``<name>.libs`` folder and the
  extension modules whose run path points there. Windows DLLs carry no DWARF sections: nothing to
  do there.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

MPL_DATA = "matplotlib/mpl-data/"
MPL_DATA_KEPT = frozenset({
    "matplotlibrc",
    "fonts/ttf/LastResortHE-Regular.ttf",
    "fonts/ttf/DejaVuSans.ttf",
    "fonts/ttf/DejaVuSans-Bold.ttf",
})  # fmt: skip
ELF_MAGIC = b"\x7fELF"


def keep_datum(dest: str) -> bool:
    """Whether a data file of the bundle (its path inside the bundle) is kept."""
    dest = dest.replace("\\", "/")
    return not dest.startswith(MPL_DATA) or dest[len(MPL_DATA):] in MPL_DATA_KEPT


def _readelf(path: Path) -> str:
    done = subprocess.run(["readelf", "-W", "-S", "-d", str(path)], capture_output=True, text=True, check=False)
    return done.stdout if done.returncode == 0 else ""


def _is_elf(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(4) == ELF_MAGIC


def rewritten_by_auditwheel(path: Path, readelf_output: str) -> bool:
    """A library grafted into a wheel's ``<name>.libs`` folder, or a module whose run path leads there."""
    if any(part.endswith(".libs") for part in path.parts):
        return True
    return any(("(RPATH)" in line or "(RUNPATH)" in line) and ".libs" in line
               for line in readelf_output.splitlines())  # fmt: skip


def strippable(folder: Path) -> list[Path]:
    """The ELF files of ``folder`` with debug sections that may be stripped (symbolic links and
    auditwheel's libraries left out)."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not path.is_file() or not _is_elf(path):
            continue
        output = _readelf(path)
        if " .debug_info " in output and not rewritten_by_auditwheel(path, output):
            found.append(path)
    return found


def strip_debug_info(folder: Path) -> tuple[int, int]:
    """Strip the debug sections of ``folder``'s libraries (Linux); (files stripped, bytes saved).
    A file ``strip`` warns about is put back as it was."""
    if not sys.platform.startswith("linux"):
        return 0, 0
    if not (shutil.which("strip") and shutil.which("readelf")):
        raise SystemExit("strip and readelf (binutils) are needed to build the Linux bundle: apt-get install binutils")
    count = saved = 0
    for path in strippable(folder):
        before = path.stat().st_size
        backup = path.with_name(path.name + ".unstripped")
        shutil.copy2(path, backup)
        done = subprocess.run(["strip", "--strip-debug", "--preserve-dates", str(path)],
                              capture_output=True, text=True, check=False)  # fmt: skip
        if done.returncode != 0 or done.stderr.strip():
            backup.replace(path)
            print(f"bundle_trim: {path.name} left as it was: {done.stderr.strip()}", file=sys.stderr)
            continue
        backup.unlink()
        count += 1
        saved += before - path.stat().st_size
    return count, saved

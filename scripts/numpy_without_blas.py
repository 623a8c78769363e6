"""numpy for the Linux bundle, built without BLAS: the same pinned version, 28 MB lighter.

numpy's Linux wheels carry OpenBLAS (25 MB, built for every x86 CPU generation) with gfortran
and quadmath (3 MB); ``_multiarray_umath`` links it, so the bundle cannot leave it out. lawdesk's
numpy work is matplotlib drawing a few bar and line charts: no matrix products worth a BLAS.
numpy supports building without one (``-Dallow-noblas=true -Dblas=none -Dlapack=none``: its own
loops for ``dot``/``matmul`` and its bundled LAPACK-lite for ``numpy.linalg``), and
``-Dcpu-dispatch=none`` leaves out the extra copies of its loops for newer CPUs (the
x86-64-v2 baseline remains, as on any PC that runs Windows 10/11 or a current UOS/Kylin).

``build.spec`` puts this numpy first on the path of the analysis (the development venv keeps
the wheel from PyPI). It is built once per numpy version from PyPI's source archive and kept
as a wheel in ``.build-cache/`` of the repository (keep that folder between CI runs): the first
build takes about 5 CPU-minutes (3–5 minutes on two idle cores) and needs a C/C++ compiler,
every later one a few seconds. Windows is left alone: its
numpy wheel's OpenBLAS is 19 MB and building numpy there needs Visual Studio's compiler.
"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / ".build-cache"
SETUP_ARGS = ("-Dallow-noblas=true", "-Dblas=none", "-Dlapack=none", "-Dcpu-dispatch=none")
CHECK = ("import sys; sys.path.insert(0, sys.argv[1]); import numpy; "
         "deps = numpy.show_config(mode='dicts')['Build Dependencies']; "
         "assert deps['blas']['name'] == 'none', deps; print(numpy.__version__)")  # fmt: skip


CONSTRAINTS = REPO / "scripts" / "numpy-build-constraints.txt"


def _pip(*args: str) -> None:
    # PIP_CONSTRAINT also reaches the isolated environment pip makes to build numpy: its build
    # tools (meson-python, meson, Cython, ninja) are pinned there, not whatever is newest that day.
    env = {**os.environ, "PIP_CONSTRAINT": str(CONSTRAINTS)}
    subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args], check=True, env=env)


def _wheel(version: str) -> Path:
    """The no-BLAS wheel of ``version``, built into the cache unless it is there already."""
    wheels = CACHE / "wheels"
    found = sorted(wheels.glob(f"numpy-{version}-*.whl"))
    if found:
        return found[-1]
    if not (shutil.which("cc") and shutil.which("c++")):
        raise SystemExit("numpy_without_blas: building numpy needs a C and C++ compiler: apt-get install build-essential")
    print(f"numpy_without_blas: building numpy {version} without BLAS (once per version, about 5 CPU-minutes)…",
          flush=True)  # fmt: skip
    wheels.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=wheels) as tmp:
        _pip("wheel", "--no-deps", "--no-cache-dir", "--no-binary", "numpy", f"numpy=={version}", "-w", tmp,
             *(f"--config-settings=setup-args={arg}" for arg in SETUP_ARGS))  # fmt: skip
        (built,) = Path(tmp).glob("numpy-*.whl")
        return Path(shutil.move(str(built), wheels / built.name))


def prepared() -> Path | None:
    """The folder holding numpy (the version of the running interpreter's) built without BLAS,
    to put first on the analysis path; ``None`` where the installed numpy is used (Windows, macOS)."""
    if not sys.platform.startswith("linux"):
        return None
    version = importlib.metadata.version("numpy")
    target = CACHE / f"numpy-{version}-noblas"
    if not (target / "numpy" / "__init__.py").is_file():
        wheel = _wheel(version)
        with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
            _pip("install", "--quiet", "--no-deps", "--target", tmp, str(wheel))
            shutil.rmtree(target, ignore_errors=True)
            Path(tmp).rename(target)
            Path(tmp).mkdir()  # for TemporaryDirectory's clean-up
    done = subprocess.run([sys.executable, "-c", CHECK, str(target)], capture_output=True, text=True, check=False)
    if done.returncode != 0 or done.stdout.strip() != version:
        raise SystemExit(f"numpy_without_blas: {target} is not numpy {version} without BLAS:\n{done.stderr[-2000:]}")
    return target

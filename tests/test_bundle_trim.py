"""What build.spec leaves out of the bundle beyond modules (scripts/bundle_trim.py): matplotlib's
data files, and the debug sections of libraries — never of those auditwheel rewrote."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import kiwisolver
import PIL
import pytest

from scripts import bundle_trim

pytestmark = pytest.mark.sqlite_only


def test_only_the_matplotlib_data_lawdesk_opens_is_kept() -> None:
    kept = [d for d in ("matplotlib/mpl-data/matplotlibrc", "matplotlib/mpl-data/fonts/ttf/LastResortHE-Regular.ttf",
                        "matplotlib\\mpl-data\\fonts\\ttf\\DejaVuSans.ttf") if bundle_trim.keep_datum(d)]
    assert len(kept) == 3
    for left_out in ("matplotlib/mpl-data/sample_data/goes4.npy", "matplotlib/mpl-data/images/home.png",
                     "matplotlib/mpl-data/fonts/ttf/STIXGeneral.ttf", "matplotlib/mpl-data/stylelib/ggplot.mplstyle"):
        assert not bundle_trim.keep_datum(left_out)
    assert bundle_trim.keep_datum("ttkbootstrap/assets/elements/manifest.json")


def _extension(module: object, name: str) -> Path:
    folder = Path(module.__file__).parent  # type: ignore[attr-defined]
    found = sorted(folder.glob(f"{name}.*.so"))
    if not found:
        pytest.skip(f"no {name} extension module here")
    return found[0]


@pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("readelf") or not shutil.which("strip"),
                    reason="ELF libraries and binutils (Linux)")
def test_debug_sections_are_stripped_except_from_what_auditwheel_rewrote(tmp_path: Path) -> None:
    """kiwisolver's module (with debug sections, untouched by auditwheel) is stripped and still
    loads; Pillow's (its run path set by auditwheel's patchelf) and anything in a ``*.libs``
    folder are left as they are (strip can corrupt a patchelf'ed file)."""
    plain = _extension(kiwisolver, "_cext")
    patched = _extension(PIL, "_imaging")
    if " .debug_info " not in bundle_trim._readelf(plain):
        pytest.skip("this kiwisolver build has no debug sections")
    bundle = tmp_path / "_internal"
    (bundle / "kiwisolver").mkdir(parents=True)
    (bundle / "PIL").mkdir()
    (bundle / "some.libs").mkdir()
    shutil.copy2(plain, bundle / "kiwisolver" / plain.name)
    shutil.copy2(patched, bundle / "PIL" / patched.name)
    shutil.copy2(plain, bundle / "some.libs" / "libplain.so")
    (bundle / "kiwisolver" / "link.so").symlink_to(bundle / "kiwisolver" / plain.name)
    (bundle / "notes.txt").write_text("not a library", encoding="utf-8")

    assert bundle_trim.strippable(bundle) == [bundle / "kiwisolver" / plain.name]
    count, saved = bundle_trim.strip_debug_info(bundle)
    assert count == 1 and saved > 0
    stripped = bundle / "kiwisolver" / plain.name
    assert stripped.stat().st_size == plain.stat().st_size - saved
    assert (bundle / "PIL" / patched.name).read_bytes() == patched.read_bytes()
    assert (bundle / "some.libs" / "libplain.so").read_bytes() == plain.read_bytes()
    assert not list(bundle.rglob("*.unstripped"))
    spec = importlib.util.spec_from_file_location("kiwisolver._cext", stripped)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # the stripped module still loads and works
    solver, x = module.Solver(), module.Variable("x")
    solver.addConstraint(x == 3)
    solver.updateVariables()
    assert x.value() == 3

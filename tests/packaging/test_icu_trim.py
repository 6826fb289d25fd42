"""scripts/icu_trim.py (build.spec's ICU trimming) on the PySide6 wheel's real ICU data:
the package rewrite is byte-exact, the trimmed package keeps what the register's languages
need, and ICU's own `icupkg` (Debian: icu-devtools) reads it back item for item."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import icu_trim  # noqa: E402

LANGUAGES = ("en", "it", "fr", "sv", "et")

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="ICU is bundled (and trimmed) on Linux only")


@pytest.fixture(scope="module")
def icudata() -> Path:
    import PySide6

    found = sorted(p for p in (Path(PySide6.__file__).parent / "Qt" / "lib").glob(
        "libicudata.so.*") if not p.is_symlink())
    assert found, "PySide6's wheel carries libicudata on Linux"
    return found[0]


def test_the_package_rewrite_is_byte_exact(icudata: Path) -> None:
    _sym, blob = icu_trim.elf_symbol(icudata, r"icudt\d+_dat")
    header, entries = icu_trim.items(blob)
    assert len(entries) > 1000 and len(blob) > 25e6
    assert icu_trim.package(header, entries) == blob
    # And so is a package of any subset read back.
    subset = [e for i, e in enumerate(entries) if i % 3 == 0]
    assert icu_trim.items(icu_trim.package(header, subset)) == (header, subset)


def test_the_trimmed_package_keeps_the_register_languages_only(icudata: Path) -> None:
    _sym, data = icu_trim.trimmed_package(icudata, LANGUAGES)
    _header, entries = icu_trim.items(data)
    names = {name.split("/", 1)[1] for name, _ in entries}
    assert len(data) < 7e6
    for kept in ("root.res", "it.res", "fr_CA.res", "sv.res", "et.res", "coll/sv.res",
                 "zone/et.res", "ibm-5348_P100-1997.cnv", "cnvalias.icu"):
        assert kept in names, kept
    for dropped in ("de.res", "ja.res", "coll/zh.res", "zone/de.res", "brkitr/root.res",
                    "ibm-943_P15A-2003.cnv"):  # Shift_JIS: a multi-byte table
        assert dropped not in names, dropped


def test_icupkg_reads_the_trimmed_package(icudata: Path, tmp_path: Path) -> None:
    icupkg = shutil.which("icupkg")
    if icupkg is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have icupkg (apt-get install icu-devtools; .ci/run does)")
        pytest.skip("needs icupkg (apt-get install icu-devtools)")
    _sym, data = icu_trim.trimmed_package(icudata, LANGUAGES)
    entries = icu_trim.items(data)[1]
    tree = entries[0][0].split("/", 1)[0]  # icudt73l: icupkg wants it as the file's name
    package = tmp_path / f"{tree}.dat"
    package.write_bytes(data)
    listed = subprocess.run([icupkg, "-l", str(package)], capture_output=True, text=True,
                            check=True).stdout.split()
    assert listed == [name.split("/", 1)[1] for name, _ in entries]
    # icupkg extracts an item as it was in ICU's full data.
    out = tmp_path / "out"
    out.mkdir()
    subprocess.run([icupkg, "-x", "sv.res", "-d", str(out), str(package)], check=True,
                   capture_output=True)
    _sym, blob = icu_trim.elf_symbol(icudata, r"icudt\d+_dat")
    full = dict(icu_trim.items(blob)[1])[f"{tree}/sv.res"]
    extracted = (out / "sv.res").read_bytes()
    assert extracted and full.startswith(extracted) and not full[len(extracted):].strip(b"\xaa")

"""ICU's data package, trimmed to the register's languages (used by build.spec).

PySide6's libQt6Core links ICU, whose libicudata.so holds all of CLDR (32 MB). The data
sits in the library as one symbol (`icudtNN_dat`) holding ICU's "common data" package:
a header, a table of contents and the items. This splits the package into its items,
keeps those QtCore can reach for the given languages (`keep`) and writes the package
again byte-for-byte as ICU's own icupkg/pkgdata do (`package(*items(blob)) == blob`
holds for ICU's real data: tests/packaging/test_icu_trim.py, which also has Debian's
`icupkg` read the trimmed package back). Pure Python: no ICU tools at build time; binutils'
`as` and `ld` wrap the result into a shared library again.
"""

from __future__ import annotations

import re
import struct
import subprocess
from collections.abc import Iterable
from pathlib import Path

_LOCALE = re.compile(r"^([a-z]{2,3})(?:_[A-Za-z0-9]*)*\.res$")  # af.res, de__PHONEBOOK.res


def elf_symbol(path: str | Path, pattern: str) -> tuple[str, bytes]:
    """(name, bytes) of the dynamic data symbol matching pattern in a little-endian ELF64."""
    b = Path(path).read_bytes()
    if b[:4] != b"\x7fELF" or b[4:6] != b"\x02\x01":
        raise ValueError("not a little-endian ELF64 file")
    (shoff,) = struct.unpack_from("<Q", b, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", b, 0x3A)
    secs = [struct.unpack_from("<IIQQQQIIQQ", b, shoff + i * shentsize) for i in range(shnum)]
    for _, typ, _, _, off, size, link, _, _, entsize in secs:
        if typ != 11:  # SHT_DYNSYM
            continue
        strtab = secs[link][4]
        for i in range(size // entsize):
            name, _, _, shndx, value, length = struct.unpack_from("<IBBHQQ", b, off + i * entsize)
            sym = b[strtab + name: b.index(b"\0", strtab + name)].decode()
            if shndx and re.fullmatch(pattern, sym):
                sec = secs[shndx]
                start = value - sec[3] + sec[4]
                return sym, b[start: start + length]
    raise LookupError(pattern)


def items(blob: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """Split an ICU common data package into its header and (name, bytes) items."""
    hsize, magic = struct.unpack_from("<H2s", blob, 0)
    if magic != b"\xda\x27" or blob[12:16] != b"CmnD" or blob[8] != 0:
        raise ValueError("not a little-endian ICU common data package")
    (count,) = struct.unpack_from("<I", blob, hsize)
    toc = [struct.unpack_from("<II", blob, hsize + 4 + 8 * i) for i in range(count)]
    starts = sorted(hsize + d for _, d in toc) + [len(blob)]
    end = dict(zip(starts, starts[1:], strict=False))
    return blob[:hsize], [
        (blob[hsize + n: blob.index(b"\0", hsize + n)].decode("ascii"),
         blob[hsize + d: end[hsize + d]]) for n, d in toc]


def package(header: bytes, entries: Iterable[tuple[str, bytes]]) -> bytes:
    """The inverse of items(): TOC in the order given, items 16-byte aligned, 0xaa padding."""
    entries = list(entries)
    names = b"".join(n.encode("ascii") + b"\0" for n, _ in entries)
    toc_len = 4 + 8 * len(entries)
    pos = -(-(len(header) + toc_len + len(names)) // 16) * 16
    toc, body, name_at = [], [], toc_len
    for name, data in entries:
        toc.append(struct.pack("<II", name_at, pos - len(header)))
        name_at += len(name) + 1
        body.append(data + b"\xaa" * (-len(data) % 16))
        pos += len(body[-1])
    head = header + struct.pack("<I", len(entries)) + b"".join(toc) + names
    return head + b"\xaa" * (-len(head) % 16) + b"".join(body)


def keep(name: str, data: bytes, languages: Iterable[str]) -> bool:
    """Whether QtCore may need this item for `languages` (see build.spec, "ICU data")."""
    tree, _, leaf = name.split("/", 1)[1].rpartition("/")
    if tree in ("brkitr", "translit"):
        return False
    locale = _LOCALE.match(leaf)
    if locale and locale.group(1) not in tuple(languages):
        return False
    if leaf.endswith(".cnv"):  # UConverterStaticData.maxBytesPerChar, after the data header
        return data[struct.unpack_from("<H", data, 0)[0] + 71] == 1
    return True


def trimmed_package(src: str | Path, languages: Iterable[str]) -> tuple[str, bytes]:
    """(symbol name, trimmed package) from the libicudata.so at `src`."""
    languages = tuple(languages)
    sym, blob = elf_symbol(src, r"icudt\d+_dat")
    header, entries = items(blob)
    if package(header, entries) != blob:
        raise ValueError("ICU package layout not understood")
    return sym, package(header, [(n, d) for n, d in entries if keep(n, d, languages)])


def trimmed_icudata(src: str | Path, soname: str, workdir: Path,
                    languages: Iterable[str]) -> str:
    """A libicudata.so named `soname` in `workdir` holding only the kept items."""
    out = workdir / "icudata"
    out.mkdir(parents=True, exist_ok=True)
    sym, data = trimmed_package(src, languages)
    (out / "icudata.dat").write_bytes(data)
    (out / "icudata.s").write_text(
        f"\t.section .rodata\n\t.globl {sym}\n\t.type {sym}, STT_OBJECT\n\t.balign 16\n"
        f"{sym}:\n\t.incbin \"icudata.dat\"\n\t.size {sym}, . - {sym}\n"
        "\t.section .note.GNU-stack,\"\",%progbits\n", encoding="ascii")
    subprocess.run(["as", "-o", "icudata.o", "icudata.s"], cwd=out, check=True)
    subprocess.run(["ld", "-shared", "-soname", soname, "-z", "noexecstack", "-o", soname,
                    "icudata.o"], cwd=out, check=True)
    return str(out / soname)

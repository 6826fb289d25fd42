"""Refresh pos_desktop/resources/translations/*.ts from the code, keeping translations.

    python scripts/update_translations.py            # update the .ts files
    python scripts/update_translations.py --fill F   # also take translations from a TSV
                                                     # (source<TAB>it<TAB>fr<TAB>sv<TAB>et;
                                                     # plural forms: "one || other")
    python scripts/update_translations.py --release  # compile .qm next to them (lrelease)

Entries come from three places: pyside6-lupdate over pos_desktop/ui/*.py (module-level
``tr("...")`` calls land in the "POS" context, as text.tr() uses at run time), the label
tables in pos_desktop/ui/text.py (passed to tr() by variable), and the domain's English
messages (context "domain", see scripts/domain_messages.py). A string with no
translation yet is written as type="unfinished"; the tests refuse any. Counts use Qt's
plural forms (`tr("%n customer(s)", "", n)`): their entries are numerus="yes" with one
form per plural form of the language; pos_desktop_en.ts holds only those, in English.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI = ROOT / "pos_desktop" / "ui"
FOLDER = ROOT / "pos_desktop" / "resources" / "translations"
LANGUAGES = ("it", "fr", "sv", "et")
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from domain_messages import domain_messages  # noqa: E402


def _tool(name: str) -> str:
    here = Path(sys.executable).parent / name
    return str(here) if here.exists() else (shutil.which(name) or name)


# Plural forms per language (Qt's numerus forms, in the order Qt's rules give them):
# one / other in each of them (French: 0 and 1 are singular, Qt knows it).
PLURAL_FORMS = {"en": 2, "it": 2, "fr": 2, "sv": 2, "et": 2}
NUMERUS: set[tuple[str, str]] = set()  # (context, source) of the %n entries (lupdate's)


def english_forms(source: str) -> list[str]:
    """English plural forms of a `%n` source: "(s)" dropped, then spelled out."""
    return [source.replace("(s)", ""), source.replace("(s)", "s")]


def source_entries() -> dict[str, list[str]]:
    """{context: [source, ...]} of every string the current code shows (the `%n` ones
    are also noted in NUMERUS)."""
    entries: dict[str, dict[str, None]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "all.ts"
        subprocess.run([_tool("pyside6-lupdate"), *sorted(str(p) for p in UI.glob("*.py")),
                        "-ts", str(out)], check=True, capture_output=True)
        for context in ET.parse(out).getroot().iter("context"):
            name = context.findtext("name") or "POS"
            for message in context.iter("message"):
                source = message.findtext("source") or ""
                entries.setdefault(name, {})[source] = None
                if message.get("numerus") == "yes" or "%n" in source:
                    NUMERUS.add((name, source))
    from pos_desktop.ui.text import ADDRESS_LABELS, FIELD_LABELS

    for label in [*FIELD_LABELS.values(), *ADDRESS_LABELS.values()]:
        entries.setdefault("POS", {})[label] = None
    for message in domain_messages():
        entries.setdefault("domain", {})[message] = None
    return {name: list(sources) for name, sources in sorted(entries.items())}


def read_ts(path: Path) -> dict[tuple[str, str], str]:
    """{(context, source): translation} of the finished entries in a .ts file."""
    done: dict[tuple[str, str], str] = {}
    if not path.exists():
        return done
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            tr = message.find("translation")
            forms = [f.text or "" for f in tr.iter("numerusform")] if tr is not None else []
            if tr is not None and tr.get("type") is None and forms and all(forms):
                done[(name, message.findtext("source") or "")] = "\x1f".join(forms)
            elif tr is not None and tr.get("type") is None and tr.text and tr.text.strip():
                done[(name, message.findtext("source") or "")] = tr.text
    return done


def write_ts(path: Path, language: str, entries: dict[str, list[str]],
             translations: dict[tuple[str, str], str], fill: dict[str, str]) -> int:
    root = ET.Element("TS", version="2.1", language=language)
    missing = 0
    for name, sources in entries.items():
        if language == "en" and not any((name, s) in NUMERUS for s in sources):
            continue
        context = ET.SubElement(root, "context")
        ET.SubElement(context, "name").text = name
        for source in sources:
            if language == "en" and (name, source) not in NUMERUS:
                continue  # English is the source: only its plural forms are needed
            message = ET.SubElement(context, "message")
            ET.SubElement(message, "source").text = source
            text = translations.get((name, source)) or fill.get(source)
            tr = ET.SubElement(message, "translation")
            if (name, source) in NUMERUS:
                message.set("numerus", "yes")
                forms = (english_forms(source) if language == "en"
                         else (text or "").split("\x1f") if text else [])
                if len(forms) != PLURAL_FORMS[language]:
                    forms = [""] * PLURAL_FORMS[language]
                    tr.set("type", "unfinished")
                    missing += 1
                for form in forms:
                    ET.SubElement(tr, "numerusform").text = form
            elif text:
                tr.text = text
            else:
                tr.set("type", "unfinished")
                missing += 1
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n",
                    encoding="utf-8")
    return missing


def read_fill(path: Path | None) -> dict[str, dict[str, str]]:
    fill: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    if path is None:
        return fill
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        source, *texts = [part.replace("\\t", "\t") for part in line.split("\t")]
        for lang, text in zip(LANGUAGES, texts, strict=False):
            if text.strip():  # plural forms: separated by " || "
                fill[lang][source] = "\x1f".join(f.strip(" ") for f in text.split(" || "))
    return fill


def release(folder: Path = FOLDER) -> list[Path]:
    """Compile every .ts in the folder into a .qm next to it."""
    done = []
    for ts in sorted(folder.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        subprocess.run([_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)],
                       check=True)
        done.append(qm)
    return done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fill", type=Path)
    parser.add_argument("--release", action="store_true")
    args = parser.parse_args()
    FOLDER.mkdir(parents=True, exist_ok=True)
    entries = source_entries()
    fill = read_fill(args.fill)
    for lang in ("en", *LANGUAGES):
        path = FOLDER / f"pos_desktop_{lang}.ts"
        missing = write_ts(path, lang, entries, read_ts(path), fill.get(lang, {}))
        print(f"{path.relative_to(ROOT)}: {sum(map(len, entries.values()))} entries, "
              f"{missing} unfinished")
    if args.release:
        release()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The .ts sources: complete, up to date with the code, placeholders intact, compilable."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from update_translations import (  # noqa: E402
    FOLDER,
    LANGUAGES,
    NUMERUS,
    PLURAL_FORMS,
    source_entries,
)

PLACEHOLDER = re.compile(r"\{[^{}]*\}")
TAGS = re.compile(r"</?[a-z]+>")
REQUIRED = {  # DESIGN.md section 4
    "it": "In attesa di sincronizzazione",
    "fr": "En attente de synchronisation",
    "sv": "Väntande synkronisering",
    "et": "Ootel sünkroonimist",
}


def messages(language: str) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(FOLDER / f"pos_desktop_{language}.ts").getroot()
    assert root.get("language") == language
    return [(c.findtext("name") or "", m.findtext("source") or "", m)
            for c in root.iter("context") for m in c.iter("message")]


@pytest.fixture(scope="module")
def current() -> dict[str, list[str]]:
    return source_entries()  # runs pyside6-lupdate over the UI code into a temp file


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_unfinished_or_empty_entry(language: str) -> None:
    text = (FOLDER / f"pos_desktop_{language}.ts").read_text(encoding="utf-8")
    assert "unfinished" not in text
    for context, source, message in messages(language):
        translation = message.find("translation")
        assert translation is not None, (context, source)
        assert translation.get("type") is None, (context, source)
        forms = [f.text or "" for f in translation.iter("numerusform")]
        if message.get("numerus") == "yes":  # one form per plural form of the language
            assert len(forms) == PLURAL_FORMS[language] and all(f.strip() for f in forms), (
                context, source, forms)
        else:
            assert (translation.text or "").strip(), (context, source)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_count_uses_plural_forms(language: str, current) -> None:
    """A source with %n is a numerus entry with its forms (and no count is written as
    "{n} ..." any more, which cannot agree with its number)."""
    numerus = {(c, s) for c, s, m in messages(language) if m.get("numerus") == "yes"}
    assert NUMERUS and numerus >= NUMERUS
    counted = [(c, s) for c, sources in current.items() for s in sources if "{n}" in s]
    assert not counted, f"use tr('%n ...', '', n): {counted}"
    english = {(c, s) for c, s, m in messages("en")}
    assert english == NUMERUS  # English ships its plural forms only


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_of_the_code_is_translated(language: str, current) -> None:
    have = {(context, source) for context, source, _ in messages(language)}
    want = {(context, source) for context, sources in current.items() for source in sources}
    missing = sorted(want - have)
    assert not missing, f"run scripts/update_translations.py and translate: {missing}"
    assert "domain" in current and len(current["domain"]) >= 20


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_tags_and_shortcuts_are_kept(language: str) -> None:
    for context, source, message in messages(language):
        forms = [f.text or "" for f in message.iter("numerusform")]
        text = "".join(forms) if forms else message.findtext("translation") or ""
        if forms:
            assert all("%n" in f for f in forms[1:]), (source, forms)  # the number shows
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), (
            context, source, text)
        assert sorted(TAGS.findall(text)) == sorted(TAGS.findall(source)), (source, text)
        assert source.count("\t") == text.count("\t"), (source, text)
        if "\t" in source:  # the menu shortcut after the tab stays the same key
            assert source.split("\t")[1] == text.split("\t")[1]


@pytest.mark.parametrize("language", LANGUAGES)
def test_required_retail_terms(language: str) -> None:
    found = {(c, s): m.findtext("translation") for c, s, m in messages(language)}
    assert found[("POS", "Pending sync")] == REQUIRED[language]
    for source in ("New customer", "Create customer", "Home", "Business", "Office",
                   "Post box", "HQ: Online", "HQ: Offline"):
        hits = [t for (_, s), t in found.items() if s == source]
        assert hits and all(t and t != source or language == "fr" and t == source
                            for t in hits), (source, hits)


def test_lrelease_compiles_every_language(tmp_path: Path) -> None:
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    for language in LANGUAGES:
        qm = tmp_path / f"{language}.qm"
        subprocess.run([str(lrelease), "-silent", str(FOLDER / f"pos_desktop_{language}.ts"),
                        "-qm", str(qm)], check=True)
        assert qm.stat().st_size > 1000

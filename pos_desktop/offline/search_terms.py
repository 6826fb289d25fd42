"""Search terms of a customer and the FTS5 query for what a cashier types.

Both sides go through the same folding (accents off, case folded, only letters and
digits kept), so "José", "jose" and "JOSÉ" meet, and quotes, `%`, `_` or emoji in the
query can never reach the SQL. Every typed word becomes one prefix term. Phone numbers are
indexed as their digits and as their reversed digits behind a marker, so the last digits
find a number too, and a national number typed with its trunk "0" finds the E.164 one.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from phonenumbers import COUNTRY_CODE_TO_REGION_CODE

REVERSED = "rv"  # marker of reversed phone digits ("rv8765" = ends in 5678)
MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 8
NUMBER_PUNCTUATION = " -()./+"


_ALNUM_ASCII = re.compile(r"[a-z0-9]+")
_ALNUM = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


def _find_words(text: str) -> list[str]:
    folded = fold(text)
    pattern = _ALNUM_ASCII if folded.isascii() else _ALNUM
    return pattern.findall(folded)


def words(text: str) -> list[str]:
    """Runs of letters and digits in the folded text."""
    return _find_words(text)


def compact(text: str) -> str:
    return "".join(_find_words(text))


@lru_cache(maxsize=131_072)
def _text_terms(text: str) -> tuple[str, ...]:
    parts = _find_words(text)
    if len(parts) > 1:
        parts.append("".join(parts))
    return tuple(parts)


def text_terms(text: str) -> tuple[str, ...]:
    """Each word, plus the whole run joined ("o'brien" -> o, brien, obrien).

    Cached: names, streets and cities repeat across a store's customers.
    """
    return _text_terms(text) if text else ()


_CALLING_CODES = frozenset(str(code) for code in COUNTRY_CODE_TO_REGION_CODE)

# Bump whenever the terms of a stored customer change (what `SearchDocument.terms` or
# `mapping.stored_terms` make of the same rows): the search index keeps no copy of the
# terms and deletes an entry with the terms generated again from the rows, so a store
# indexed with other terms is indexed again from its rows when opened
# (`OfflineStore.check_search_terms`). tests/offline/test_search_content.py pins the terms.
TERMS_VERSION = 1


def terms_fingerprint() -> str:
    """Everything the terms of a row depend on besides the rows: this code's version, the
    Unicode tables (folding, letters), the calling codes (phonenumbers) and SQLite (its
    tokenizer)."""
    codes = hashlib.sha256(",".join(sorted(_CALLING_CODES)).encode()).hexdigest()[:12]
    return f"{TERMS_VERSION}/{unicodedata.unidata_version}/{codes}/{sqlite3.sqlite_version}"


def _national_significant(digits: str) -> str:
    """E.164 digits without their country calling code (1-3 digits)."""
    for length in (1, 2, 3):
        if digits[:length] in _CALLING_CODES:
            return digits[length:]
    return ""


# ASCII text minus everything but its digits, in one C call (a first download has a
# million phone numbers or more).
_ASCII_DIGITS_ONLY = str.maketrans("", "", "".join(
    chr(i) for i in range(128) if not chr(i).isdigit()))  # fmt: skip


def phone_terms(phone: str) -> list[str]:
    """Digits, reversed digits, and the national number with and without a trunk 0."""
    if phone.isascii():
        digits = phone.translate(_ASCII_DIGITS_ONLY)
    else:
        digits = "".join(ch for ch in phone if ch.isdigit())
    if not digits:
        return []
    terms = [digits, REVERSED + digits[::-1]]
    if phone.lstrip().startswith("+"):
        national = _national_significant(digits)
        if national:
            terms.append(national)  # typed with a trunk "0", it is found without it
    return terms


@dataclass(frozen=True)
class SearchDocument:
    names: Iterable[str] = ()
    emails: Iterable[str] = ()
    phones: Iterable[str] = ()
    codes: Iterable[str] = ()  # account number, loyalty cards, ZIPs
    places: Iterable[str] = ()  # street, city

    def terms(self) -> str:
        out: list[str] = []
        extend = out.extend
        for name in self.names:
            if name:
                extend(_text_terms(name))
        # The record's own e-mail and phone are usually among its contacts too: once each.
        for email in dict.fromkeys(self.emails):
            if email:
                term = compact(email)
                if term:
                    out.append(term)
        for phone in dict.fromkeys(self.phones):
            if phone:
                extend(phone_terms(phone))
        for code in self.codes:
            if code:
                term = compact(code)
                if term:
                    out.append(term)
        for place in self.places:
            if place:
                extend(_text_terms(place))
        return " ".join(dict.fromkeys(out))  # every term non-empty, first place kept


# The longest prefix index of `customer_search` (migration 0009: prefix='1 2 ... 8'). A
# longer typed word has no prefix index: FTS5 gathers every term starting with it first
# (every e-mail address starting with "valentina", say), which costs more, the more terms.
LONGEST_PREFIX = 8


@dataclass(frozen=True)
class SearchQuery:
    """Prefix terms of a typed query. `short` words (one character) count as words too;
    a query of short words alone finds nothing."""

    terms: tuple[str, ...]
    short: tuple[str, ...]
    is_number: bool

    @property
    def empty(self) -> bool:
        return not self.terms

    @property
    def words(self) -> tuple[str, ...]:
        return (*self.terms, *self.short)

    @property
    def has_long_words(self) -> bool:
        """Some word is longer than the longest prefix index (see `fts_all`)."""
        return not self.is_number and any(len(t) > LONGEST_PREFIX for t in self.terms)

    def fts_all(self, *, whole_long_words: bool = False) -> str:
        """Every word. `whole_long_words`: a word longer than the longest prefix index
        matches that very term only (a streamed lookup: "valentina" finds the customers
        called Valentina without first gathering every term that starts with it)."""
        return " AND ".join(self.fts_word(t, whole_long_words) for t in self.words)

    def fts_any(self) -> str:
        """Some word, a long one as a whole term (the partial matches of a search)."""
        return " OR ".join(self.fts_word(t, True) for t in self.words)

    def fts_word(self, term: str, whole_long_words: bool) -> str:
        if whole_long_words and len(term) > LONGEST_PREFIX and not self.is_number:
            return f'"{term}"'
        return fts_word(term, self.is_number)


def fts_word(term: str, is_number: bool) -> str:
    """The FTS5 query of one typed word: some term of the customer starts with it."""
    if not is_number:
        return f'"{term}"*'
    options = [f'"{term}"*', f'"{REVERSED}{term[::-1]}"*']
    if term.startswith("0") and len(term) > 3:  # national trunk prefix, absent in E.164
        options.append(f'"{term[1:]}"*')
        options.append(f'"{REVERSED}{term[:0:-1]}"*')
    return "(" + " OR ".join(options) + ")"


def parse_query(text: str) -> SearchQuery:
    text = (text or "").strip()[:MAX_QUERY_CHARS]
    stripped = text
    for ch in NUMBER_PUNCTUATION:
        stripped = stripped.replace(ch, "")
    if stripped.isdigit() and stripped.isascii():
        if len(stripped) < 2:
            return SearchQuery((), (), True)
        return SearchQuery((stripped,), (), True)
    raw_words = [compact(w) for w in text.split()][: MAX_QUERY_WORDS * 2]
    raw_words = [w for w in raw_words if w]
    long_words = tuple(dict.fromkeys(w for w in raw_words if len(w) >= 2))[:MAX_QUERY_WORDS]
    short = tuple(dict.fromkeys(w for w in raw_words if len(w) == 1))
    return SearchQuery(long_words, short if long_words else (), False)

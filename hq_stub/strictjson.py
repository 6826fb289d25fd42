"""Strict JSON for everything HQ stores or serves.

Terminals read HQ's answers with orjson, which (rightly) refuses what Python's ``json``
module writes by default: ``NaN``/``Infinity``, numbers that overflow a double
(``1e400``, a 400-digit integer) and lone UTF-16 surrogates (``"\\ud800"``). One such
value in one stored customer used to make a whole feed page unparseable. So:

* :func:`dumps` is the only way HQ serialises a document it stores. It refuses
  non-finite numbers (``allow_nan=False``) and checks the text with orjson, so nothing
  a terminal cannot read is ever written. It runs *before* the transaction commits.
* :func:`loads` is the strict reader (orjson): a stored text that fails it is damaged
  (written by an older HQ or planted in the database) and is never served as it is.
* :func:`sanitize` makes a safe, bounded copy of untrusted input for storing alongside
  a rejection (strings with lone surrogates repaired, non-finite numbers dropped, depth
  and size bounded), so an administrator can still see what was sent.
"""

from __future__ import annotations

import json
import math
from typing import Any

import orjson

MAX_SAFE_INT = 2**53
MAX_DEPTH = 32
MAX_ITEMS = 1000


class NotStrictJSON(ValueError):
    """The value cannot be written as strict JSON a terminal can read."""


def dumps(value: Any) -> str:
    """Compact JSON text that orjson (any strict reader) parses back; else NotStrictJSON."""
    try:
        text = json.dumps(value, separators=(",", ":"), allow_nan=False)
    except (ValueError, TypeError, RecursionError) as exc:
        raise NotStrictJSON(f"not serialisable as strict JSON ({type(exc).__name__})") \
            from None
    try:
        orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise NotStrictJSON(f"not strict JSON: {exc}") from None
    return text


def loads(text: str | bytes) -> Any:
    """Strict reader (orjson). Raises NotStrictJSON for damaged text."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise NotStrictJSON(str(exc)) from None


def is_strict(text: str | bytes) -> bool:
    try:
        orjson.loads(text)
    except orjson.JSONDecodeError:
        return False
    return True


def clean_text(value: str) -> str:
    """The string with lone surrogates replaced by U+FFFD."""
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def sanitize(value: Any, depth: int = 0) -> Any:
    """A strict-JSON-safe, bounded copy of untrusted input (for display, never trusted)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return clean_text(value[:10_000])
    if isinstance(value, int):
        return value if abs(value) <= MAX_SAFE_INT else None
    if isinstance(value, float):
        return value if math.isfinite(value) and abs(value) <= MAX_SAFE_INT else None
    if depth >= MAX_DEPTH:
        return None
    if isinstance(value, dict):
        return {clean_text(str(k)[:200]): sanitize(v, depth + 1)
                for k, v in list(value.items())[:MAX_ITEMS]}
    if isinstance(value, list | tuple):
        return [sanitize(v, depth + 1) for v in list(value)[:MAX_ITEMS]]
    return None


def lenient_loads(text: str) -> Any:
    """Best-effort read of a damaged stored text (for admin display): Python's reader
    (accepts NaN/Infinity), then :func:`sanitize`; None when even that fails."""
    try:
        return sanitize(json.loads(text))
    except (ValueError, RecursionError):
        return None

"""Read a change-feed page, salvaging every good record of a page that is not strict JSON.

HQ answers in strict JSON, read with orjson (fast: a first download is about a gigabyte).
When that fails, one record is usually to blame (a bare ``NaN``, ``1e400``, an invalid
escape): the page is read again leniently (the standard library accepts NaN and
Infinity) and, if that fails too, record by record, splitting the ``changes`` array on
its top-level commas. Records that still cannot be read come back as `unreadable`
(raw text and reason) for the quarantine; the page's ``next`` cursor moves past them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import orjson

RAW_LIMIT = 65_536  # characters of an unreadable record kept for the quarantine
_CHANGES = re.compile(r'\{\s*"changes"\s*:\s*\[')


class FeedPageUnreadable(ValueError):
    """Not even the page's frame (changes, next, has_more) can be read."""


@dataclass
class FeedPage:
    changes: list[Any]
    next: Any = None
    has_more: bool = False
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (raw text, reason)

    def as_dict(self) -> dict[str, Any]:
        return {"changes": self.changes, "next": self.next, "has_more": self.has_more,
                "unreadable": self.unreadable}  # fmt: skip


def parse_feed_page(content: bytes) -> dict[str, Any]:
    """The page as a dict: changes, next, has_more and (if any) unreadable records."""
    try:
        body = orjson.loads(content)
    except orjson.JSONDecodeError:
        pass
    else:
        if isinstance(body, dict):
            return body
        raise FeedPageUnreadable("the answer is not a feed page")
    # Invalid UTF-8 bytes become lone surrogates: the record check refuses them alone.
    text = content.decode("utf-8", errors="surrogateescape")
    try:
        body = json.loads(text)
    except (ValueError, RecursionError):
        return _split(text).as_dict()
    if not isinstance(body, dict):
        raise FeedPageUnreadable("the answer is not a feed page")
    return body


def _element_end(text: str, start: int) -> int:
    """Index of the comma or bracket that ends the array element starting at `start`."""
    depth = 0
    i = start
    n = len(text)
    in_string = False
    while i < n:
        ch = text[i]
        if in_string:
            if ch == "\\":
                i += 2
                continue
            if ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            if depth == 0:
                return i
            depth -= 1
        elif ch == "," and depth == 0:
            return i
        i += 1
    raise FeedPageUnreadable("the changes list does not end")


def _split(text: str) -> FeedPage:
    match = _CHANGES.match(text.lstrip())
    if match is None:
        raise FeedPageUnreadable("the answer is not a feed page")
    offset = len(text) - len(text.lstrip())
    pos = offset + match.end()
    changes: list[Any] = []
    unreadable: list[tuple[str, str]] = []
    while True:
        while pos < len(text) and text[pos] in " \t\r\n":
            pos += 1
        if pos < len(text) and text[pos] == "]":
            break
        end = _element_end(text, pos)
        element = text[pos:end]
        try:
            changes.append(json.loads(element))
        except (ValueError, RecursionError) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else type(exc).__name__
            unreadable.append((element[:RAW_LIMIT], f"not readable as JSON ({reason})"))
        pos = end + 1
        if text[end] == "]":
            pos = end
            break
    try:
        frame = json.loads('{"changes":[]' + text[pos + 1 :])
    except ValueError as exc:
        raise FeedPageUnreadable("the page's cursor cannot be read") from exc
    if not isinstance(frame, dict):
        raise FeedPageUnreadable("the answer is not a feed page")
    return FeedPage(changes, frame.get("next"), bool(frame.get("has_more")), unreadable)

"""Logging to a rotating file in the per-user log dir. No tokens, no personal data at INFO.

Both the register (`pos_desktop.launch.run_gui`) and every CLI command call
`setup_logging`; the file is ``<user log dir>/pos-desktop.log`` (``POS_DESKTOP_LOG_DIR``
overrides the folder), rotated at 2 MB with 5 old files kept.

Log calls must not carry customer names, e-mails, phone numbers or tokens. As a second
line of defence, `RedactFilter` masks e-mail addresses, bearer/device tokens and E.164
phone numbers in every record that reaches the file, and `RedactingFormatter` writes
tracebacks without the data an exception may carry: each exception's text is masked
(quoted values, long digit runs, e-mails, tokens), and the frames show code, never
values. The log folder is 0700 and the files 0600 on POSIX.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import sqlite3
import traceback
from io import TextIOWrapper
from pathlib import Path
from typing import Any, cast

from pos_desktop.paths import log_dir, make_private_dir, make_private_file

LOG_FILENAME = "pos-desktop.log"
MAX_BYTES = 2_000_000
BACKUP_COUNT = 5

_REDACTIONS = [
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), "<email>"),
    (re.compile(r"(?i)\b(bearer|token|device_token|authorization)([\"']?\s*[:=]?\s*)[\w.~+/=-]{8,}"),
     r"\1\2<redacted>"),
    (re.compile(r"\+\d{7,15}\b"), "<phone>"),  # E.164, as stored
]


# Exception texts may quote the data that failed (a driver's parameters, a value that
# did not parse, an answer that echoed a record): mask every quoted value and number run.
_EXCEPTION_REDACTIONS = [
    (re.compile(r"'(?:[^'\\\n]|\\.)*'"), "'<…>'"),
    (re.compile(r'"(?:[^"\\\n]|\\.)*"'), '"<…>"'),
    (re.compile(r"\d[\d ()./-]{4,}\d"), "<number>"),
]
MAX_EXCEPTION_TEXT = 500


def redact(text: str) -> str:
    for pattern, replacement in _REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


def redact_exception_text(text: str) -> str:
    """An exception's message as the log may keep it: no quoted values, no long numbers."""
    text = redact(text)
    for pattern, replacement in _EXCEPTION_REDACTIONS:
        text = pattern.sub(replacement, text)
    if len(text) > MAX_EXCEPTION_TEXT:
        text = text[:MAX_EXCEPTION_TEXT] + "…"
    return text


def format_exception_safely(exc: BaseException) -> str:
    """A traceback with code locations only: frames, exception types, masked messages."""
    chain: list[BaseException] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        cause = current.__cause__
        if cause is None and not current.__suppress_context__:
            cause = current.__context__
        current = cause
    parts: list[str] = []
    for index, item in enumerate(reversed(chain)):
        if index:
            parts.append("\nDuring handling of the above exception, another one followed:\n\n")
        if item.__traceback__ is not None:
            parts.append("Traceback (most recent call last):\n")
            parts.extend(traceback.format_tb(item.__traceback__))
        kind = type(item)
        name = kind.__qualname__ if kind.__module__ == "builtins" else (
            f"{kind.__module__}.{kind.__qualname__}")
        message = redact_exception_text(_exception_message(item))
        parts.append(f"{name}: {message}\n" if message else f"{name}\n")
    return "".join(parts).rstrip("\n")


# Exceptions whose text names code, types, paths or SQLite's own conditions, not the
# values being processed; any other exception's text is left out of the log (its type,
# where it was raised and, for the domain's and HQ's errors, their stable codes stay).
_TEXT_KEPT = (AttributeError, TypeError, NameError, ImportError, NotImplementedError,
              RecursionError, MemoryError, TimeoutError, OSError, sqlite3.Error)


def _exception_message(exc: BaseException) -> str:
    try:
        return _describe(exc)
    except Exception:  # noqa: BLE001 - a broken __str__ must not break logging
        return "<message not printable>"


def _describe(exc: BaseException) -> str:
    statement = getattr(exc, "statement", None)
    orig = getattr(exc, "orig", None)
    if isinstance(orig, BaseException):
        # SQLAlchemy's DBAPIError: the driver's error and the SQL, never the values.
        sql = f" [SQL: {statement}]" if isinstance(statement, str) else ""
        return f"({type(orig).__module__}.{type(orig).__qualname__}) {_describe(orig)}{sql}"
    if isinstance(exc, _TEXT_KEPT):
        return str(exc)
    details = [f"{name}={getattr(exc, name)}" for name in ("status", "code", "key")
               if isinstance(getattr(exc, name, None), str | int)]
    text = str(exc)
    hidden = f"<message hidden: {len(text)} characters>" if text else ""
    return " ".join([*details, hidden]).strip()


class RedactingFormatter(logging.Formatter):
    """Formats tracebacks without the values an exception carries; redacts the rest."""

    def formatException(self, ei: Any) -> str:  # noqa: N802 - logging's name
        exc = ei[1] if isinstance(ei, tuple) else None
        if exc is None:
            return ""
        return format_exception_safely(exc)

    def formatStack(self, stack_info: str) -> str:  # noqa: N802 - logging's name
        return redact(stack_info)

    def format(self, record: logging.LogRecord) -> str:
        # Another handler may have cached its own traceback text on the record: never
        # trust it. Build ours for this line and leave the record as it was.
        cached = record.exc_text
        if record.exc_info:
            record.exc_text = self.formatException(record.exc_info)
        elif cached:
            record.exc_text = redact_exception_text(cached)
        try:
            return redact(super().format(record))
        finally:
            record.exc_text = cached


class RedactFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Every log file (the live one and each rotated one) is created 0600 on POSIX."""

    def _open(self) -> TextIOWrapper:
        # self.mode is a text mode ("a"), so open() gives a TextIOWrapper; typeshed cannot
        # tell from a str-typed mode.
        stream = cast(TextIOWrapper, open(  # noqa: SIM115 - logging owns and closes the stream
            self.baseFilename, self.mode, encoding=self.encoding, errors=self.errors,
            opener=_private_opener,
        ))
        make_private_file(Path(self.baseFilename))
        return stream


def _private_opener(path: str, flags: int) -> int:
    return os.open(path, flags, 0o600)


def log_file_path() -> Path:
    directory = os.environ.get("POS_DESKTOP_LOG_DIR") or str(log_dir())
    return Path(directory) / LOG_FILENAME


def setup_logging(*, console: bool = False, level: int = logging.INFO) -> None:
    root = logging.getLogger()
    if getattr(root, "_pos_desktop_configured", False):
        return
    root.setLevel(level)
    formatter = RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    path = log_file_path()
    try:
        make_private_dir(path.parent)
        handler: logging.Handler = PrivateRotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(formatter)
    handler.addFilter(RedactFilter())
    root.addHandler(handler)
    if console:
        stream = logging.StreamHandler()
        stream.setFormatter(formatter)
        stream.addFilter(RedactFilter())
        root.addHandler(stream)
    root._pos_desktop_configured = True  # type: ignore[attr-defined]  # our marker on the root

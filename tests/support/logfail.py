"""Fail a test when something goes wrong where nobody looks (after qutebrowser's logfail).

A test fails when, while it ran (set-up, call or tear-down):

- an ERROR or CRITICAL record reached the ``pos_desktop`` or ``hq_stub`` loggers in this
  process (an exception swallowed into ``log.exception`` by the sync worker, the link
  monitor or the UI task runner counts: that is where they end up);
- a real HQ subprocess (:class:`hq_stub.process.HQProcess`) printed an ERROR/CRITICAL
  record or a bare traceback to its stderr;
- a terminal subprocess (``python -m pos_desktop ...``) wrote an ERROR/CRITICAL record to
  the test's log file (``POS_DESKTOP_LOG_DIR``).

Threads that die with an exception and Qt slots that raise are caught by pytest itself
(``PytestUnhandledThreadExceptionWarning`` is an error in ``pyproject.toml``) and by
pytest-qt's exception capture (on by default; never disabled in this suite).

A test that exercises an error path says so:

- ``@pytest.mark.allow_log_errors(r"regex", ...)``: records whose text matches one of the
  patterns are allowed (no pattern: any error record is allowed; use sparingly);
- the ``expect_log_error`` fixture: ``expect_log_error(r"regex")`` allows matching records
  **and** fails the test if none was logged, so the expectation cannot go stale.

A record's text is ``"<logger>: <message>"``, followed by ``"<ExceptionType>: <text>"``
when it carries an exception; patterns are searched (``re.search``) in it.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

WATCHED_LOGGERS = ("pos_desktop", "hq_stub")
# "2026-12-01 19:47:05,123 ERROR hq_stub: message" (hq_stub.server and pos_desktop.logs)
_RECORD_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ (?P<level>[A-Z]+) (?P<name>\S+): (?P<message>.*)$"
)
_BAD_LEVELS = {"ERROR", "CRITICAL"}
_EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(: |$)")
_TRACEBACK_STARTS = ("Traceback (most recent call last)", "Exception in thread")


@dataclass
class Problem:
    where: str  # "in-process", "HQ process", "terminal process"
    text: str  # what patterns are matched against
    detail: str  # what the failure message shows

    def __str__(self) -> str:
        return f"[{self.where}] {self.detail}"


def _record_text(record: logging.LogRecord) -> str:
    text = f"{record.name}: {record.getMessage()}"
    if record.exc_info and record.exc_info[1] is not None:
        exc = record.exc_info[1]
        text += f"\n{type(exc).__name__}: {exc}"
    return text


@dataclass
class Expectations:
    allow_any: bool = False
    allowed: list[re.Pattern[str]] = field(default_factory=list)
    expected: dict[str, int] = field(default_factory=dict)  # pattern -> times matched

    def covers(self, problem: Problem) -> bool:
        hit = False
        for pattern in list(self.expected):
            if re.search(pattern, problem.text):
                self.expected[pattern] += 1
                hit = True
        if hit or self.allow_any:
            return True
        return any(p.search(problem.text) for p in self.allowed)


class LogFailHandler(logging.Handler):
    """Collects ERROR+ records of our loggers, from any thread, for the running test."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self._lock_records = threading.Lock()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        with self._lock_records:
            self.records.append(record)

    def take(self) -> list[logging.LogRecord]:
        with self._lock_records:
            taken, self.records = self.records, []
        return taken


def problems_from_records(records: list[logging.LogRecord]) -> list[Problem]:
    problems = []
    for record in records:
        text = _record_text(record)
        thread = f" (thread {record.threadName})" if record.threadName != "MainThread" else ""
        problems.append(Problem("in-process", text, f"{record.levelname} {text}{thread}"))
    return problems


def parse_log_text(text: str, where: str) -> list[Problem]:
    """ERROR/CRITICAL records (with their traceback's last line) and bare tracebacks."""
    problems: list[Problem] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        match = _RECORD_LINE.match(line)
        bad_record = match is not None and match["level"] in _BAD_LEVELS
        bare = match is None and line.startswith(_TRACEBACK_STARTS)
        if not (bad_record or bare):
            i += 1  # INFO/WARNING records and plain output; a traceback after one is bare
            continue
        j = i + 1  # the record (or bare traceback) runs until the next record line
        while j < len(lines) and not _RECORD_LINE.match(lines[j]):
            j += 1
        block = lines[i:j]
        # The exception line: "module.Error: text" (not SQLAlchemy's "(Background ...)").
        tail = [b for b in block[1:] if _EXCEPTION_LINE.match(b)]
        if match is not None:
            found = f"{match['name']}: {match['message']}" + "".join(f"\n{t}" for t in tail[-1:])
            problems.append(Problem(where, found, "\n    ".join(block[:1] + tail[-1:])))
        else:
            found = tail[-1] if tail else line
            problems.append(Problem(where, found, "bare traceback: " + " / ".join(
                block[:1] + tail[-1:])))
        i = j
    return problems


class FileWatch:
    """New complete lines appended to log files since the last look."""

    def __init__(self) -> None:
        self._offsets: dict[Path, int] = {}

    def mark(self, path: Path) -> None:
        """Skip what the file already holds (it belongs to earlier tests)."""
        try:
            self._offsets[path] = path.stat().st_size
        except OSError:
            self._offsets.setdefault(path, 0)

    def read_new(self, path: Path) -> str:
        offset = self._offsets.get(path, 0)
        try:
            if path.stat().st_size < offset:  # rotated or replaced: read it all
                offset = 0
            with open(path, "rb") as f:
                f.seek(offset)
                data = f.read()
        except OSError:
            return ""
        end = data.rfind(b"\n") + 1  # a record still being written is read next time
        self._offsets[path] = offset + end
        return data[:end].decode("utf-8", errors="replace")

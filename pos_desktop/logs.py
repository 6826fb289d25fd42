"""Logging to a rotating file in the per-user log dir. No tokens, no personal data at INFO.

Both the register (`pos_desktop.ui.main.run_gui`) and every CLI command call
`setup_logging`; the file is ``<user log dir>/pos-desktop.log`` (``POS_DESKTOP_LOG_DIR``
overrides the folder), rotated at 2 MB with 5 old files kept.

Log calls must not carry customer names, e-mails, phone numbers or tokens. As a second
line of defence, `RedactFilter` masks e-mail addresses, bearer/device tokens and E.164
phone numbers in every record that reaches the file.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from pathlib import Path

from pos_desktop.paths import log_dir

LOG_FILENAME = "pos-desktop.log"
MAX_BYTES = 2_000_000
BACKUP_COUNT = 5

_REDACTIONS = [
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), "<email>"),
    (re.compile(r"(?i)\b(bearer|token|device_token|authorization)([\"']?\s*[:=]?\s*)[\w.~+/=-]{8,}"),
     r"\1\2<redacted>"),
    (re.compile(r"\+\d{7,15}\b"), "<phone>"),  # E.164, as stored
]


def redact(text: str) -> str:
    for pattern, replacement in _REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


class RedactFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def log_file_path() -> Path:
    directory = os.environ.get("POS_DESKTOP_LOG_DIR") or str(log_dir())
    return Path(directory) / LOG_FILENAME


def setup_logging(*, console: bool = False, level: int = logging.INFO) -> None:
    root = logging.getLogger()
    if getattr(root, "_pos_desktop_configured", False):
        return
    root.setLevel(level)
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    path = log_file_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
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
    root._pos_desktop_configured = True  # type: ignore[attr-defined]

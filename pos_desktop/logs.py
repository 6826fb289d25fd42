"""Logging to a rotating file in the per-user log dir. No tokens, no personal data at INFO."""

from __future__ import annotations

import logging
import logging.handlers
import os

from pos_desktop.paths import log_dir

LOG_FILENAME = "pos-desktop.log"


def setup_logging(*, console: bool = False, level: int = logging.INFO) -> None:
    root = logging.getLogger()
    if getattr(root, "_pos_desktop_configured", False):
        return
    root.setLevel(level)
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    directory = os.environ.get("POS_DESKTOP_LOG_DIR") or str(log_dir())
    try:
        os.makedirs(directory, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            os.path.join(directory, LOG_FILENAME),
            maxBytes=2_000_000,
            backupCount=5,
            encoding="utf-8",
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(formatter)
    root.addHandler(handler)
    if console:
        stream = logging.StreamHandler()
        stream.setFormatter(formatter)
        root.addHandler(stream)
    root._pos_desktop_configured = True  # type: ignore[attr-defined]

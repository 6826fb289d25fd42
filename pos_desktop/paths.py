"""Where the terminal keeps its data and logs (platformdirs, overridable)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir, user_log_dir

APP_NAME = "pos-desktop"
APP_AUTHOR = "POS Desktop"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get("POS_DESKTOP_DATA_DIR")
    if env:
        return Path(env).expanduser().resolve()
    return Path(user_data_dir(APP_NAME, APP_AUTHOR))


def log_dir() -> Path:
    return Path(user_log_dir(APP_NAME, APP_AUTHOR))

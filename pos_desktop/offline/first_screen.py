"""What the register's sign-in screen needs, read before the offline store opens.

The sign-in screen shows the store and the terminal and checks operators against the
store configuration cached at activation: one read-only query with plain `sqlite3`
instead of the ORM store (SQLAlchemy's import alone is most of a second), so the window
paints while `OfflineStore` opens behind it. Anything unusual (no file, a schema that is
not the newest, no configuration, a read error) gives None: the caller then opens the
store first, as before, and its checks (lost or damaged file, migrations, activation)
say what is wrong.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pos_desktop.paths import DB_FILENAME

from .migrate import up_to_date

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FirstScreen:
    """The cached store configuration (HQ's JSON) and this terminal's id."""

    config: dict[str, Any]
    terminal_id: str


def read_first_screen(data_dir: Path) -> FirstScreen | None:
    """The sign-in screen's data from an activated, current database; None otherwise."""
    path = data_dir / DB_FILENAME
    if not up_to_date(path):  # also: no file, no schema
        return None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute(
                "SELECT config, terminal_id FROM store_config WHERE id = 1"
            ).fetchone()
        finally:
            conn.close()
        if row is None:
            return None
        config = json.loads(row[0])
    except (sqlite3.Error, ValueError, TypeError):
        log.info("the sign-in screen waits for the store: its configuration did not read",
                 exc_info=True)
        return None
    if not isinstance(config, dict):
        return None
    return FirstScreen(config, str(row[1] or ""))

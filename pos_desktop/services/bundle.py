"""Everything the UI and the CLI may use, handed out by `pos_desktop.terminal.Terminal`.

The register window gets one of these and nothing else: no store, no HQ client, no link
monitor, no sync worker (tests/unit/test_import_rules.py keeps it that way).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

from pos_desktop.domain.store import StoreConfig

from .customers import CustomerService
from .duplicates import DuplicateFinder
from .editing import EditService
from .loyalty import LoyaltyService
from .maintenance import MaintenanceService
from .operators import OperatorService
from .sync_status import SyncStatusService


@dataclass(frozen=True)
class TerminalServices:
    data_dir: Path  # the terminal's folder (window settings, chosen language)
    terminal_id: str
    store_config: Callable[[], StoreConfig]  # cached; refreshed when a sync changes it
    customers: CustomerService
    edits: EditService
    loyalty: LoyaltyService
    operators: OperatorService
    duplicates: DuplicateFinder
    sync: SyncStatusService
    maintenance: MaintenanceService  # compacting the database (start, IT's command)
    # The offline store's one writer: UI operations that only write locally run here
    # (every other store write is handed to it by the store itself).
    writer: Executor
    # The start-up damage check (the register runs it after its window shows; writes
    # wait for it): still running? and the damage message once found ("" when sound).
    database_checking: Callable[[], bool] = lambda: False
    database_damage: Callable[[], str] = lambda: ""

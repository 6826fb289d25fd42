"""One terminal: the composition root.

It owns the parts (offline store with its one writer, HQ client, link monitor, sync
worker) and keeps them private; the UI and the CLI get services (`services`, a
`TerminalServices`) and never the parts. Tests, benchmarks and recovery tools that set
up faults reach the parts through `parts`, on purpose and visibly.
"""

from __future__ import annotations

import logging
import uuid
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pos_desktop.domain.codec import store_from_json
from pos_desktop.domain.errors import DomainError
from pos_desktop.domain.store import StoreConfig
from pos_desktop.offline.db import DB_FILENAME
from pos_desktop.offline.health import DamagedDatabase
from pos_desktop.offline.store import OfflineStore
from pos_desktop.paths import make_private_files, private_umask
from pos_desktop.services.bundle import TerminalServices
from pos_desktop.services.customers import CustomerService, OfflineLink
from pos_desktop.services.duplicates import DuplicateFinder
from pos_desktop.services.editing import EditService
from pos_desktop.services.events import CustomersChanged, DatabaseChecked, EventHub
from pos_desktop.services.loyalty import LoyaltyService
from pos_desktop.services.maintenance import MaintenanceService
from pos_desktop.services.operators import OperatorService
from pos_desktop.services.ports import (
    DEACTIVATED_MESSAGE,
    TOKEN_MISSING_MESSAGE,
    DeviceNotAuthorized,
    HQRejected,
    HQUnreachable,
)
from pos_desktop.services.sync_status import SyncStatusService
from pos_desktop.services.transient import FilteredRepository
from pos_desktop.sync.client import HQClient
from pos_desktop.sync.engine import SyncEngine, SyncReport
from pos_desktop.sync.link import LinkMonitor
from pos_desktop.sync.worker import SyncWorker

if TYPE_CHECKING:  # keyring: imported when the token is read (credentials.py)
    from pos_desktop.credentials import NoKeyring

log = logging.getLogger(__name__)

# Closing never waits on the network: a sync cycle or health check stuck on HQ is left
# to end by itself (daemon threads; HQ's idempotency makes a lost answer harmless).
STOP_WAIT = 0.5


class NotActivated(DomainError):
    def __init__(self) -> None:
        super().__init__(
            "terminal.not_activated",
            "This terminal is not activated: run "
            "'pos-desktop activate --hq URL --code CODE --terminal ID' first.",
        )


DEACTIVATED_STATE = "deactivated_at"
FORCED_OFFLINE_STATE = "link_forced_offline"  # a manager's Disconnect, until Connect


def _log_unremembered(future: Future[None]) -> None:
    if not future.cancelled() and future.exception() is not None:
        log.error("could not remember Disconnect/Connect in the offline store",
                  exc_info=future.exception())


class TerminalDeactivated(DomainError):
    def __init__(self) -> None:
        super().__init__("terminal.deactivated", DEACTIVATED_MESSAGE)


class TokenMissing(DomainError):
    def __init__(self) -> None:
        super().__init__("token.missing", TOKEN_MISSING_MESSAGE)


class TokenUnreadable(DomainError):
    """An activated terminal whose keyring cannot be used (none, locked, bogus backend)."""

    def __init__(self, cause: NoKeyring) -> None:
        detail = cause.message[:1].lower() + cause.message[1:]
        super().__init__(cause.key, f"This terminal's device token is not in the keyring: {detail}")


@dataclass(frozen=True)
class TerminalParts:
    """The machinery behind the services: for tests, benchmarks and recovery tools only
    (the UI and the CLI never touch it; tests/unit/test_import_rules.py checks)."""

    store: OfflineStore
    client: HQClient | None
    link: LinkMonitor | None
    worker: SyncWorker | None


class Terminal:
    def __init__(
        self, data_dir: Path, *, ca_bundle: str | None = None, defer_check: bool = False,
        defer_token: bool = False,
    ) -> None:
        """`defer_check`: the register's start (the damage check runs after its window
        shows; writes wait for it, see `OfflineStore`); commands check before opening.
        `defer_token`: the register's start too: the device token is read from the
        keyring (and keyring imported) at the HQ client's first authenticated call, on
        that call's thread (the sync worker's, or a UI task's), not while opening."""
        self.data_dir = data_dir
        self._defer_token = defer_token
        # The database, its WAL and backups: 0600 in a 0700 folder (POSIX), new or old.
        with private_umask():
            make_private_files(data_dir, DB_FILENAME)
            self._store = OfflineStore(data_dir, defer_check=defer_check)
        make_private_files(data_dir, DB_FILENAME)
        self.keyring_error: DomainError | None = None
        # A CA bundle given at activation is remembered for every later start.
        self.ca_bundle = ca_bundle or self._store.get_state("ca_bundle")
        self._config: StoreConfig | None = None
        self._client: HQClient | None = None
        self._link: LinkMonitor | None = None
        self._worker: SyncWorker | None = None
        self._events = EventHub()
        self._events.subscribe(self._on_event)
        self._status: SyncStatusService | None = None
        self._maintenance = MaintenanceService(self._store, self._events.publish)
        row = self._store.load_store_config()
        if row is not None and row.hq_url:
            self._connect(row.hq_url)
        self._build_services()
        if self._store.check is not None:
            self._store.check.on_done(self._database_checked)

    def _database_checked(self, _problem: str | None) -> None:
        self._events.publish(DatabaseChecked(self.database_damage()))

    def database_checking(self) -> bool:
        return self._store.check is not None and not self._store.check.done

    def database_damage(self) -> str:
        """The damage message of the start-up check ("" when sound or still checking)."""
        check = self._store.check
        if check is None or not check.done or check.problem is None:
            return ""
        return DamagedDatabase(check.path, check.problem).message

    @property
    def parts(self) -> TerminalParts:
        """Tests, benchmarks and tools: the parts, to set up faults or look inside."""
        return TerminalParts(self._store, self._client, self._link, self._worker)

    @property
    def services(self) -> TerminalServices:
        """What the UI and the CLI use (rebuilt when the terminal is activated again)."""
        return self._services

    def close(self) -> None:
        """Stop the background threads without waiting on HQ, then close the store
        (writes already asked for finish first: local work only)."""
        if self._status is not None:
            self._status.close()
        if self._worker is not None:
            self._worker.stop(STOP_WAIT)
        if self._link is not None:
            self._link.stop(STOP_WAIT)
        if self._client is not None:
            self._client.close()
        self._store.close()

    # -- identity and configuration ------------------------------------------------------

    @property
    def install_id(self) -> str:
        value = self._store.get_state("install_id")
        if value is None:
            value = str(uuid.uuid4())
            self._store.set_state("install_id", value)
        return value

    @property
    def is_activated(self) -> bool:
        return self._store.load_store_config() is not None

    def store_config(self) -> StoreConfig:
        if self._config is None:
            row = self._store.load_store_config()
            if row is None:
                raise NotActivated()
            self._config = store_from_json(row.config)
        return self._config

    def config_changed(self) -> None:
        self._config = None

    @property
    def terminal_id(self) -> str:
        row = self._store.load_store_config()
        return row.terminal_id if row else ""

    @property
    def hq_url(self) -> str:
        row = self._store.load_store_config()
        return row.hq_url if row else ""

    def _read_token(self) -> str | None:
        """The device token from the keyring; None (and `keyring_error`) if unusable."""
        from pos_desktop.credentials import NoKeyring, read_token

        try:
            token = read_token(self.install_id)
            self.keyring_error = None
        except NoKeyring as exc:
            token, self.keyring_error = None, TokenUnreadable(exc)
        return token

    def _connect(self, hq_url: str) -> None:
        if self._defer_token:
            self._client = HQClient(hq_url, token_source=self._read_token,
                                    ca_bundle=self.ca_bundle)
        else:
            self._client = HQClient(hq_url, self._read_token(), ca_bundle=self.ca_bundle)
        self._client.missing_token = self._missing_token
        self._client.on_unauthorized = self._on_unauthorized
        self._link = LinkMonitor(
            self._client.health,
            forced_offline=self._store.get_state(FORCED_OFFLINE_STATE) == "1",
            on_forced=self._remember_forced_offline,
        )
        self._worker = SyncWorker(SyncEngine(self._store, self._client), self._link)

    def _refresh_config(self) -> None:
        """The store configuration checked against HQ now (ETag: a 304 while current);
        a change is applied as a sync cycle applies it and announced the same way."""
        if self._worker is None:
            return
        report = SyncReport()
        self._worker.engine.refresh_config(report)
        if report.config_changed:
            self._events.publish(CustomersChanged(config_changed=True))

    def _remember_forced_offline(self, forced: bool) -> Future[None] | None:
        """A manager's Disconnect is terminal state: kept in the offline store until
        Connect, so a restarted register stays disconnected. Handed to the writer, not
        waited for here (the GUI thread asks): the Future, for callers that wait."""
        writer = self._store.write_executor
        value = "1" if forced else ""
        if writer is None or writer.owns_current_thread():
            self._store.set_state(FORCED_OFFLINE_STATE, value)
            return None
        future = writer.submit(self._store.set_state, FORCED_OFFLINE_STATE, value)
        future.add_done_callback(_log_unremembered)
        return future

    def _missing_token(self) -> DeviceNotAuthorized:
        problem = self.keyring_error or TokenMissing()
        return DeviceNotAuthorized("token_missing", problem.message, key=problem.key)

    def _on_unauthorized(self, _refused: DeviceNotAuthorized) -> None:
        try:
            if not self._store.get_state(DEACTIVATED_STATE):
                self._store.set_state(DEACTIVATED_STATE, datetime.now(UTC).isoformat())
        except Exception:  # noqa: BLE001 - the refusal is reported anyway
            log.warning("could not record that HQ refused the device token", exc_info=True)

    def auth_problem(self) -> DomainError | None:
        """Why HQ will not accept this terminal now (no token, no keyring, revoked)."""
        if self._client is None:
            return None
        token = self._client.token  # read first: a deferred read sets keyring_error
        if self.keyring_error is not None:
            return self.keyring_error
        if not token:
            return TokenMissing()
        if self._store.get_state(DEACTIVATED_STATE):
            return TerminalDeactivated()
        return None

    def _on_event(self, event: object) -> None:
        if getattr(event, "config_changed", False):
            self.config_changed()

    def start_background(self) -> None:
        """Link monitor and sync worker threads (the register; not one-shot commands),
        after the start's compaction, handed to the writer, when free pages make it
        worth it (an upgrade that freed much of the file: see services/maintenance.py)."""
        writer = self._store.write_executor
        if writer is not None and not writer.closed:
            writer.submit(self._maintenance.compact_if_due)
        if self._link is not None and self._worker is not None:
            self._link.start()
            self._worker.start()

    def _check_can_sync(self) -> None:
        if self._worker is None or self._link is None or self._client is None:
            raise NotActivated()
        token = self._client.token  # read first: a deferred read sets keyring_error
        if self.keyring_error is not None:
            raise self.keyring_error
        if not token:
            raise TokenMissing()

    def sync_once(self) -> SyncReport:
        """One full upload + pull cycle on this thread (`pos-desktop sync --once`)."""
        if self._worker is None or self._link is None or self._client is None:
            raise NotActivated()
        report: SyncReport = self._services.sync.sync_once()
        return report

    def _build_services(self) -> None:
        if self._status is not None:
            self._status.close()
        link = self._link or OfflineLink()
        publish = self._events.publish
        self._status = SyncStatusService(
            self._store, self._events, link=self._link, worker=self._worker,
            precheck=self._check_can_sync, device_problem=self.auth_problem,
            hq_url=self.hq_url, store_config=self.store_config,
        )  # fmt: skip
        row = self._store.load_store_config()
        customers = FilteredRepository(
            self._store, lambda: self.store_config().filter_shared_customer_data_tables
        )
        writer = self._store.write_executor
        assert writer is not None  # an opened store always has its writer
        operators = OperatorService(self.store_config)
        self._services = TerminalServices(
            data_dir=self.data_dir,
            terminal_id=row.terminal_id if row else "",
            store_config=self.store_config,
            customers=CustomerService(
                customers, self.store_config, link=self._link, realtime=self._client,
                hq_search=self._client, on_created=lambda _customer: self._wake_worker(),
                on_changed=publish, refresh_config=self._refresh_config,
                creator=operators.creator,
            ),  # fmt: skip
            edits=EditService(
                customers, self.store_config, link=link, hq=self._client,
                on_queued=self._wake_worker, on_changed=publish,
                refresh_config=self._refresh_config,
            ),  # fmt: skip
            loyalty=LoyaltyService(customers, link=link, hq=self._client, on_changed=publish),
            operators=operators,
            duplicates=DuplicateFinder(
                self._store, self.store_config, link=self._link, hq=self._client
            ),
            sync=self._status,
            maintenance=self._maintenance,
            writer=writer,
            database_checking=self.database_checking,
            database_damage=self.database_damage,
        )

    # Shortcuts to the services (the CLI and tests call them often).
    @property
    def customers(self) -> CustomerService:
        return self._services.customers

    @property
    def edits(self) -> EditService:
        return self._services.edits

    @property
    def loyalty(self) -> LoyaltyService:
        return self._services.loyalty

    @property
    def sync(self) -> SyncStatusService:
        return self._services.sync

    def _wake_worker(self) -> None:
        if self._worker is not None:
            self._worker.wake()

    def activate(self, hq_url: str, code: str, terminal_id: str) -> StoreConfig:
        """Trade the one-time code for a device token (kept in the keyring), cache config.

        The keyring is proved usable first: a code spent at HQ whose token cannot be kept
        is lost, and the store has to issue another.
        """
        from pos_desktop.credentials import check_keyring_usable, store_token

        check_keyring_usable()
        client = HQClient(hq_url, ca_bundle=self.ca_bundle)
        try:
            answer = client.activate(code, terminal_id)
            token = str(answer["device_token"])
            store_token(self.install_id, token)
            client.token = token
            config = client.store()
        except HQUnreachable as exc:
            raise DomainError("hq.unreachable", f"HQ at {hq_url} cannot be reached.") from exc
        except HQRejected as exc:
            if exc.status == 401:
                raise DomainError(
                    "activation.refused",
                    "HQ refused the activation code (wrong, already used or expired).",
                ) from exc
            raise DomainError("activation.failed", f"Activation failed: {exc.message}") from exc
        finally:
            client.close()
        self._store.save_store_config(config, hq_url=hq_url, terminal_id=terminal_id)
        self._store.set_state(DEACTIVATED_STATE, "")
        if self.ca_bundle:
            self._store.set_state("ca_bundle", self.ca_bundle)
        self.config_changed()
        if self._client is not None:
            self._client.close()
        self._connect(hq_url)
        self._build_services()
        return self.store_config()

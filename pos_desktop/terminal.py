"""One terminal: its data dir, offline store, cached store configuration, HQ link.

The CLI and the UI both build one of these and call its services.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime
from pathlib import Path

from pos_desktop.credentials import (
    NoKeyring,
    check_keyring_usable,
    read_token,
    store_token,
)
from pos_desktop.domain.codec import store_from_json
from pos_desktop.domain.errors import DomainError
from pos_desktop.domain.store import StoreConfig
from pos_desktop.offline.db import DB_FILENAME
from pos_desktop.offline.store import OfflineStore
from pos_desktop.paths import make_private_files, private_umask
from pos_desktop.services.customers import CustomerService, OfflineLink
from pos_desktop.services.editing import EditService
from pos_desktop.services.ports import (
    DEACTIVATED_MESSAGE,
    TOKEN_MISSING_MESSAGE,
    DeviceNotAuthorized,
    HQRejected,
    HQUnreachable,
)
from pos_desktop.sync.client import HQClient
from pos_desktop.sync.engine import SyncEngine
from pos_desktop.sync.link import LinkMonitor
from pos_desktop.sync.worker import SyncWorker

log = logging.getLogger(__name__)


class NotActivated(DomainError):
    def __init__(self) -> None:
        super().__init__(
            "terminal.not_activated",
            "This terminal is not activated: run "
            "'pos-desktop activate --hq URL --code CODE --terminal ID' first.",
        )


DEACTIVATED_STATE = "deactivated_at"


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


class Terminal:
    def __init__(self, data_dir: Path, *, ca_bundle: str | None = None) -> None:
        self.data_dir = data_dir
        # The database, its WAL and backups: 0600 in a 0700 folder (POSIX), new or old.
        with private_umask():
            make_private_files(data_dir, DB_FILENAME)
            self.store = OfflineStore(data_dir)
        make_private_files(data_dir, DB_FILENAME)
        self.keyring_error: DomainError | None = None
        # A CA bundle given at activation is remembered for every later start.
        self.ca_bundle = ca_bundle or self.store.get_state("ca_bundle")
        self._config: StoreConfig | None = None
        self.client: HQClient | None = None
        self.link: LinkMonitor | None = None
        self.worker: SyncWorker | None = None
        row = self.store.load_store_config()
        if row is not None and row.hq_url:
            self._connect(row.hq_url)
        self._build_services()

    def close(self) -> None:
        if self.worker is not None:
            self.worker.stop()
        if self.link is not None:
            self.link.stop()
        if self.client is not None:
            self.client.close()
        self.store.close()

    # -- identity and configuration ------------------------------------------------------

    @property
    def install_id(self) -> str:
        value = self.store.get_state("install_id")
        if value is None:
            value = str(uuid.uuid4())
            self.store.set_state("install_id", value)
        return value

    @property
    def is_activated(self) -> bool:
        return self.store.load_store_config() is not None

    def store_config(self) -> StoreConfig:
        if self._config is None:
            row = self.store.load_store_config()
            if row is None:
                raise NotActivated()
            self._config = store_from_json(row.config)
        return self._config

    def config_changed(self) -> None:
        self._config = None

    @property
    def terminal_id(self) -> str:
        row = self.store.load_store_config()
        return row.terminal_id if row else ""

    @property
    def hq_url(self) -> str:
        row = self.store.load_store_config()
        return row.hq_url if row else ""

    def _connect(self, hq_url: str) -> None:
        try:
            token = read_token(self.install_id)
            self.keyring_error = None
        except NoKeyring as exc:
            token, self.keyring_error = None, TokenUnreadable(exc)
        self.client = HQClient(hq_url, token, ca_bundle=self.ca_bundle)
        self.client.missing_token = self._missing_token
        self.client.on_unauthorized = self._on_unauthorized
        self.link = LinkMonitor(self.client.health)
        self.worker = SyncWorker(SyncEngine(self.store, self.client), self.link)
        self.worker.subscribe(self._on_synced)

    def _missing_token(self) -> DeviceNotAuthorized:
        problem = self.keyring_error or TokenMissing()
        return DeviceNotAuthorized("token_missing", problem.message, key=problem.key)

    def _on_unauthorized(self, _refused: DeviceNotAuthorized) -> None:
        try:
            if not self.store.get_state(DEACTIVATED_STATE):
                self.store.set_state(DEACTIVATED_STATE, datetime.now(UTC).isoformat())
        except Exception:  # noqa: BLE001 - the refusal is reported anyway
            log.warning("could not record that HQ refused the device token", exc_info=True)

    def auth_problem(self) -> DomainError | None:
        """Why HQ will not accept this terminal now (no token, no keyring, revoked)."""
        if self.client is None:
            return None
        if self.keyring_error is not None:
            return self.keyring_error
        if not self.client.token:
            return TokenMissing()
        if self.store.get_state(DEACTIVATED_STATE):
            return TerminalDeactivated()
        return None

    def _on_synced(self, report) -> None:  # type: ignore[no-untyped-def]
        if report.config_changed:
            self.config_changed()

    def start_background(self) -> None:
        """Link monitor and sync worker threads (the register; not one-shot commands)."""
        if self.link is not None and self.worker is not None:
            self.link.start()
            self.worker.start()

    def sync_once(self):  # type: ignore[no-untyped-def]
        """One full upload + pull cycle on this thread (`pos-desktop sync --once`)."""
        if self.worker is None or self.link is None or self.client is None:
            raise NotActivated()
        if self.keyring_error is not None:
            raise self.keyring_error
        if not self.client.token:
            raise TokenMissing()
        self.link.check_now()
        report = self.worker.run_cycle()
        if report is None and self.worker.auth_error is not None:
            raise DomainError(self.worker.auth_error.key, self.worker.auth_error.message)
        if report is None:
            raise DomainError(
                "hq.unreachable",
                f"HQ at {self.hq_url} cannot be reached"
                + (f" ({self.worker.last_error})" if self.worker.last_error else "")
                + "; pending customers stay queued.",
            )
        return report

    def _build_services(self) -> None:
        self.customers = CustomerService(
            self.store,
            self.store_config,
            link=self.link,
            realtime=self.client,
            on_created=lambda _customer: self._wake_worker(),
        )
        self.edits = EditService(
            self.store,
            self.store_config,
            link=self.link or OfflineLink(),
            hq=self.client,
            on_queued=self._wake_worker,
        )

    def _wake_worker(self) -> None:
        if self.worker is not None:
            self.worker.wake()

    def activate(self, hq_url: str, code: str, terminal_id: str) -> StoreConfig:
        """Trade the one-time code for a device token (kept in the keyring), cache config.

        The keyring is proved usable first: a code spent at HQ whose token cannot be kept
        is lost, and the store has to issue another.
        """
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
        self.store.save_store_config(config, hq_url=hq_url, terminal_id=terminal_id)
        self.store.set_state(DEACTIVATED_STATE, "")
        if self.ca_bundle:
            self.store.set_state("ca_bundle", self.ca_bundle)
        self.config_changed()
        if self.client is not None:
            self.client.close()
        self._connect(hq_url)
        self._build_services()
        return self.store_config()

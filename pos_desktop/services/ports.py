"""What the services need from the offline store, HQ and the link monitor."""

from __future__ import annotations

from typing import Any, Protocol

from pos_desktop.domain.customer import Customer, CustomerSummary


class CustomerRepository(Protocol):
    def add_customer(self, customer: Customer, *, queue_upload: bool) -> None: ...
    def upsert_customer(self, customer: Customer, *, origin: str = "hq") -> None: ...
    def get_customer(self, key: str) -> Customer | None: ...
    def search(self, text_typed: str, limit: int = ...) -> list[CustomerSummary]: ...

    # A real-time create's write-ahead: kept before HQ is asked, settled by its answer.
    def add_intent(self, customer: Customer) -> None: ...
    def resolve_intent(self, customer_id: str, synced: Customer | None) -> None: ...
    def intent_to_upload(self, customer_id: str) -> None: ...


class HQUnreachable(Exception):
    """A communication failure or timeout: the request may or may not have reached HQ."""


class HQRejected(Exception):
    """HQ answered and refused (validation, conflict, auth...)."""

    def __init__(self, status: int, code: str, message: str, body: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.body = body


DEACTIVATED_MESSAGE = "This terminal was deactivated: activate it again."
TOKEN_MISSING_MESSAGE = "This terminal's device token is not in the keyring: activate it again."


class DeviceNotAuthorized(HQRejected):
    """HQ refuses this terminal's device token (revoked, unknown) or there is none to send.

    `key` and `message` are what the register and the CLI say: activate again.
    """

    def __init__(
        self,
        code: str = "device_revoked",
        message: str = DEACTIVATED_MESSAGE,
        body: Any = None,
        *,
        key: str = "terminal.deactivated",
    ) -> None:
        super().__init__(401, code, message, body)
        self.key = key


class RealtimeCustomers(Protocol):
    def create_customer(
        self, payload: dict[str, Any], idempotency_key: str,
        operator: tuple[str, str] | None = None,
    ) -> dict[str, Any]:
        """Real-time create (`operator`: id and role of who creates it, checked by HQ);
        raises HQUnreachable or HQRejected."""
        ...


class LinkState(Protocol):
    @property
    def is_up(self) -> bool: ...

    def report_failure(self, error: BaseException) -> None:
        """A real call failed to communicate: the terminal goes offline at once."""
        ...

    def report_success(self) -> None: ...

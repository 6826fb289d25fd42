"""The device token lives in the OS keyring, never in a plain file or a log."""

from __future__ import annotations

import keyring
import keyring.backend
import keyring.errors
from jaraco.classes import properties
from keyring.backends import fail

from pos_desktop.domain.errors import DomainError

SERVICE = "pos-desktop"
INSECURE_BACKENDS = ("PlaintextKeyring", "MemoryKeyring", "EncryptedKeyring")


class NoKeyring(DomainError):
    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "keyring.missing",
            "No keyring is available to hold the device token safely"
            + (f" ({detail})" if detail else "")
            + ". Install or unlock the OS keyring (or set PYTHON_KEYRING_BACKEND); "
            "the token is never stored in a plain file.",
        )


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A process-local keyring: for the throw-away demo terminal and in-process tests.

    Never chosen automatically (it is not "viable"): only by name or by the demo, so a
    real terminal without an OS keyring is refused instead of losing its token on exit.
    """

    @properties.classproperty
    def priority(cls) -> float:  # type: ignore[override]
        raise RuntimeError("the in-memory keyring is only used on request")
    _store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._store.pop((service, username), None)


def backend_name() -> str:
    backend = keyring.get_keyring()
    return f"{type(backend).__module__}.{type(backend).__name__}"


def backend_available() -> bool:
    return not isinstance(keyring.get_keyring(), fail.Keyring)


def backend_is_insecure() -> bool:
    return type(keyring.get_keyring()).__name__ in INSECURE_BACKENDS


def _username(install_id: str) -> str:
    return f"device-token:{install_id}"


def store_token(install_id: str, token: str) -> None:
    if not backend_available():
        raise NoKeyring()
    try:
        keyring.set_password(SERVICE, _username(install_id), token)
    except keyring.errors.KeyringError as exc:
        raise NoKeyring(type(exc).__name__) from exc


def load_token(install_id: str) -> str | None:
    if not backend_available():
        return None
    try:
        return keyring.get_password(SERVICE, _username(install_id))
    except keyring.errors.KeyringError:
        return None


def use_memory_keyring_if_none() -> bool:
    """For the demo only: fall back to a process-local keyring. Returns True if it did."""
    if backend_available():
        return False
    keyring.set_keyring(MemoryKeyring())
    return True

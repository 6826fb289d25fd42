"""The device token lives in the OS keyring, never in a plain file or a log."""

from __future__ import annotations

import contextlib
import os
import secrets as _random  # the standard library module

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


class KeyringBackendInvalid(NoKeyring):
    """PYTHON_KEYRING_BACKEND names a backend that cannot be loaded."""

    def __init__(self, name: str, detail: str) -> None:
        DomainError.__init__(
            self,
            "keyring.invalid_backend",
            f"PYTHON_KEYRING_BACKEND={name!r} is not a keyring backend that can be loaded "
            f"({detail}); correct or unset it.",
        )


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A process-local keyring: for the throw-away demo terminal and in-process tests.

    Never chosen automatically (it is not "viable"): only by name or by the demo, so a
    real terminal without an OS keyring is refused instead of losing its token on exit.
    """

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("the in-memory keyring is only used on request")
    _store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._store.pop((service, username), None)


def _backend() -> keyring.backend.KeyringBackend:
    """The configured backend; KeyringBackendInvalid when PYTHON_KEYRING_BACKEND is bogus."""
    try:
        return keyring.get_keyring()
    except Exception as exc:  # keyring imports whatever the variable names
        name = os.environ.get("PYTHON_KEYRING_BACKEND", "")
        raise KeyringBackendInvalid(name, type(exc).__name__) from exc


def backend_name() -> str:
    try:
        backend = _backend()
    except KeyringBackendInvalid:
        return f"invalid PYTHON_KEYRING_BACKEND={os.environ.get('PYTHON_KEYRING_BACKEND', '')!r}"
    return f"{type(backend).__module__}.{type(backend).__name__}"


def backend_available() -> bool:
    try:
        return not isinstance(_backend(), fail.Keyring)
    except KeyringBackendInvalid:
        return False


def backend_is_insecure() -> bool:
    try:
        return type(_backend()).__name__ in INSECURE_BACKENDS
    except KeyringBackendInvalid:
        return False


def _username(install_id: str) -> str:
    return f"device-token:{install_id}"


def check_keyring_usable() -> None:
    """Prove the keyring can hold a token (write, read back, delete a probe entry).

    Raises NoKeyring (or KeyringBackendInvalid) with the reason; activation calls this
    before it spends the one-time code at HQ.
    """
    backend = _backend()
    if isinstance(backend, fail.Keyring):
        raise NoKeyring()
    username = f"probe:{_random.token_hex(8)}"
    value = _random.token_hex(16)
    try:
        backend.set_password(SERVICE, username, value)
        read_back = backend.get_password(SERVICE, username)
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            backend.delete_password(SERVICE, username)
    except Exception as exc:  # noqa: BLE001 - any backend failure means "not usable"
        raise NoKeyring(type(exc).__name__) from exc
    if read_back != value:
        raise NoKeyring(f"{type(backend).__name__} does not keep what is stored in it")


def store_token(install_id: str, token: str) -> None:
    backend = _backend()
    if isinstance(backend, fail.Keyring):
        raise NoKeyring()
    try:
        backend.set_password(SERVICE, _username(install_id), token)
    except Exception as exc:  # noqa: BLE001 - any backend failure means "not stored"
        raise NoKeyring(type(exc).__name__) from exc


def load_token(install_id: str) -> str | None:
    """The device token, or None when it (or a usable keyring) is missing."""
    try:
        return read_token(install_id)
    except NoKeyring:
        return None


def read_token(install_id: str) -> str | None:
    """The device token or None if the keyring has no entry; NoKeyring if unusable."""
    backend = _backend()
    if isinstance(backend, fail.Keyring):
        raise NoKeyring()
    try:
        return backend.get_password(SERVICE, _username(install_id))
    except Exception as exc:  # noqa: BLE001 - a locked or broken keyring
        raise NoKeyring(type(exc).__name__) from exc


def use_memory_keyring_if_none() -> bool:
    """For the demo only: fall back to a process-local keyring. Returns True if it did."""
    if backend_available():
        return False
    keyring.set_keyring(MemoryKeyring())
    return True

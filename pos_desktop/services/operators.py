"""Sign-in: operators verified offline against the salted hashes cached from HQ.

No Qt, no network: the store configuration the terminal cached at activation (and
refreshed by sync) carries each operator's PBKDF2-SHA256 salt, hash and iteration count.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pos_desktop.domain.errors import DomainError
from pos_desktop.domain.limitations import CASHIER, MANAGER
from pos_desktop.domain.store import Operator, StoreConfig

ROLES = (CASHIER, MANAGER)
MIN_ITERATIONS = 10_000


class SignInFailed(DomainError):
    def __init__(self) -> None:
        # One message whether the id or the password was wrong: no operator enumeration.
        super().__init__("signin.failed", "Wrong operator ID or password.")


class UnknownOperator(DomainError):
    def __init__(self, operator_id: str) -> None:
        super().__init__(
            "operator.unknown",
            f"{operator_id!r} is not an operator of this store (as of the store "
            "configuration this terminal holds).",
        )


@dataclass(frozen=True)
class SignedIn:
    operator_id: str
    name: str
    role: str

    @property
    def is_manager(self) -> bool:
        return self.role == MANAGER


def password_matches(operator: Operator, password: str) -> bool:
    """Constant-time PBKDF2-SHA256 check; unusable records (no salt, weak) never match."""
    if operator.hash_algorithm != "pbkdf2_sha256" or operator.iterations < MIN_ITERATIONS:
        return False
    try:
        salt = bytes.fromhex(operator.password_salt)
        expected = bytes.fromhex(operator.password_hash)
    except ValueError:
        return False
    if not salt or not expected:
        return False
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, operator.iterations)
    return hmac.compare_digest(digest, expected)


@dataclass(frozen=True)
class SignInServices:
    """What the sign-in screen needs (`TerminalServices` has the same): the register's
    window shows it with these while the terminal opens its store behind it."""

    data_dir: Path
    terminal_id: str
    store_config: Callable[[], StoreConfig]
    operators: OperatorService


class OperatorService:
    def __init__(self, store_config: Callable[[], StoreConfig]) -> None:
        self._config = store_config
        self._current: SignedIn | None = None

    # -- the session: who works at this terminal now ----------------------------------

    @property
    def current(self) -> SignedIn | None:
        """The operator signed in at the register (None: nobody, e.g. the command line)."""
        return self._current

    def begin(self, operator: SignedIn | None) -> None:
        """The register signed this operator in (None: signed out)."""
        self._current = operator

    def creator(self) -> tuple[str, str]:
        """(operator id, name) recorded on a customer created now; ("", "") when nobody
        is signed in (the command line has no operator)."""
        who = self._current
        return (who.operator_id, who.name) if who is not None else ("", "")

    def sign_in(self, operator_id: str, password: str) -> SignedIn:
        """The operator, or SignInFailed. Slow on purpose (PBKDF2): call it off the UI thread."""
        wanted = operator_id.strip()
        operator = next(
            (o for o in self._config().operators if o.operator_id == wanted and wanted), None
        )
        if operator is None or operator.role not in ROLES:
            raise SignInFailed()
        if not password_matches(operator, password):
            raise SignInFailed()
        return SignedIn(operator.operator_id, operator.name or operator.operator_id, operator.role)

    def acting(self, operator_id: str) -> SignedIn:
        """The store's operator `operator_id`, without a password: the command line acts
        for an operator (`--operator`) with that role's permissions; HQ checks the id
        and the permission again on every edit."""
        operator = self._config().operator(operator_id)
        if operator is None or operator.role not in ROLES:
            raise UnknownOperator(operator_id.strip())
        return SignedIn(operator.operator_id, operator.name or operator.operator_id, operator.role)

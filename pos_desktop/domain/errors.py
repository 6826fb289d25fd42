"""Errors the domain raises; every one carries a stable message key for translation."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    """One bad field: `field` is a dotted path (``addresses.0.zip``), `key` a stable id."""

    field: str
    key: str
    message: str
    # dataclasses.field: the attribute `field` above shadows the bare name in the class body
    params: dict[str, object] = dataclasses.field(default_factory=dict, compare=False)


class DomainError(Exception):
    """A rule refused an action. `key` is stable; `message` is the English text."""

    def __init__(self, key: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.key = key
        self.message = message
        self.params = params


class ValidationFailed(DomainError):
    def __init__(self, errors: list[FieldError]) -> None:
        fields = ", ".join(e.field for e in errors)
        super().__init__("validation.failed", f"Please correct: {fields}")
        self.errors = errors


class ActionRefused(DomainError):
    """An action the current state, mode, feature set or role does not allow."""

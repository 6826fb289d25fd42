"""Stored documents and identifiers: strict JSON in and out of the database, account and
loyalty card numbers, ids read from clients."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from sqlalchemy import BindParameter, bindparam

from hq_stub import strictjson
from hq_stub.errors import HQError, damaged
from hq_stub.schemas import bad_text
from hq_stub.strictjson import NotStrictJSON

log = logging.getLogger("hq_stub")


def dump_doc(doc: dict[str, Any]) -> str:
    """The stored text of a document: strict JSON, checked before the transaction
    commits (so a response is never a 500 after a commit)."""
    try:
        return strictjson.dumps(doc)
    except NotStrictJSON as exc:
        raise HQError(422, "validation_error",
                      f"The customer cannot be stored as strict JSON ({exc})") from None


def load_doc(text: str, what: str = "customer") -> dict[str, Any]:
    """A stored document, read strictly; a damaged one (written by an older HQ or planted
    in the database) is a 409 ``damaged_record``, never a 500 or a non-JSON answer."""
    try:
        doc = strictjson.loads(text)
    except NotStrictJSON:
        log.warning("damaged stored %s skipped (not strict JSON)", what)
        raise damaged(what) from None
    if not isinstance(doc, dict):
        raise damaged(what)
    return doc


def safe_echo(value: Any) -> str | None:
    """A client's own (bad) id echoed back in a rejection: only short clean text."""
    if isinstance(value, str) and len(value) <= 64 and not bad_text(value):
        return value
    return None


def uuid_or_none(value: Any) -> str | None:
    """``value`` as a canonical UUID string, or None if it is not one."""
    if not isinstance(value, str):
        return None
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return None


def account_number(n: int) -> str:
    return f"C{n:07d}"


def card_number(n: int) -> str:
    return f"7{n:012d}"


def param(name: str) -> BindParameter[Any]:
    """A bound parameter of an executemany statement (``p_`` names avoid clashing with
    column names in ``values()``)."""
    return bindparam(name)

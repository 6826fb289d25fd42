"""The change feed of the device's store."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from hq_stub import contract as doc
from hq_stub.api.deps import Device
from hq_stub.api.errors import NOT_ALLOWED
from hq_stub.contract import responses
from hq_stub.errors import HQError
from hq_stub.service import HQService

# The cursor of the change feed: the decimal feed sequence of the last change received.
CURSOR_RE = re.compile(r"[0-9]{0,18}")


def router(service: HQService) -> APIRouter:
    api = APIRouter()

    @api.get("/api/v1/customers/changes", tags=["sync"],
             responses=responses(400, 401, 422, s200=doc.ChangesPage))
    def changes(
            dev: Device,
            after: Annotated[str | None, Query(
                description="The cursor: the `next` value of the previous page, as "
                            "received (the decimal sequence number of the last change "
                            "delivered; opaque to clients). Missing or empty: from the "
                            "beginning. Anything else is 400 `bad_cursor`.",
                json_schema_extra={"pattern": "^[0-9]{0,18}$", "maxLength": 18})] = None,
            limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> Response:
        """The change feed of the device's store: every customer changed after the
        cursor, in commit order. Follow `next` while `has_more`."""
        if after is not None and not CURSOR_RE.fullmatch(after):
            raise HQError(400, "bad_cursor", "cursor must be a value returned in 'next'")
        # The body is built from the stored documents as they are (see
        # feed.read_changes_json); the response model only documents the shape.
        return Response(service.feed.changes_json(dev[0], after, limit),
                        media_type="application/json")

    @api.api_route("/api/v1/customers/changes", methods=["PATCH"],
                   include_in_schema=False, name=NOT_ALLOWED)
    def changes_not_allowed() -> None:
        # Without this, /customers/{key} would take PATCH /customers/changes.
        raise StarletteHTTPException(405)

    return api

"""The device's store configuration."""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Any

from fastapi import APIRouter, Header, Response
from fastapi.responses import JSONResponse

from hq_stub import contract as doc
from hq_stub.api.deps import Device
from hq_stub.contract import responses
from hq_stub.service import HQService

IF_NONE_MATCH = {
    "name": "If-None-Match", "in": "header", "required": False,
    "schema": {"type": "string"},
    "description": "The `ETag` of the configuration the terminal holds: 304 (no body) "
                   "while it is still current, so a terminal checks cheaply before it "
                   "decides its customer creation mode."}
NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not modified: the `ETag` sent is still current",
          "headers": {"ETag": {"schema": {"type": "string"}}}}}
ETAG_HEADER = {"ETag": {"description": "The configuration's version (opaque, quoted)",
                        "schema": {"type": "string"}}}


def config_etag(config: dict[str, Any]) -> str:
    """An opaque strong ETag: a digest of the configuration as served."""
    text = json.dumps(config, sort_keys=True, separators=(",", ":"), default=str)
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match or len(if_none_match) > 1000:
        return False
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or etag in tags


def router(service: HQService) -> APIRouter:
    api = APIRouter()
    ok = responses(401, 404, s200=doc.StoreConfig)
    ok[200]["headers"] = ETAG_HEADER

    @api.get("/api/v1/store", tags=["store"], responses={**ok, **NOT_MODIFIED},
             openapi_extra={"parameters": [IF_NONE_MATCH]})
    def get_store(dev: Device, if_none_match: Annotated[str | None, Header(
            include_in_schema=False)] = None) -> Response:
        """The device's store: flags, default customer, groups, titles, attribute
        definitions (the rules customers are validated against). `ETag` names this
        version; `If-None-Match` with it answers 304 while it is current."""
        config = service.stores.config(dev[0])
        etag = config_etag(config)
        if _matches(if_none_match, etag):
            return Response(status_code=304, headers={"ETag": etag})
        return JSONResponse(config, headers={"ETag": etag})

    return api

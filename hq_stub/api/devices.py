"""Public routes: health and device activation (no token needed)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from hq_stub import contract as doc
from hq_stub.api.deps import exact
from hq_stub.api.guard import error_body
from hq_stub.contract import responses
from hq_stub.errors import HQError
from hq_stub.schemas import ActivateIn
from hq_stub.service import HQService


def router(service: HQService) -> APIRouter:
    api = APIRouter()

    @api.get("/health", tags=["health"], response_model=doc.Health)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @api.post("/api/v1/devices/activate", tags=["auth"], dependencies=[exact(ActivateIn)],
              responses=responses(400, 401, 413, 422, 429, s200=doc.Activation))
    def activate(body: ActivateIn, request: Request) -> JSONResponse:
        """Trade a one-time activation code for a device token. A wrong, used or expired
        code is 401; too many failures from one address are 429."""
        client = request.client.host if request.client else "?"
        try:
            return JSONResponse(service.devices.activate(body.activation_code,
                                                         body.terminal_id, client))
        except HQError as exc:
            if exc.status != 429:
                raise
            return JSONResponse(error_body(exc.code, exc.message), 429,
                                headers={"Retry-After": "60"})

    return api

"""The headers of the gateway's calls to the services within one request: as the caller (their token,
so each service applies its own rules), or as the gateway itself (an answer put together for every
team, which the gateway has already decided the caller may see)."""
from __future__ import annotations

from flask import g, request

from banzu_common.auth import GATEWAY_ROLE, issue_token

from banzu_gateway.bootstrap import runtime

TOKEN_SECONDS = 60


def as_caller() -> dict:
    return {"Authorization": request.headers["Authorization"], "X-Request-ID": g.request_id,
            "Accept": "application/json"}


def as_gateway() -> dict:
    token = issue_token(runtime.settings.jwt_secret, "gateway", [GATEWAY_ROLE], None, TOKEN_SECONDS)
    return {"Authorization": f"Bearer {token}", "X-Request-ID": g.get("request_id", ""), "Accept": "application/json"}

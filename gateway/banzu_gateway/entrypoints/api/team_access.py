"""Who may read a team's assessment and skill matrix: the roles given, or that team's leader (班组长,
a worker leading the team; domain.md "Team leaders")."""
from __future__ import annotations

import functools

from banzu_common.auth import Principal, current_principal
from banzu_common.errors import Forbidden

from banzu_gateway.bootstrap import runtime
from banzu_gateway.service_layer import directory


def led_team(principal: Principal) -> str | None:
    """The team the caller leads: a worker whose employee number is a team's leader."""
    if "worker" not in principal.roles or not principal.employee_no:
        return None
    with runtime.uow() as uow:
        return directory.led_team(uow, principal.employee_no)


def team_leader_or_roles(*roles: str):
    """View decorator for a path with `<code>`: callers holding one of `roles`, or the leader of
    that team. Placed above flask-smorest's decorators it runs before the request is parsed."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            principal = current_principal()
            if not principal.has(*roles) and led_team(principal) != kwargs["code"]:
                raise Forbidden("forbidden", "Only " + ", ".join(roles) + " and the team's own leader may see this.")
            return view(*args, **kwargs)

        return wrapper

    return decorate

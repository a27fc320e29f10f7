"""Sign-in, the caller's identity, and user accounts."""
from __future__ import annotations

from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from banzu_common.auth import ROLES, Unauthenticated, current_principal, roles_required

from banzu_gateway.bootstrap import runtime
from banzu_gateway.service_layer import accounts

blp = Blueprint("auth", __name__, description="Sign-in and user accounts")


class Credentials(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=80))
    password = fields.String(required=True, validate=validate.Length(min=1, max=200), load_only=True)


class TokenSchema(Schema):
    access_token = fields.String()
    token_type = fields.String()
    expires_in = fields.Integer()


class AccountSchema(Schema):
    """A user account as others see it (never the password)."""

    username = fields.String()
    roles = fields.List(fields.String())
    employee_no = fields.String(allow_none=True)


class UserSchema(Schema):
    username = fields.String(required=True, validate=validate.Regexp(r"^[A-Za-z0-9_.@-]{2,80}$"))
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=8, max=200))
    roles = fields.List(fields.String(validate=validate.OneOf(ROLES)), required=True,
                        validate=validate.Length(min=1))
    employee_no = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=40))


@blp.route("/auth/token")
class TokenResource(MethodView):
    @blp.arguments(Credentials)
    @blp.response(200, TokenSchema)
    def post(self, body):
        """Exchange a user name and password for a bearer token."""
        settings = runtime.settings
        with runtime.uow() as uow:
            try:
                token = accounts.sign_in(uow.session, body["username"], body["password"],
                                         request.remote_addr or "unknown", settings.jwt_secret,
                                         settings.token_ttl_seconds)
            except accounts.SignInRefused as refused:
                uow.commit()  # the failure counts towards throttling
                raise Unauthenticated(str(refused)) from None
            uow.commit()
        return token


@blp.route("/auth/me")
class MeResource(MethodView):
    @blp.response(200, AccountSchema)
    def get(self):
        """Who the bearer token belongs to."""
        principal = current_principal()
        return {"username": principal.username, "roles": sorted(principal.roles), "employee_no": principal.employee_no}


@blp.route("/users")
class UsersResource(MethodView):
    @roles_required("admin")
    @blp.arguments(UserSchema)
    @blp.response(201, AccountSchema)
    def post(self, body):
        """Create a user account [admin]."""
        admin = current_principal()
        with runtime.uow() as uow:
            user = accounts.create_user(uow.session, body["username"], body["password"], body["roles"],
                                        body["employee_no"], admin.username)
            uow.commit()
        return user

"""Sign-in, the caller's identity, and user accounts."""
from __future__ import annotations

from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from banzu_common.auth import ROLES, Unauthenticated, current_principal, roles_required
from banzu_common.errors import Invalid
from banzu_common.json_fields import JsonBoolean
from banzu_common.pagination import PageArgs, page_of, paged
from banzu_common.text_rules import ONE_LINE, WholePattern

from banzu_gateway.bootstrap import account_states, runtime
from banzu_gateway.entrypoints.api.team_access import led_team
from banzu_gateway.service_layer import accounts

blp = Blueprint("auth", __name__, description="Sign-in and user accounts")


class Credentials(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=80))
    password = fields.String(required=True, validate=validate.Length(min=1, max=200), load_only=True)


class TokenSchema(Schema):
    access_token = fields.String()
    token_type = fields.String()
    expires_in = fields.Integer()
    password_change_required = fields.Boolean(metadata={
        "description": "the password was set by an admin: until POST /auth/password every other call with "
                       "this token is 403 password_change_required"})


PASSWORD = validate.Length(min=accounts.MIN_PASSWORD_LENGTH, max=accounts.MAX_PASSWORD_LENGTH)
EMPLOYEE_NO = validate.And(validate.Length(min=1, max=40), ONE_LINE)


class AccountSchema(Schema):
    """A user account as others see it (never the password)."""

    username = fields.String()
    roles = fields.List(fields.String())
    employee_no = fields.String(allow_none=True)


class MeSchema(AccountSchema):
    leads = fields.String(allow_none=True, metadata={"description": "the code of the team the user leads (班组长), "
                                                                    "if any"})


class UserAccountSchema(AccountSchema):
    """An account as admins manage it."""

    email = fields.String(allow_none=True)
    language = fields.String()
    active = fields.Boolean()
    created_at = fields.DateTime()
    must_change_password = fields.Boolean(metadata={"description": "must change the password at the next sign-in"})


class UserChangeSchema(Schema):
    roles = fields.List(fields.String(validate=validate.OneOf(ROLES)), validate=validate.Length(min=1))
    employee_no = fields.String(allow_none=True, validate=EMPLOYEE_NO)
    email = fields.Email(allow_none=True, validate=validate.Length(max=200))
    language = fields.String(validate=validate.OneOf(accounts.LANGUAGES))
    password = fields.String(load_only=True, validate=PASSWORD)
    active = JsonBoolean()
    must_change_password = JsonBoolean(metadata={
        "description": "the account must change its password at its next sign-in (the admin pages set it with "
                       "every password they make); false for service accounts of integrations"})


class UserSchema(UserChangeSchema):
    username = fields.String(required=True, validate=WholePattern(r"^[A-Za-z0-9_.@-]{2,80}$"))
    password = fields.String(required=True, load_only=True, validate=PASSWORD)
    roles = fields.List(fields.String(validate=validate.OneOf(ROLES)), required=True,
                        validate=validate.Length(min=1))
    employee_no = fields.String(load_default=None, allow_none=True, validate=EMPLOYEE_NO)
    email = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=200))
    language = fields.String(load_default="zh", validate=validate.OneOf(accounts.LANGUAGES))
    must_change_password = JsonBoolean(load_default=False, metadata={
        "description": "the account must change its password at its first sign-in (default false, for "
                       "integrations' service accounts; the admin pages set it)"})

    class Meta:
        exclude = ("active",)


class UserFilter(PageArgs):
    q = fields.String(validate=validate.Length(min=1, max=80),
                      metadata={"description": "part of the user name, employee number or e-mail"})
    role = fields.String(validate=validate.OneOf(ROLES))
    employee_no = fields.String(validate=validate.Length(min=1, max=40))
    active = fields.Boolean()


class PasswordChangeSchema(Schema):
    current_password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=200))
    new_password = fields.String(required=True, load_only=True, validate=PASSWORD)


@blp.route("/auth/token")
class TokenResource(MethodView):
    @blp.arguments(Credentials)
    @blp.response(200, TokenSchema)
    @blp.alt_response(403, description="account_disabled: the right password of a deactivated account")
    def post(self, body):
        """Exchange a user name and password for a bearer token. An account whose password an admin set
        gets a token that serves only POST /auth/password until it is changed (password_change_required)."""
        settings = runtime.settings
        with runtime.uow() as uow:
            try:
                token = accounts.sign_in(uow, body["username"], body["password"],
                                         request.remote_addr or "unknown", settings.jwt_secret,
                                         settings.token_ttl_seconds)
            except accounts.SignInRefused as refused:
                uow.commit()  # the failure counts towards throttling
                raise Unauthenticated(str(refused)) from None
            uow.commit()
        return token


@blp.route("/auth/me")
class MeResource(MethodView):
    @blp.response(200, MeSchema)
    def get(self):
        """Who the bearer token belongs to, and the team they lead if they are a team leader."""
        principal = current_principal()
        return {"username": principal.username, "roles": sorted(principal.roles), "employee_no": principal.employee_no,
                "leads": led_team(principal)}


@blp.route("/auth/password")
class PasswordResource(MethodView):
    @blp.arguments(PasswordChangeSchema)
    @blp.response(204)
    def post(self, body):
        """Change my password [any]: the current one must match; the new one has at least 10
        characters and differs from it (422 otherwise). Other sign-ins of the account end."""
        principal = current_principal()
        with runtime.uow() as uow:
            try:
                accounts.change_password(uow, principal.username, body["current_password"],
                                         body["new_password"])
            except Invalid:
                uow.commit()  # a wrong current password counts towards its throttling
                raise
            uow.commit()
        account_states.forget(principal.username)


@blp.route("/users")
class UsersResource(MethodView):
    @roles_required("admin")
    @blp.arguments(UserSchema)
    @blp.response(201, UserAccountSchema)
    def post(self, body):
        """Create a user account [admin]; language is zh unless given."""
        admin = current_principal()
        with runtime.uow() as uow:
            user = accounts.create_user(uow, body["username"], body["password"], body["roles"],
                                        body["employee_no"], admin.username, body["email"], body["language"],
                                        body["must_change_password"])
            uow.commit()
        return user

    @roles_required("admin")
    @blp.arguments(UserFilter, location="query")
    @blp.response(200, page_of(UserAccountSchema, name="UserPage"))
    def get(self, args):
        """List accounts [admin], by user name."""
        with runtime.uow() as uow:
            rows, total = accounts.list_users(uow, args, args["page"], args["per_page"])
        return paged(rows, args["page"], args["per_page"], total)


@blp.route("/users/<username>")
class UserResource(MethodView):
    @roles_required("admin")
    @blp.response(200, UserAccountSchema)
    def get(self, username):
        """One account [admin]."""
        with runtime.uow() as uow:
            return accounts.get_user(uow, username)

    @roles_required("admin")
    @blp.arguments(UserChangeSchema)
    @blp.response(200, UserAccountSchema)
    def patch(self, changes, username):
        """Change an account's roles, linked employee number, e-mail, language, password or active flag
        [admin]. A change of roles, link, password or active flag ends the account's sign-ins."""
        with runtime.uow() as uow:
            user = accounts.update_user(uow, username, changes, current_principal())
            uow.commit()
        account_states.forget(username)
        return user

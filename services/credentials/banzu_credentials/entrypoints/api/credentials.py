"""Credentials: issue, read (with status on a date), renew, revoke, review, and the QR code."""
from __future__ import annotations

import io
from datetime import date

import qrcode
from flask import Response, jsonify
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from qrcode.image.pure import PyPNGImage

from banzu_common.auth import current_principal, require_self_or_roles, roles_required
from banzu_common.openapi_document import FILE
from banzu_common.pagination import PageArgs, page_of, paged
from banzu_common.text_rules import ONE_LINE

from banzu_credentials.adapters.badge_issuer import public_url
from banzu_credentials.bootstrap import runtime
from banzu_credentials.domain import CredentialStatus, IssueCredential
from banzu_credentials.entrypoints.api.common import DATE_RANGE, AsOfArgs, as_of
from banzu_credentials.service_layer import credentials, queries

blp = Blueprint("credentials", __name__, description="Credentials (certificates) and their status")


def one_line(most: int) -> validate.And:
    """Text of at most `most` characters without control characters (R15; the domain checks it too)."""
    return validate.And(validate.Length(max=most), ONE_LINE)


class IssueSchema(Schema):
    employee_no = fields.String(required=True, validate=one_line(64))
    type_code = fields.String(required=True, validate=one_line(50))
    number = fields.String(required=True, validate=one_line(64))
    issuer = fields.String(required=True, validate=one_line(200))
    issued_on = fields.Date(required=True, validate=DATE_RANGE)
    expires_on = fields.Date(load_default=None, allow_none=True, validate=DATE_RANGE)
    last_reviewed_on = fields.Date(load_default=None, allow_none=True, validate=DATE_RANGE, metadata={
        "description": "the certificate's last periodic review, for types with one: not after today, not "
                       "before issued_on; the next review counts from it (else from issued_on)"})


class IssueArgs(Schema):
    dry_run = fields.Boolean(load_default=False, metadata={
        "description": "only check: answer 200 with the credential as it would be recorded (its dates, status "
                       "and review_overdue) and write nothing"})


class RenewSchema(Schema):
    number = fields.String(required=True, validate=one_line(64))
    issued_on = fields.Date(required=True, validate=DATE_RANGE)
    expires_on = fields.Date(load_default=None, allow_none=True, validate=DATE_RANGE)
    issuer = fields.String(load_default=None, allow_none=True, validate=one_line(200))


class RevokeSchema(Schema):
    reason = fields.String(required=True, validate=one_line(500))


class ReviewSchema(Schema):
    reviewed_on = fields.Date(required=True, validate=DATE_RANGE)


class ExpiryNoticeSchema(Schema):
    kind = fields.String()
    threshold = fields.Integer(allow_none=True)
    on = fields.Date()


class CredentialPreviewSchema(Schema):
    """A credential as it would be recorded (POST /credentials?dry_run=true): no id or code yet."""

    employee_no = fields.String()
    holder_name = fields.String(allow_none=True, metadata={"description": "the holder's name in the directory"})
    type_code = fields.String()
    type_name = fields.String()
    number = fields.String()
    issuer = fields.String()
    issued_on = fields.Date()
    expires_on = fields.Date(allow_none=True)
    next_review_on = fields.Date(allow_none=True)
    last_reviewed_on = fields.Date(allow_none=True, metadata={"description": "the latest review recorded"})
    status = fields.String()
    review_overdue = fields.Boolean(metadata={
        "description": "the periodic review was due before as_of and none is recorded since (status review_due)"})
    days_left = fields.Integer(allow_none=True)
    as_of = fields.Date()


class CredentialSchema(CredentialPreviewSchema):
    id = fields.String()
    verification_code = fields.String()
    grade = fields.String(allow_none=True)
    revoked_on = fields.Date(allow_none=True)
    revoke_reason = fields.String(allow_none=True)
    superseded_by = fields.String(allow_none=True)
    reviews = fields.List(fields.Date())
    notices = fields.List(fields.Nested(ExpiryNoticeSchema))


class CredentialFilter(PageArgs, AsOfArgs):
    employee_no = fields.String(validate=validate.Length(max=64))
    team = fields.String(validate=validate.Length(max=40))
    type = fields.String(validate=validate.Length(max=50))
    status = fields.String(validate=validate.OneOf([s.value for s in CredentialStatus]))
    expiring_within = fields.Integer(validate=validate.Range(min=0, max=3650), metadata={
        "description": "only credentials neither revoked nor superseded that expire between as_of and "
                       "as_of + this many days"})


class PagedAsOfArgs(PageArgs, AsOfArgs):
    pass


@blp.route("/credentials")
class CredentialsResource(MethodView):
    @roles_required("hr")
    @blp.arguments(IssueArgs, location="query")
    @blp.arguments(IssueSchema)
    @blp.response(201, CredentialSchema)
    @blp.alt_response(200, schema=CredentialPreviewSchema, description="dry_run=true: the credential as it would "
                      "be recorded; nothing is written")
    def post(self, args, body):
        """Record a credential [hr]; expires_on defaults to issued_on + the type's validity, the next review
        to last_reviewed_on (else issued_on) + the type's interval; review_overdue says when it is due at once."""
        today = date.today()
        with runtime.uow() as uow:
            if args["dry_run"]:
                checked = credentials.checked_issue(uow, IssueCredential(**body), today=today)
                return jsonify(CredentialPreviewSchema().dump(queries.preview(uow, checked, today)))
            credential = credentials.issue(uow, IssueCredential(**body), today=today)
            uow.commit()
            return queries.get_credential(uow, credential.id, today)

    @roles_required("hr")
    @blp.arguments(CredentialFilter, location="query")
    @blp.response(200, page_of(CredentialSchema))
    def get(self, args):
        """List credentials by holder, team, type, status and expiry window on a date [hr]."""
        with runtime.uow() as uow:
            rows, total = queries.list_credentials(uow, args, as_of(args), args["page"], args["per_page"])
        return paged(rows, args["page"], args["per_page"], total)


@blp.route("/credentials/me")
class MyCredentialsResource(MethodView):
    @roles_required("worker")
    @blp.arguments(PagedAsOfArgs, location="query")
    @blp.response(200, page_of(CredentialSchema, name="MyCredentialPage"))
    def get(self, args):
        """The caller's own credentials [worker]."""
        principal = current_principal()
        if principal.employee_no is None:
            return paged([], args["page"], args["per_page"], 0)
        with runtime.uow() as uow:
            rows, total = queries.list_credentials(uow, {"employee_no": principal.employee_no}, as_of(args),
                                                   args["page"], args["per_page"])
        return paged(rows, args["page"], args["per_page"], total)


@blp.route("/credentials/<credential_id>")
class CredentialResource(MethodView):
    @blp.arguments(AsOfArgs, location="query")
    @blp.response(200, CredentialSchema)
    def get(self, args, credential_id):
        """One credential with its status, days left and the notices sent [hr, or its holder]."""
        current_principal()
        with runtime.uow() as uow:
            view = queries.get_credential(uow, credential_id, as_of(args))
        require_self_or_roles(view["employee_no"], "hr")
        return view


@blp.route("/credentials/<credential_id>/renew")
class RenewResource(MethodView):
    @roles_required("hr")
    @blp.arguments(RenewSchema)
    @blp.response(201, CredentialSchema)
    def post(self, body, credential_id):
        """Issue the renewal, which supersedes this credential [hr]."""
        with runtime.uow() as uow:
            renewal = credentials.renew(uow, credential_id, body)
            uow.commit()
            return queries.get_credential(uow, renewal.id, date.today())


@blp.route("/credentials/<credential_id>/revoke")
class RevokeResource(MethodView):
    @roles_required("hr")
    @blp.arguments(RevokeSchema)
    @blp.response(200, CredentialSchema)
    def post(self, body, credential_id):
        """Revoke the credential, with a reason [hr]."""
        with runtime.uow() as uow:
            credentials.revoke(uow, credential_id, body["reason"], date.today())
            uow.commit()
            return queries.get_credential(uow, credential_id, date.today())


@blp.route("/credentials/<credential_id>/reviews")
class ReviewsResource(MethodView):
    @roles_required("hr")
    @blp.arguments(ReviewSchema)
    @blp.response(200, CredentialSchema)
    def post(self, body, credential_id):
        """Record a periodic review (复审), which moves next_review_on on [hr]."""
        with runtime.uow() as uow:
            credentials.review(uow, credential_id, body["reviewed_on"])
            uow.commit()
            return queries.get_credential(uow, credential_id, date.today())


@blp.route("/credentials/<credential_id>/qr.png")
class QrCodeResource(MethodView):
    @blp.response(200, FILE, content_type="image/png")
    def get(self, credential_id):
        """The certificate's QR code: the public verification link with its code [hr, or its holder]."""
        current_principal()
        with runtime.uow() as uow:
            credential = credentials.get(uow, credential_id)
        require_self_or_roles(credential.employee_no, "hr")
        link = f"{public_url()}/verify/{credential.number}?code={credential.verification_code}"
        image = io.BytesIO()
        qrcode.make(link, image_factory=PyPNGImage).save(image)
        return Response(image.getvalue(), content_type="image/png")

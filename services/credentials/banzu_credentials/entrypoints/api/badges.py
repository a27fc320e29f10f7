"""Open Badges 3.0: a certificate's or a prize's badge for its holder, the issuer's DID document and
status lists (public), and checking a badge someone brings (public)."""
from __future__ import annotations

import json
from datetime import datetime, timezone

from flask import Response, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate

from banzu_common.auth import current_principal, require_self_or_roles, roles_required
from banzu_common.badges import did as did_web, vc_jwt
from banzu_common.badges.baking import baked_svg
from banzu_common.config import site_zone
from banzu_common.errors import Invalid
from banzu_common.openapi_document import FILE
from banzu_common.pagination import PageArgs, page_of, slice_page
from banzu_common.rules import Rule

from banzu_credentials.adapters.badge_issuer import badge_issuer
from banzu_credentials.bootstrap import runtime
from banzu_credentials.adapters.badge_image import badge_svg
from banzu_credentials.service_layer import badges

blp = Blueprint("badges", __name__, description="Open Badges 3.0 verifiable credentials: badges, the issuer's DID "
                "document and status lists, and checking a badge")

MAX_BADGE_BYTES = 2 * 1024 * 1024
OUTCOMES = ("valid", "revoked", "expired", "not_yet_valid", "foreign", "tampered", "unreadable")
TOO_LARGE = Rule("file_too_large", f"must be at most {MAX_BADGE_BYTES // (1024 * 1024)} MiB",
                 limit=MAX_BADGE_BYTES)
NOTHING_SENT = Rule("required", "send a badge: a file in `file` (multipart) or the JWT or SVG text in `badge` (JSON)")
JSON_OBJECT = {"type": "object"}


class BadgeTextSchema(Schema):
    badge = fields.String(required=True, validate=validate.Length(min=1, max=MAX_BADGE_BYTES), metadata={
        "description": "the badge's compact JWT, or the text of an SVG badge with the credential baked in"})


class VerdictSchema(Schema):
    outcome = fields.String(validate=validate.OneOf(OUTCOMES), metadata={
        "description": "valid; revoked (its status-list bit is set: revoked or superseded); expired; not_yet_valid; "
                       "foreign (issued by someone else, or with a key this installation never published); "
                       "tampered (names this installation and its key, but the content was changed after signing); "
                       "unreadable (no badge found)"})
    checked_at = fields.String(metadata={"description": "when it was checked (UTC)"})
    kind = fields.String(allow_none=True, metadata={"description": "certificate, skill_level or prize, for a badge "
                                                                   "this installation issued"})
    achievement = fields.Dict(allow_none=True, metadata={"description": "{name_zh, name_en, achievement_type}"})
    holder = fields.Dict(allow_none=True, metadata={"description": "{name, employee_no} as the badge states them"})
    issuer = fields.Dict(allow_none=True, metadata={"description": "{id, name} as the badge states them"})
    valid_from = fields.String(allow_none=True)
    valid_until = fields.String(allow_none=True)
    key_id = fields.String(allow_none=True, metadata={"description": "the signing key the badge names"})


class PrizeSchema(Schema):
    id = fields.String()
    contest_id = fields.String()
    contest_name = fields.String()
    occupation = fields.String()
    employee_no = fields.String()
    team_code = fields.String()
    rank = fields.Integer()
    prize = fields.String(metadata={"description": "first, second or third"})
    awarded_on = fields.Date()


PRIZE_PAGE = page_of(PrizeSchema)


class PrizeFilter(PageArgs):
    employee_no = fields.String(required=True, validate=validate.Length(min=1, max=64))


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _download(signed: badges.SignedBadge, image: bool) -> Response:
    if image:
        body = baked_svg(badge_svg(signed.content), signed.token)
        return Response(body, content_type="image/svg+xml",
                        headers={"Content-Disposition": f'attachment; filename="{signed.file_stem}.svg"'})
    return Response(signed.token, content_type=vc_jwt.MEDIA_TYPE,
                    headers={"Content-Disposition": f'attachment; filename="{signed.file_stem}.jwt"'})


def _credential_badge(credential_id: str, image: bool) -> Response:
    current_principal()
    with runtime.uow() as uow:
        require_self_or_roles(badges.credential_holder(uow, credential_id), "hr")
        signed = badges.credential_badge(uow, badge_issuer(), credential_id, _now(), site_zone())
        uow.commit()  # the badge's status bit, drawn the first time
    return _download(signed, image)


def _prize_badge(prize_id: str, image: bool) -> Response:
    current_principal()
    with runtime.uow() as uow:
        require_self_or_roles(badges.prize_holder(uow, prize_id), "hr")
        signed = badges.prize_badge(uow, badge_issuer(), prize_id, _now(), site_zone())
        uow.commit()
    return _download(signed, image)


@blp.route("/credentials/<credential_id>/badge")
class CredentialBadgeResource(MethodView):
    @blp.response(200, FILE, content_type=vc_jwt.MEDIA_TYPE)
    def get(self, credential_id):
        """The certificate as an Open Badges 3.0 credential, a JWT signed with EdDSA (VC-JWT) [its holder, hr];
        a skill-level certificate attests its grade on the ladder. 409 for a revoked or superseded one."""
        return _credential_badge(credential_id, image=False)


@blp.route("/credentials/<credential_id>/badge.svg")
class CredentialBadgeImageResource(MethodView):
    @blp.response(200, FILE, content_type="image/svg+xml")
    def get(self, credential_id):
        """The same badge baked into an SVG image (Open Badges 3.0 §5.3) [its holder, hr]."""
        return _credential_badge(credential_id, image=True)


@blp.route("/prizes/me")
class MyPrizesResource(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, PRIZE_PAGE)
    def get(self, args):
        """The caller's contest prizes [worker]: each has a badge."""
        principal = current_principal()
        with runtime.uow() as uow:
            found = badges.prizes_of(uow, principal.employee_no or "")
        return slice_page(found, args)


@blp.route("/prizes")
class PrizesResource(MethodView):
    @roles_required("hr")
    @blp.arguments(PrizeFilter, location="query")
    @blp.response(200, PRIZE_PAGE)
    def get(self, args):
        """A worker's contest prizes [hr]."""
        with runtime.uow() as uow:
            found = badges.prizes_of(uow, args["employee_no"])
        return slice_page(found, args)


@blp.route("/prizes/<prize_id>/badge")
class PrizeBadgeResource(MethodView):
    @blp.response(200, FILE, content_type=vc_jwt.MEDIA_TYPE)
    def get(self, prize_id):
        """The contest prize as an Open Badges 3.0 credential (VC-JWT) [its holder, hr]."""
        return _prize_badge(prize_id, image=False)


@blp.route("/prizes/<prize_id>/badge.svg")
class PrizeBadgeImageResource(MethodView):
    @blp.response(200, FILE, content_type="image/svg+xml")
    def get(self, prize_id):
        """The prize's badge baked into an SVG image [its holder, hr]."""
        return _prize_badge(prize_id, image=True)


@blp.route("/badges/issuer")
class IssuerResource(MethodView):
    @blp.response(200, JSON_OBJECT, content_type=did_web.MEDIA_TYPE)
    @blp.doc(security=[])
    def get(self):
        """The issuer's DID document (did:web) with every key still needed to verify a badge [public]; the
        gateway serves it at /.well-known/did.json."""
        issuer = badge_issuer()
        document = did_web.did_document(issuer.did, issuer.ring)
        return Response(json.dumps(document), content_type=did_web.MEDIA_TYPE,
                        headers={"Cache-Control": "public, max-age=300"})


@blp.route("/badges/status-lists/<int:list_no>")
class StatusListResource(MethodView):
    @blp.response(200, FILE, content_type=vc_jwt.MEDIA_TYPE)
    @blp.doc(security=[])
    def get(self, list_no):
        """A W3C Bitstring Status List credential, signed (VC-JWT) [public]: bit set = the badge was withdrawn."""
        with runtime.uow() as uow:
            token = badges.status_list(uow, badge_issuer(), list_no, _now())
        return Response(token, content_type=vc_jwt.MEDIA_TYPE, headers={"Cache-Control": "no-cache"})


@blp.route("/badges/verifications")
class VerificationResource(MethodView):
    @blp.doc(security=[], requestBody={"required": True, "content": {
        "application/json": {"schema": BadgeTextSchema},
        "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "additionalProperties": False,
                                           "properties": {
            "file": {"type": "string", "format": "binary", "description": "a .jwt file, or an SVG or PNG badge "
                                                                          "with the credential baked in; at most "
                                                                          "2 MiB"}}}}}})
    @blp.response(200, VerdictSchema)
    def post(self):
        """Check a badge [public]: answers what it is (valid, revoked, expired, …) and what it says."""
        content = _sent_badge()
        with runtime.uow() as uow:
            return badges.verification(uow, badge_issuer(), content, _now())


def _sent_badge() -> bytes:
    if request.content_length is not None and request.content_length > MAX_BADGE_BYTES + 64 * 1024:
        raise Invalid({"file": [TOO_LARGE]})
    if request.mimetype == "multipart/form-data":
        # the file's content, as a file part or (some clients send it so) as a plain form field; an
        # empty one is read like any other file and holds no badge
        upload = request.files.get("file")
        if upload is None and "file" not in request.form:
            raise Invalid({"file": [NOTHING_SENT]})
        content = upload.stream.read(MAX_BADGE_BYTES + 1) if upload is not None else \
            request.form["file"].encode("utf-8")
        if len(content) > MAX_BADGE_BYTES:
            raise Invalid({"file": [TOO_LARGE]})
        return content
    try:
        body = BadgeTextSchema().load(request.get_json(silent=True) if request.is_json else {})
    except ValidationError as error:
        raise Invalid(error.normalized_messages()) from error
    return body["badge"].encode("utf-8")

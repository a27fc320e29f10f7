"""Notifications: each user's own notices, team chat robots, and the outgoing messages admins watch."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from banzu_common.auth import current_principal, roles_required
from banzu_common.pagination import PageArgs, page_of, paged

from banzu_gateway.bootstrap import runtime

from banzu_gateway.domain.notices import LANGUAGES, Kind, robot_host
from banzu_gateway.adapters.outgoing import REASONS
from banzu_gateway.domain.robot_urls import DEFAULT_HOSTS
from banzu_gateway.service_layer import notifications

blp = Blueprint("notifications", __name__, description="Notifications, team chat robots and outgoing messages")

class NoticeSchema(Schema):
    id = fields.Integer()
    kind = fields.String(metadata={"enum": [str(kind) for kind in Kind]})
    title = fields.String()
    body = fields.String()
    link = fields.String(metadata={"description": "the web page the notice is about, e.g. /me/certificates"})
    created_at = fields.DateTime()
    read_at = fields.DateTime(allow_none=True)

class NoticeFilter(PageArgs):
    unread = fields.Boolean(metadata={"description": "true: only unread; false: only read; absent: all"})
    lang = fields.String(validate=validate.OneOf(LANGUAGES), metadata={
        "description": "the language of title and body (absent: the account's language)"})

class UnreadCountSchema(Schema):
    count = fields.Integer()

# A plain http(s) address: the shape the URL check accepts, for the document.
ROBOT_URL = r"^https?://[a-z0-9]+(\.[a-z0-9]+)*(:[1-9][0-9]{0,3})?(/[A-Za-z0-9._~-]*)*$"


class RobotSchema(Schema):
    url = fields.Url(required=True, allow_none=True, schemes={"http", "https"}, require_tld=False,
                     validate=validate.Length(max=1000),
                     metadata={"description": "the group robot's webhook (WeCom, DingTalk, Feishu or Lark): https to "
                                              f"one of {', '.join(DEFAULT_HOSTS)} or a host the operator added "
                                              "(BANZU_ROBOT_HOSTS), at public addresses only; null removes it",
                               "format": "uri", "pattern": ROBOT_URL})

class TeamRobotSchema(RobotSchema):
    team = fields.String()

class AttemptSchema(Schema):
    at = fields.DateTime()
    outcome = fields.String(metadata={"enum": ["sent", "retry", "failed"]})
    error = fields.String(allow_none=True)

class DeliverySchema(Schema):
    id = fields.Integer()
    channel = fields.String(metadata={"enum": ["email", "robot"]})
    recipient = fields.String(metadata={"description": "the user name, or the team's code for a robot"})
    to = fields.Function(lambda d: d["address"] if d["channel"] == "email" else robot_host(d["address"]),
                         metadata={"description": "the e-mail address, or the robot webhook's host (its URL "
                                                  "holds the group's key)"})
    subject = fields.String(allow_none=True)
    body = fields.String()
    message_id = fields.String()
    status = fields.String(metadata={"enum": ["pending", "sent", "failed"]})
    attempts = fields.List(fields.Nested(AttemptSchema), attribute="attempt_log")
    last_error = fields.String(allow_none=True)
    last_error_reason = fields.String(allow_none=True, metadata={
        "enum": [*REASONS, None], "description": "why the last attempt failed, in a word a page translates"})
    next_attempt_at = fields.DateTime()
    created_at = fields.DateTime()
    sent_at = fields.DateTime(allow_none=True)

class DeliveryFilter(PageArgs):
    status = fields.String(validate=validate.OneOf(["pending", "sent", "failed"]))
    channel = fields.String(validate=validate.OneOf(["email", "robot"]))

@blp.route("/me/notifications")
class MyNotices(MethodView):
    @blp.arguments(NoticeFilter, location="query")
    @blp.response(200, page_of(NoticeSchema))
    def get(self, args):
        """My notifications [any signed-in user], unread first, then the newest first."""
        with runtime.uow() as uow:
            rows, total = notifications.my_notices(uow, current_principal().username, args.get("unread"),
                                                   args["page"], args["per_page"], args.get("lang"))
        return paged(rows, args["page"], args["per_page"], total)

@blp.route("/me/notifications/unread-count")
class MyUnreadCount(MethodView):
    @blp.response(200, UnreadCountSchema)
    def get(self):
        """How many of my notifications are unread [any signed-in user]."""
        with runtime.uow() as uow:
            return {"count": notifications.unread_count(uow, current_principal().username)}

@blp.route("/me/notifications/<int:notice_id>/read")
class ReadNotice(MethodView):
    @blp.response(204)
    @blp.alt_response(404, description="Not one of my notifications")
    def post(self, notice_id):
        """Mark one of my notifications read [any signed-in user]; reading it again changes nothing."""
        with runtime.uow() as uow:
            notifications.mark_read(uow, current_principal().username, notice_id)
            uow.commit()

@blp.route("/me/notifications/read-all")
class ReadAllNotices(MethodView):
    @blp.response(204)
    def post(self):
        """Mark all my notifications read [any signed-in user]."""
        with runtime.uow() as uow:
            notifications.mark_all_read(uow, current_principal().username)
            uow.commit()

@blp.route("/teams/<code>/robot")
class TeamRobot(MethodView):
    @roles_required("hr")
    @blp.response(200, TeamRobotSchema)
    def get(self, code):
        """The team group's chat robot webhook [hr]; `url` is null when there is none."""
        with runtime.uow() as uow:
            return notifications.team_robot(uow, code)

    @roles_required("hr")
    @blp.arguments(RobotSchema)
    @blp.response(200, TeamRobotSchema)
    def put(self, body, code):
        """Set the team group's chat robot webhook [hr]; null removes it. The team's notices (members'
        certificates expiring or expired, promotions) are posted to it. 422 `robot_url_refused` unless it is
        https to a chat robot's host whose addresses are all public."""
        with runtime.uow() as uow:
            robot = notifications.set_team_robot(uow, code, body["url"], current_principal().username)
            uow.commit()
        return robot

@blp.route("/notifications/deliveries")
class Deliveries(MethodView):
    @roles_required("admin")
    @blp.arguments(DeliveryFilter, location="query")
    @blp.response(200, page_of(DeliverySchema))
    def get(self, args):
        """Outgoing e-mails and robot messages with their attempts [admin], the newest first."""
        with runtime.uow() as uow:
            rows, total = notifications.deliveries(uow, args.get("status"), args.get("channel"), args["page"],
                                                   args["per_page"])
        return paged(rows, args["page"], args["per_page"], total)

@blp.route("/notifications/deliveries/<int:delivery_id>/retry")
class RetryDelivery(MethodView):
    @roles_required("admin")
    @blp.response(200, DeliverySchema)
    @blp.alt_response(409, description="The delivery has not failed (reason `delivery_not_failed`)")
    def post(self, delivery_id):
        """Send a failed message again [admin], with a fresh retry budget."""
        with runtime.uow() as uow:
            found = notifications.retry_delivery(uow, delivery_id)
            uow.commit()
        return found

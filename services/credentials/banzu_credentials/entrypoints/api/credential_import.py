"""Bulk import of credentials from CSV or XLSX (the same contract as the workers import)."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from flask_smorest.fields import Upload
from marshmallow import Schema, fields

from banzu_common.auth import require_roles

from banzu_credentials.adapters.spreadsheets import read_rows
from banzu_credentials.bootstrap import runtime
from banzu_credentials.domain.import_rows import COLUMNS
from banzu_credentials.service_layer.imports import import_credentials

blp = Blueprint("credential_import", __name__, description="Credential import")


class ImportFileSchema(Schema):
    file = Upload(required=True, metadata={"description": f"CSV or XLSX with the columns {', '.join(COLUMNS)}"})


class ImportArgs(Schema):
    dry_run = fields.Boolean(load_default=False)
    partial = fields.Boolean(load_default=False)


class ImportErrorSchema(Schema):
    row = fields.Integer()
    field = fields.String()
    message = fields.String()


class ImportReportSchema(Schema):
    created = fields.Integer()
    updated = fields.Integer()
    dry_run = fields.Boolean()
    valid_rows = fields.Integer()
    errors = fields.List(fields.Nested(ImportErrorSchema))


@blp.route("/credentials/import")
class ImportResource(MethodView):
    @blp.arguments(ImportArgs, location="query")
    @blp.arguments(ImportFileSchema, location="files")
    @blp.response(200, ImportReportSchema)
    def post(self, args, files):
        """Import credentials [hr]. With any error nothing is written, unless partial=true; dry_run=true
        only validates."""
        require_roles("hr")
        upload = files["file"]
        rows = read_rows(upload.filename or "", upload.read())
        with runtime.uow() as uow:
            report = import_credentials(uow, rows, dry_run=args["dry_run"], partial=args["partial"])
            uow.commit()
        return report

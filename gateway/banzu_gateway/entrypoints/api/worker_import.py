"""Bulk import of workers from a CSV or XLSX upload."""
from __future__ import annotations

from datetime import date

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from banzu_common.auth import roles_required
from banzu_common.tabular_import import (TEMPLATE_RESPONSES, ImportArgs, ImportReportSchema, TemplateArgs, read_rows,
                                        template_response, upload_schema)

from banzu_gateway.bootstrap import runtime
from banzu_gateway.domain.worker_rows import COLUMNS
from banzu_gateway.service_layer.worker_import import import_workers

blp = Blueprint("worker_import", __name__, description="Worker import")
FILE_NOTE = ("grade as a code or its zh or en label; occupation as the code of an occupation of the catalogue or its "
             "zh or en name (ignoring case)")


class WorkerImportReportSchema(ImportReportSchema):
    unchanged = fields.Integer()


@blp.route("/workers/import")
class WorkerImportResource(MethodView):
    @roles_required("hr")
    @blp.arguments(ImportArgs, location="query")
    @blp.arguments(upload_schema("WorkerImportFile", COLUMNS, FILE_NOTE), location="files")
    @blp.response(200, WorkerImportReportSchema)
    def post(self, args, files):
        """Create and update workers from a file [hr]. With any error nothing is written, unless
        partial=true; dry_run=true only validates. `created` and `updated` count what was written."""
        upload = files["file"]
        rows = read_rows(upload.filename or "", upload.stream, COLUMNS)
        with runtime.uow() as uow:
            report = import_workers(uow, rows, dry_run=args["dry_run"], partial=args["partial"], today=date.today())
            uow.commit()
        return report


@blp.route("/workers/import/template")
class WorkerImportTemplateResource(MethodView):
    @roles_required("hr")
    @blp.arguments(TemplateArgs, location="query")
    @blp.doc(responses=TEMPLATE_RESPONSES)
    def get(self, args):
        """The empty workers import file, its header row naming the columns [hr]."""
        return template_response("workers", COLUMNS, args["format"])

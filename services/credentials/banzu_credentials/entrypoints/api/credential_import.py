"""Bulk import of credentials from CSV or XLSX (the same contract as the workers import)."""
from __future__ import annotations

from datetime import date

from flask.views import MethodView
from flask_smorest import Blueprint

from banzu_common.auth import roles_required
from banzu_common.tabular_import import (TEMPLATE_RESPONSES, ImportArgs, ImportReportSchema, TemplateArgs, read_rows,
                                        template_response, upload_schema)

from banzu_credentials.bootstrap import runtime
from banzu_credentials.domain.import_rows import COLUMNS
from banzu_credentials.service_layer.imports import import_credentials

blp = Blueprint("credential_import", __name__, description="Credential import")


@blp.route("/credentials/import")
class ImportResource(MethodView):
    @roles_required("hr")
    @blp.arguments(ImportArgs, location="query")
    @blp.arguments(upload_schema("CredentialImportFile", COLUMNS,
                                 "expires_on and last_reviewed_on may be empty (or their columns missing)"), location="files")
    @blp.response(200, ImportReportSchema)
    def post(self, args, files):
        """Import credentials [hr]. With any error nothing is written, unless partial=true; dry_run=true
        only validates."""
        upload = files["file"]
        rows = read_rows(upload.filename or "", upload.stream)
        with runtime.uow() as uow:
            report = import_credentials(uow, rows, dry_run=args["dry_run"], partial=args["partial"],
                                        today=date.today())
            uow.commit()
        return report


@blp.route("/credentials/import/template")
class ImportTemplateResource(MethodView):
    @roles_required("hr")
    @blp.arguments(TemplateArgs, location="query")
    @blp.doc(responses=TEMPLATE_RESPONSES)
    def get(self, args):
        """The empty credentials import file, its header row naming the columns [hr]."""
        return template_response("credentials", COLUMNS, args["format"])

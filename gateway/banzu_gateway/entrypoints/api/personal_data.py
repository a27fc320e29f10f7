"""`GET /workers/{employee_no}/personal-data`: everything every part holds about a person, as one
ZIP (PIPL, the right to a copy): one JSON file per part and a summary in the person's language that
names any part that did not answer, so nothing is silently missing."""
from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime, timezone
from urllib.parse import quote

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint

from banzu_common.auth import self_or_roles_required
from banzu_common.openapi_document import FILE

from banzu_gateway import translations
from banzu_gateway.adapters.gather import UNAVAILABLE
from banzu_gateway.bootstrap import runtime
from banzu_gateway.entrypoints.api.service_headers import as_caller
from banzu_gateway.service_layer.personal_data import held_everywhere

blp = Blueprint("personal_data", __name__, description="A person's own data")
ZIP = "application/zip"


def language_of(held: dict) -> str:
    accounts = held.get("accounts") or []
    return next((a["language"] for a in accounts if a.get("language") in translations.LANGUAGES),
                translations.DEFAULT_LANGUAGE)


def summary(worker: dict, parts: dict[str, dict | str], lang: str) -> str:
    """summary.txt of the copy, in the person's language: what each part holds, row counts per table."""
    made = datetime.now(timezone.utc).isoformat(timespec="seconds")
    lines = [translations.words_in(lang, "personal_data_title", name=worker["name"], employee_no=worker["employee_no"]),
             translations.words_in(lang, "personal_data_made", at=made),
             "", translations.words_in(lang, "personal_data_intro"), ""]
    for part, held in parts.items():
        label = translations.code_words(lang, "personal_data_part", part)
        if held == UNAVAILABLE:
            lines.append(translations.words_in(lang, "personal_data_unavailable", part=label))
            continue
        file = f"{part}.json"
        lines.append(translations.words_in(lang, "personal_data_part", part=label, file=file))
        lines += [translations.plural_words_in(lang, "personal_data_rows", len(rows), table=table)
                  for table, rows in held.items()]
    return "\n".join(lines) + "\n"


@blp.route("/workers/<employee_no>/personal-data")
class PersonalDataResource(MethodView):
    @self_or_roles_required("employee_no")  # admin, or that worker
    @blp.response(200, FILE, content_type=ZIP, description="a ZIP: one JSON file per part and summary.txt")
    def get(self, employee_no):
        """Everything every part holds about a person, as one ZIP [admin, or that worker]."""
        worker, held = held_everywhere(runtime.uow(), employee_no, as_caller())
        archive = io.BytesIO()
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
            for part, rows in held.items():
                if rows != UNAVAILABLE:
                    zipped.writestr(f"{part}.json", json.dumps(rows, ensure_ascii=False, indent=1, default=str))
            zipped.writestr("summary.txt", summary(worker, held, language_of(held["gateway"])))
        response = Response(archive.getvalue(), content_type=ZIP)
        response.headers["Content-Disposition"] = f'attachment; filename="personal-data-{quote(employee_no)}.zip"'
        return response

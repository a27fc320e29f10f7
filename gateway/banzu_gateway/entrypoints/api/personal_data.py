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

from banzu_gateway.adapters.gather import UNAVAILABLE
from banzu_gateway.bootstrap import runtime
from banzu_gateway.entrypoints.api.service_headers import as_caller
from banzu_gateway.service_layer.personal_data import held_everywhere

blp = Blueprint("personal_data", __name__, description="A person's own data")
ZIP = "application/zip"
SUMMARY = {
    "zh": {"title": "个人信息副本：{name}（工号 {employee_no}）", "made": "生成时间：{at}",
           "intro": "本文件包含 Banzu 各部分保存的与您有关的全部信息，每部分一个 JSON 文件。",
           "part": "{part}（{file}）：", "rows": "  {table}：{count} 条", "unavailable": "{part}：暂时无法取得，请稍后再次申请。",
           "parts": {"gateway": "目录、账号、晋升与班组评分、通知", "credentials": "证书",
                     "training": "培训", "competition": "技能竞赛"}},
    "en": {"title": "Copy of personal data: {name} (employee no. {employee_no})", "made": "Made at {at}",
           "intro": "This file holds everything Banzu's parts keep about you, one JSON file per part.",
           "part": "{part} ({file}):", "rows": "  {table}: {count} rows",
           "unavailable": "{part}: could not be read just now; please ask again later.",
           "parts": {"gateway": "directory, accounts, promotions and team scores, notifications",
                     "credentials": "certificates", "training": "training", "competition": "skills contests"}},
}


def language_of(held: dict) -> str:
    accounts = held.get("accounts") or []
    return next((a["language"] for a in accounts if a.get("language") in SUMMARY), "zh")


def summary(worker: dict, parts: dict[str, dict | str], lang: str) -> str:
    words = SUMMARY[lang]
    lines = [words["title"].format(name=worker["name"], employee_no=worker["employee_no"]),
             words["made"].format(at=datetime.now(timezone.utc).isoformat(timespec="seconds")), "",
             words["intro"], ""]
    for part, held in parts.items():
        label = words["parts"][part]
        if held == UNAVAILABLE:
            lines.append(words["unavailable"].format(part=label))
            continue
        lines.append(words["part"].format(part=label, file=f"{part}.json"))
        lines += [words["rows"].format(table=table, count=len(rows)) for table, rows in held.items()]
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

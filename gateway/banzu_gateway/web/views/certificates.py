"""A worker's certificates with their QR codes, and the public page a QR code opens."""
from __future__ import annotations

from flask import Response, g, render_template, request

from banzu_gateway.web.api_client import api, expect_ok, path
from banzu_gateway.web.presentation import status_tone
from banzu_gateway.web.site import bp, page_for

MAX_CODE_LENGTH = 64


def credential_type_names() -> dict[str, dict[str, str]]:
    """type code -> {"zh": name, "en": name}."""
    return {item["code"]: {"zh": item.get("name_zh") or item.get("name"), "en": item.get("name_en") or item.get("name")}
            for item in api().read_all("/credential-types")}


@bp.get("/me/certificates")
@page_for("worker")
def my_certificates():
    credentials = api().read_all("/credentials/me")
    names = credential_type_names() if credentials else {}
    for credential in credentials:
        credential["type_label"] = names.get(credential["type_code"], {}).get(g.lang) or credential["type_name"]
        credential["tone"] = status_tone(credential["status"])
    return render_template("certificates.html", credentials=credentials)


@bp.get("/me/certificates/<credential_id>/qr.png")
@page_for("worker")
def certificate_qr(credential_id: str):
    image = expect_ok(api().get(path("/credentials/{}/qr.png", credential_id)))
    return Response(image, content_type="image/png")


@bp.get("/verify/<number>")
def verify(number: str):
    """Public: the same page, and the same 404, for an unknown number and a wrong code."""
    answer = api().get(path("/verify/{}", number), {"code": request.args.get("code", "")[:MAX_CODE_LENGTH]})
    if answer.status in (404, 422):
        return render_template("verify.html", certificate=None), 404
    certificate = expect_ok(answer)
    type_name = certificate.get("type_name_en") if g.lang == "en" else certificate.get("type_name")
    certificate["type_label"] = type_name or certificate["type"]
    certificate["tone"] = status_tone(certificate["status"])
    return render_template("verify.html", certificate=certificate)

"""A worker's certificates with their QR codes, and the public page a QR code opens."""
from __future__ import annotations

from flask import Response, g, render_template, request

from banzu_gateway.web import services
from banzu_gateway.web.presentation import status_tone
from banzu_gateway.web.site import bp, page_for

MAX_CODE_LENGTH = 64


@bp.get("/me/certificates")
@page_for("worker")
def my_certificates():
    credentials = services.my_credentials(g.user)
    names = services.credential_type_names(g.user) if credentials else {}
    for credential in credentials:
        credential["type_label"] = names.get(credential["type_code"], {}).get(g.lang) or credential["type_name"]
        credential["tone"] = status_tone(credential["status"])
    return render_template("certificates.html", credentials=credentials)


@bp.get("/me/certificates/<credential_id>/qr.png")
@page_for("worker")
def certificate_qr(credential_id: str):
    image = services.credential_qr(g.user, credential_id)
    return Response(image, content_type="image/png")


@bp.get("/verify/<number>")
def verify(number: str):
    """Public: the same page, and the same 404, for an unknown number and a wrong code."""
    certificate = services.verification(number, request.args.get("code", "")[:MAX_CODE_LENGTH])
    if certificate is None:
        return render_template("verify.html", certificate=None), 404
    type_name = certificate.get("type_name_en") if g.lang == "en" else certificate.get("type_name")
    certificate["type_label"] = type_name or certificate["type"]
    certificate["tone"] = status_tone(certificate["status"])
    return render_template("verify.html", certificate=certificate)

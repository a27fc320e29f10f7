"""The occupation catalogue (工种) for HR and admins: every occupation with its names in both languages
and the certificates it requires (from the credentials service), a form to add one and one to rename each."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from banzu_gateway.web.api_client import api, path
from banzu_gateway.web.form_data import idempotency_key, submitted
from banzu_gateway.web.problems import Refusal, refusal_of
from banzu_gateway.web.site import PageError, bp, page_for
from banzu_gateway.web.views.choices import credential_type_labels

NEW_FIELDS = ("code", "name_zh", "name_en")
# The API's fields of an occupation's names, as the forms name them.
NAME_FIELDS = {"name.zh": "name_zh", "name.en": "name_en"}


@bp.get("/occupations")
@page_for("hr")
def occupations():
    return catalogue_page()


@bp.post("/occupations")
@page_for("hr")
def add_occupation():
    form = submitted(*NEW_FIELDS)
    answer = api().post("/occupations", {"code": form["code"], "name": names_of(form)},
                        idempotency_key=idempotency_key())
    if answer.ok:
        flash("occupation_added")
        return redirect(url_for("web.occupations", _anchor=f"occupation-{answer.json()['code']}"), code=303)
    return catalogue_page(new=form, refusal=beside_code(refusal_of(answer, NAME_FIELDS)), key=idempotency_key())


@bp.post("/occupations/<code>")
@page_for("hr")
def rename_occupation(code: str):
    """Both names as the occupation's rename form shows them (its fields are named after the code, as
    every occupation on the page has one); an unchanged name is sent as it is."""
    fields = {"name_zh": f"zh-{code}", "name_en": f"en-{code}"}
    form = {name: request.form.get(field, "").strip() for name, field in fields.items()}
    answer = api().patch(path("/occupations/{}", code), {"name": names_of(form)})
    if answer.ok:
        flash("occupation_renamed")
        return redirect(url_for("web.occupations", _anchor=f"occupation-{code}"), code=303)
    if answer.status == 404:
        raise PageError(404, "not_found")
    refusal = refusal_of(answer, {f"name.{lang}": fields[f"name_{lang}"] for lang in ("zh", "en")})
    return catalogue_page(renaming=code, renamed=form, refusal=refusal)


def names_of(form: dict[str, str]) -> dict[str, str]:
    return {"zh": form["name_zh"], "en": form["name_en"]}


def beside_code(refusal: Refusal) -> Refusal:
    """A code already taken is said beside the code, where it is fixed."""
    if refusal.reason == "occupation_exists":
        refusal.fields.setdefault("code", []).append(refusal.summary)
    return refusal


def catalogue_page(new: dict | None = None, renaming: str | None = None, renamed: dict | None = None,
                   refusal: Refusal | None = None, key: str | None = None):
    """The catalogue, each occupation with its required certificate types; a refused form is shown
    again with what was typed and the refusal beside its fields (422)."""
    items = api().read("/occupations")["items"]
    requirements = required_types([item["code"] for item in items])
    labels = credential_type_labels() if requirements else {}
    rows = [{"code": item["code"], "zh": item["name"]["zh"], "en": item["name"]["en"],
             "required": None if requirements is None else [labels.get(c, c) for c in requirements[item["code"]]]}
            for item in items]
    return render_template("directory/occupations.html", rows=rows, new=new or {}, renaming=renaming,
                           renamed=renamed or {}, refusal=refusal, key=key,
                           requirements_known=requirements is not None), 422 if refusal else 200


def required_types(codes: list[str]) -> dict[str, list[str]] | None:
    """Each occupation's required credential types; None when the credentials service cannot say
    (asked once per occupation: the catalogue is short)."""
    found = {}
    for code in codes:
        answer = api().get(path("/occupation-requirements/{}", code))
        if answer.status >= 500:
            return None
        found[code] = answer.json().get("type_codes", []) if answer.ok else []
    return found

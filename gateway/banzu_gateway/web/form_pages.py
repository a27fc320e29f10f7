"""The two shapes most console pages take: a create form (post, then the new thing's page or the
refusal beside the fields) and a filtered, paged list read like the API's."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Response, flash, redirect, render_template, request, url_for

from banzu_gateway.web.api_client import api, expect_ok, relayed_file
from banzu_gateway.web.form_data import filled, idempotency_key, submitted
from banzu_gateway.web.pagination import Pager, page_number
from banzu_gateway.web.people import choose_people, person_filters
from banzu_gateway.web.problems import Refusal, refusal_of
from banzu_gateway.web.site import PageError


@dataclass(frozen=True)
class CreateForm:
    template: str
    api_path: str
    fields: tuple[str, ...]
    flash: str  # catalogue key said on the created thing's page
    shows: str  # endpoint of that page
    param: str  # its parameter, filled from the API's answer[`key`]
    key: str
    lists: tuple[str, ...] = ()  # fields sent as lists (checkboxes of one name)
    secrets: tuple[str, ...] = ()  # fields never sent back to the browser
    flags: tuple[str, ...] = ()  # checkboxes (value "true"), sent as true or false
    people: tuple[str, ...] = ()  # person fields: a name, number or team, chosen as web/people.py says

    def page(self, initial: dict | None = None, context: Callable[[], dict] = dict):
        if request.method == "GET":
            return render_template(self.template, form=initial or {}, refusal=None, key=None, matches={},
                                   **context())
        form = submitted(*self.fields)
        lists = {name: request.form.getlist(name) for name in self.lists}
        lists |= {name: request.form.get(name) == "true" for name in self.flags}
        shown = form | lists | {name: "" for name in self.secrets}
        numbers, matches, unchosen = choose_people(request.form, *self.people)
        if unchosen:
            return render_template(self.template, form=shown, refusal=unchosen, key=idempotency_key(),
                                   matches=matches, **context()), 422
        answer = api().post(self.api_path, filled(form | numbers) | lists, idempotency_key=idempotency_key())
        if answer.ok:
            flash(self.flash)
            return redirect(url_for(self.shows, **{self.param: answer.json()[self.key]}), code=303)
        return render_template(self.template, form=shown, refusal=refusal_of(answer), key=idempotency_key(),
                               matches={}, **context()), 422


@dataclass
class Listing:
    """One page of a list, with the filters chosen (all, and the non-empty ones for links)."""

    items: list
    pager: Pager
    chosen: dict[str, str]
    active: dict[str, str]
    refusal: Refusal | None = field(default=None)
    answer: dict = field(default_factory=dict)  # the API's whole answer (lists may say more than items)
    matches: dict[str, list[dict]] = field(default_factory=dict)  # person filters' workers to pick from

    @property
    def status(self) -> int:
        return 400 if self.refusal else 200


def filtered_list(api_path: str, filters: tuple[str, ...], per_page: int, people: tuple[str, ...] = (),
                  fixed: dict | None = None) -> Listing:
    """The page of `api_path` the query string asks for; filters the API refuses come back as a
    refusal (and an empty list) for the filter form to show. `people` are person filters (a name,
    number or team, web/people.py): until each stands for one worker the list is not read. `fixed`: query
    values every request of this list sends (not filters the person changes)."""
    chosen = {name: request.args.get(name, "").strip() for name in filters}
    searched = dict(chosen)
    matches, unchosen = person_filters(request.args, searched, *people)
    page = page_number(request.args.get("page"))
    if unchosen:
        return Listing([], Pager(page, per_page, 0), chosen, {}, unchosen, {}, matches)
    active = {name: value for name, value in searched.items() if value}
    answer = api().get(api_path, {**active, **(fixed or {}), "page": page, "per_page": per_page})
    refusal = refusal_of(answer) if answer.status == 422 else None
    listing = {"items": [], "total": 0} if refusal else expect_ok(answer)
    return Listing(listing["items"], Pager(page, per_page, listing["total"]), chosen, active, refusal, listing)


def download(api_path: str, filters: tuple[str, ...], params: dict) -> Response:
    """A file the API makes from a filtered list (CSV, XLSX), with the filters of the query string;
    filters it refuses send the reader back to fix them."""
    active = {name: value for name in filters if (value := request.args.get(name, "").strip())}
    answer = api().get(api_path, {**active, **params})
    if answer.status == 422:
        raise PageError(400, "fix_filters")
    return relayed_file(answer)

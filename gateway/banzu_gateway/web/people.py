"""Choosing a person by what people know of them. A person field accepts a name (any part), an employee
number (its start) or a team code, and works without scripts: the typed text is looked up in the
directory (`GET /workers?q=`); an exact employee number or a single match is the person, several are
offered to pick from (radio buttons named `<field>_pick`), none is said beside the field."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import g
from werkzeug.datastructures import MultiDict

from banzu_gateway.web import i18n
from banzu_gateway.web.api_client import api
from banzu_gateway.web.problems import Refusal

MAX_MATCHES = 50
PICK = "{}_pick"


def find_workers(text: str) -> list[dict] | None:
    """Workers whose name contains `text`, whose number begins with it or whose team it is; None when the
    directory cannot be searched now."""
    answer = api().get("/workers", {"q": text, "per_page": MAX_MATCHES})
    if not answer.ok:
        return None
    return answer.json()["items"]


@dataclass
class PersonChoice:
    """The employee number a person field stands for, or what the form must show again: the matches to
    pick from, or a message beside the field."""

    employee_no: str | None = None
    matches: list[dict] = field(default_factory=list)
    message: str | None = None


def choose_person(name: str, values: MultiDict) -> PersonChoice:
    """What the field `name` of the submitted `values` stands for. A blank field stands for nobody (the
    API says whether one is needed); when the directory cannot be searched the text goes on as typed,
    for the API to judge as an employee number."""
    picked = (values.get(PICK.format(name)) or "").strip()
    if picked:
        return PersonChoice(picked)
    typed = (values.get(name) or "").strip()
    if not typed:
        return PersonChoice()
    found = find_workers(typed)
    if found is None:
        return PersonChoice(typed)
    exact = [w for w in found if w["employee_no"].casefold() == typed.casefold()]
    if exact:
        return PersonChoice(exact[0]["employee_no"])
    if len(found) == 1:
        return PersonChoice(found[0]["employee_no"])
    if not found:
        return PersonChoice(message=i18n.translate(g.lang, "person_not_found", q=typed))
    return PersonChoice(matches=found, message=i18n.translate_plural(g.lang, "person_pick_one", len(found), q=typed))


def choose_people(values: MultiDict, *names: str) -> tuple[dict[str, str], dict[str, list[dict]],
                                                            Refusal | None]:
    """Each of the person fields `names`: (the employee numbers of those that stand for one person, the
    matches to pick from by field, the refusal to show when any field does not stand for one person yet)."""
    numbers, matches, messages = {}, {}, {}
    for name in names:
        choice = choose_person(name, values)
        if choice.employee_no:
            numbers[name] = choice.employee_no
        if choice.matches:
            matches[name] = choice.matches
        if choice.message:
            messages[name] = [choice.message]
    refusal = Refusal(i18n.translate(g.lang, "person_fix"), messages) if messages else None
    return numbers, matches, refusal


def person_filters(args: MultiDict, chosen: dict[str, str], *names: str) -> tuple[dict[str, list[dict]],
                                                                                 Refusal | None]:
    """The person filters `names` of a list: each stands for one worker's number in `chosen` (the filters
    the list reads), or the matches to pick from and the refusal are given back for the filter form."""
    numbers, matches, refusal = choose_people(args, *names)
    for name in names:
        if name in numbers:
            chosen[name] = numbers[name]
        elif name in matches or (refusal and refusal.on(name)):
            chosen[name] = ""
    return matches, refusal

"""The directory of teams and workers; every change goes out as a directory event."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timezone

from banzu_common.errors import Conflict, Invalid, NotFound, RuleError
from banzu_common.leaving import ACTIVE, LEFT
from banzu_common.messaging.contracts import TeamUpserted, WorkerUpserted
from banzu_common.occupation_words import REASON as UNKNOWN_OCCUPATION_REASON, UNKNOWN_OCCUPATION
from banzu_common.rules import IN_THE_FUTURE, no_such
from banzu_common.skill_ladder import skill_ladder

from banzu_gateway.adapters.teams import COLUMNS as TEAM_COLUMNS
from banzu_gateway.service_layer import accounts
from banzu_gateway.service_layer.unit_of_work import GatewayUnitOfWork

PART = "directory"  # the trail's name for this part of the gateway
WORKER_FIELDS = ("employee_no", "name", "team_code", "occupation", "grade")


def get_team(uow: GatewayUnitOfWork, code: str) -> dict:
    team = uow.teams.read(code)
    if team is None:
        raise NotFound(f"There is no team {code!r}.")
    return team


def create_team(uow: GatewayUnitOfWork, data: dict) -> dict:
    row = {**data, "workshop": data.get("workshop"), "leader": data.get("leader"),
           "updated_at": datetime.now(timezone.utc)}
    _require_member(uow, row["code"], row["leader"])  # a new team has no members yet: no leader either
    uow.teams.add(row)
    uow.record(_team_event(row))
    uow.audit("create", "team", row["code"], after=_team_fields(row), part=PART)
    return row | {"leader_name": None}


def update_team(uow: GatewayUnitOfWork, code: str, changes: dict) -> dict:
    """Changes a team's name, company, workshop or leader (a member of the team, or none)."""
    stored = get_team(uow, code)
    row = {key: stored[key] for key in TEAM_COLUMNS} | changes | {"updated_at": datetime.now(timezone.utc)}
    if "leader" in changes:
        _require_member(uow, code, row["leader"])
    uow.teams.update(code, row)
    uow.record(_team_event(row))
    uow.audit("change", "team", code, _team_fields(stored), _team_fields(row), part=PART)
    return get_team(uow, code)


def _require_member(uow: GatewayUnitOfWork, code: str, employee_no: str | None) -> None:
    if employee_no is None:
        return
    member = uow.workers.standing(employee_no)
    if member is None or member.team_code != code:
        raise RuleError("not_a_member", f"{employee_no!r} is not a member of team {code!r}.", "leader",
                        value=employee_no, team=code)
    if member.status == LEFT:
        raise RuleError("left_company", f"{employee_no!r} has left the company.", "leader", value=employee_no)


def _step_down(uow: GatewayUnitOfWork, leaving: list[tuple[str, str]]) -> list[str]:
    """Workers (employee_no, team left) who led the team they left lead it no more; the codes of
    the teams left without a leader."""
    now = datetime.now(timezone.utc)
    leaderless = []
    for employee_no, code in leaving:
        led = uow.teams.led_by_in(code, employee_no)
        if led is not None:
            team = led | {"leader": None, "updated_at": now}
            uow.teams.drop_leader(code, now)
            uow.record(_team_event(team))
            uow.audit("step_down", "team", code, {"leader": employee_no}, {"leader": None}, part=PART)
            leaderless.append(code)
    return leaderless


def list_teams(uow: GatewayUnitOfWork, page: int, per_page: int) -> tuple[list[dict], int]:
    return uow.teams.page(page, per_page)


def get_worker(uow: GatewayUnitOfWork, employee_no: str) -> dict:
    worker = uow.workers.get(employee_no)
    if worker is None:
        raise NotFound(f"There is no worker {employee_no!r}.")
    return worker


def find_workers(uow: GatewayUnitOfWork, filters: dict, page: int, per_page: int) -> tuple[list[dict], int]:
    """Workers by `q` (any part of the name, the beginning of the employee number, or the whole team
    code, ignoring case) and the exact `team`, `occupation` and `grade`, in employee number order;
    by `status` (active, left or all), active ones unless asked."""
    return uow.workers.find(filters, page, per_page)


def led_team(uow: GatewayUnitOfWork, employee_no: str) -> str | None:
    """The code of the team `employee_no` leads (a leader is one of its members: one team at most)."""
    return uow.teams.led_by(employee_no)


def current_team(uow: GatewayUnitOfWork, employee_no: str) -> str | None:
    return uow.workers.team_of(employee_no)


def _require_team(uow: GatewayUnitOfWork, code: str) -> dict:
    team = uow.teams.get(code)
    if team is None:
        raise Invalid({"team_code": [no_such("team", code)]})
    return team


def _require_occupation(uow: GatewayUnitOfWork, code: str) -> None:
    if not uow.occupations.exists(code):
        raise Invalid({"occupation": [UNKNOWN_OCCUPATION]}, f"{code!r} {UNKNOWN_OCCUPATION}.",
                      reason=UNKNOWN_OCCUPATION_REASON)


def create_worker(uow: GatewayUnitOfWork, data: dict, today: date) -> dict:
    skill_ladder().grade(data["grade"])
    _require_occupation(uow, data["occupation"])
    team = _require_team(uow, data["team_code"])
    row = {k: data[k] for k in WORKER_FIELDS} | {"updated_at": datetime.now(timezone.utc)}
    uow.workers.add(row)
    uow.workers.join_team(row["employee_no"], row["team_code"], today)
    uow.record(_worker_event(row, team))
    uow.audit("create", "worker", row["employee_no"], after=_worker_fields(row), part=PART)
    return row


def update_worker(uow: GatewayUnitOfWork, employee_no: str, changes: dict, today: date) -> dict:
    current = get_worker(uow, employee_no)
    _refuse_if_left(current)
    if "grade" in changes:
        skill_ladder().grade(changes["grade"])
    if "occupation" in changes:
        _require_occupation(uow, changes["occupation"])
    team = _require_team(uow, changes.get("team_code", current["team_code"]))
    if changes.get("team_code", current["team_code"]) != current["team_code"]:
        uow.workers.join_team(employee_no, team["code"], today)
        _step_down(uow, [(employee_no, current["team_code"])])
    saved = _save_worker(uow, current | changes, team)
    uow.audit("change", "worker", employee_no, _worker_fields(current), _worker_fields(saved), part=PART)
    return saved


def _refuse_if_left(worker: Mapping) -> None:
    # A leaver's record stays as it was on their last day: no edit or move brings them back silently.
    if worker["status"] == LEFT:
        raise Conflict("worker_left", f"{worker['employee_no']} left the company on {worker['left_on']}; "
                                      "their record is kept as it was.", left_on=worker["left_on"].isoformat())


def leave(uow: GatewayUnitOfWork, employee_no: str, left_on: date, reason: str, today: date) -> dict:
    """A worker leaves the company (离职) on `left_on`, today at the latest: from then on they are in
    no team's lists (a team they led has no leader), every sign-in account linked to them is
    deactivated, and the services hear it from the worker's event; their record and history stay.
    The answer is the worker, with the accounts deactivated and the team left without a leader."""
    current = uow.workers.get(employee_no, for_update=True)
    if current is None:
        raise NotFound(f"There is no worker {employee_no!r}.")
    if current["status"] == LEFT:
        raise Conflict("already_left", f"{employee_no} already left the company on {current['left_on']}.",
                       left_on=current["left_on"].isoformat())
    if left_on > today:
        raise Invalid({"left_on": [IN_THE_FUTURE]})
    reason = reason.strip()
    changes = {"status": LEFT, "left_on": left_on, "left_reason": reason, "updated_at": datetime.now(timezone.utc)}
    uow.workers.update(employee_no, changes)
    saved = current | changes
    leaderless = _step_down(uow, [(employee_no, current["team_code"])])
    deactivated = accounts.deactivate_accounts_of(uow, employee_no)
    uow.record(_worker_event(saved, _require_team(uow, current["team_code"])))
    uow.audit("leave", "worker", employee_no, {"status": ACTIVE},
              {"status": LEFT, "left_on": left_on.isoformat(), "left_reason": reason}, part=PART)
    return saved | {"accounts_deactivated": deactivated, "no_longer_leads": leaderless[0] if leaderless else None}


def raise_grades(uow: GatewayUnitOfWork, promoted: list[tuple[str, str]]) -> None:
    """Promotions, as (employee_no, to_grade), raise directory grades and never lower them; one
    directory event per worker whose grade rose. Unknown workers are left alone."""
    stored = workers_by_no(uow, list({employee_no for employee_no, _ in promoted}))
    grades: dict[str, str] = {}
    for employee_no, to_grade in promoted:
        if employee_no in stored:
            grades[employee_no] = skill_ladder().after_promotion(grades.get(employee_no, stored[employee_no]["grade"]), to_grade)
    changed = [(stored[no], dict(stored[no]) | {"grade": grade}) for no, grade in grades.items()
               if grade != stored[no]["grade"]]
    if changed:
        save_workers_in_bulk(uow, [], changed, teams_by_code(uow, {new["team_code"] for _, new in changed}),
                             date.today())


def _save_worker(uow: GatewayUnitOfWork, row: dict, team: dict) -> dict:
    row = {k: row[k] for k in WORKER_FIELDS} | {"updated_at": datetime.now(timezone.utc)}
    uow.workers.update(row["employee_no"], row)
    uow.record(_worker_event(row, team))
    return row


def teams_by_code(uow: GatewayUnitOfWork, codes: set[str]) -> dict[str, dict]:
    return uow.teams.by_codes(codes)


def workers_by_no(uow: GatewayUnitOfWork, numbers: list[str]) -> dict[str, Mapping]:
    return uow.workers.by_numbers(numbers)


def save_workers_in_bulk(uow: GatewayUnitOfWork, created: list[dict], changed: list[tuple[Mapping, dict]],
                         teams_by: dict[str, dict], today: date) -> None:
    """Inserts `created` and applies `changed` (stored row, new row) in a few statements, with one
    directory event per worker: the bulk form of create_worker and update_worker."""
    now = datetime.now(timezone.utc)
    uow.workers.add_many([{k: w[k] for k in WORKER_FIELDS} | {"updated_at": now} for w in created])
    uow.workers.update_many([{k: new[k] for k in WORKER_FIELDS} | {"updated_at": now} for _, new in changed])
    moved = [(old, new) for old, new in changed if new["team_code"] != old["team_code"]]
    joined = created + [new for _, new in moved]
    uow.workers.join_teams([{"employee_no": w["employee_no"], "team_code": w["team_code"], "since": today}
                            for w in joined])
    _step_down(uow, [(old["employee_no"], old["team_code"]) for old, _ in moved])
    uow.record(*(_worker_event(w, teams_by[w["team_code"]]) for w in created + [new for _, new in changed]))
    for worker in created:
        uow.audit("create", "worker", worker["employee_no"], after=_worker_fields(worker), part=PART)
    for old, new in changed:
        uow.audit("change", "worker", new["employee_no"], _worker_fields(old), _worker_fields(new), part=PART)


def teams_on(uow: GatewayUnitOfWork, wanted: list[tuple[str, date]]) -> dict[tuple[str, date], str | None]:
    """The team each worker belonged to on a date (before their first known move: their first team)."""
    history = uow.workers.moves(list({employee_no for employee_no, _ in wanted}))
    answer = {}
    for employee_no, on in wanted:
        moves = sorted(history.get(employee_no, []))
        answer[(employee_no, on)] = next((team for since, _, team in reversed(moves) if since <= on),
                                         moves[0][2] if moves else None)
    return answer


def _worker_fields(row: Mapping) -> dict:
    return {key: row[key] for key in WORKER_FIELDS if key != "employee_no"}


def _team_fields(row: Mapping) -> dict:
    return {key: row.get(key) for key in ("name", "company", "workshop", "leader")}


def _team_event(row: dict) -> TeamUpserted:
    return TeamUpserted(code=row["code"], name=row["name"], company=row["company"], workshop=row.get("workshop"),
                        leader=row.get("leader"))


def _worker_event(row: Mapping, team: dict) -> WorkerUpserted:
    left = row.get("status") == LEFT  # rows of a new or changed worker carry no status: active
    return WorkerUpserted(**{k: row[k] for k in WORKER_FIELDS}, company=team["company"],
                          status=LEFT if left else None, left_on=row.get("left_on") if left else None)

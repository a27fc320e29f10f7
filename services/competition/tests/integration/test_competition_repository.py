"""The repositories on PostgreSQL: round trips, partial loading, and writing back only what changed;
and the migrations from empty on SQLite."""
from __future__ import annotations

import random
import uuid
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

from sqlalchemy import create_engine, event, inspect

from banzu_common.db import migrate

from banzu_competition.bootstrap import runtime
from banzu_competition.domain import Contest, Contestant, Judge, Status, parse_settings
from competition_api import SEGMENTS, tag

AT = datetime(2026, 5, 10, 9, 0, tzinfo=timezone.utc)


def new_contest(uow, **settings) -> Contest:
    contest = Contest(str(uuid.uuid4()), f"Contest {tag()}", "electrician", date(2026, 5, 10),
                      date(2026, 5, 12), parse_settings({"segments": SEGMENTS, **settings}))
    uow.contests.add(contest, AT, "organizer")
    return contest


def count_statements():
    statements: list[str] = []
    event.listen(runtime.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    return statements


def test_contest_round_trip_and_partial_loading(database):
    judge = Judge(str(uuid.uuid4()), "Judge", "Centre", frozenset({"TX"}), frozenset(), f"u-{tag()}")
    panel = [Judge(str(uuid.uuid4()), f"Panel {n}", "Centre") for n in range(3)]  # covers P and F
    with runtime.uow() as uow:
        for one in (judge, *panel):
            uow.judges.add(one, AT)
        contest = new_contest(uow, min_grade="senior", tie_break=["F", "P", "T"], awards={"min_total": "55.5"})
        contest.assign(judge.id, ["P", "T"])
        for one in panel:
            contest.assign(one.id, ["P", "F"])
        contest.open()
        for n in range(3):
            contest.contestants[f"E{n}"] = Contestant(f"E{n}", f"W{n}", "TY", "Acme", "senior")
        uow.contests.save(contest, AT)
        uow.commit()
    with runtime.uow() as uow:
        loaded = uow.contests.get(contest.id)
        assert loaded.settings == contest.settings and loaded.status == Status.OPEN
        assert loaded.assignments == {judge.id: frozenset({"P", "T"}), **{one.id: frozenset({"P", "F"}) for one in panel}}
        assert loaded.contestants == {}
        assert uow.judges.by_username(judge.username).conflict_teams == frozenset({"TX"})
        uow.contests.load_contestants(loaded)
        loaded.start(random.Random(3), {one.id: one for one in (judge, *panel)})
        uow.contests.save(loaded)
        uow.commit()

    with runtime.uow() as uow:
        running = uow.contests.get(contest.id, lock=True)
        one = uow.contests.load_contestant_by_bib(running, 2)
        uow.contests.load_card(running, "P", one)
        assert list(running.contestants) == [one.employee_no] and list(running.cards) == [("P", one.employee_no)]
        running.enter_score(judge, "P", 2, Decimal("88.5"), by=judge.username, at=AT)
        uow.contests.save(running)
        uow.commit()

    with runtime.uow() as uow:
        again = uow.contests.get(contest.id, lock=True)
        uow.contests.load_contestant_by_bib(again, 2)
        uow.contests.load_card(again, "P", again.contestant_by_bib(2))
        [score] = again.cards[("P", one.employee_no)].scores
        assert (score.value, score.judge_id, score.bib) == (Decimal("88.5"), judge.id, 2)
        statements = count_statements()
        again.enter_score(judge, "P", 2, "88.50", by=judge.username, at=AT)  # the same value changes nothing
        uow.contests.save(again)
        assert statements == []
        assert uow.contests.score_rows(again) == [(one.employee_no, "P", Decimal("88.5"))]


def test_migrations_upgrade_from_empty_on_sqlite(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'competition.db'}"
    migrate(runtime.migrations_dir, url)
    engine = create_engine(url)
    assert set(inspect(engine).get_table_names()) == set(runtime.metadata.tables) | {"alembic_version"}
    engine.dispose()

from datetime import date
from decimal import Decimal

import pytest
from banzu_common.errors import Invalid
from banzu_common.messaging.contracts import CredentialExpired, PromotionEarned, ResultsPublished
from hypothesis import given
from hypothesis import strategies as st

from banzu_gateway.domain.ledger import (
    LedgerEntry,
    LedgerKind,
    expiry_entry,
    parse_period,
    prize_entries,
    promotion_entry,
    scoreboard,
    team_score,
    year_period,
)
from banzu_gateway.domain.scoring_settings import default_scoring_settings

SETTINGS = default_scoring_settings()


def promotion(promotion_id, employee_no, from_grade, to_grade, effective_on, team_code="T1"):
    return PromotionEarned.from_data({
        "promotion_id": promotion_id, "employee_no": employee_no, "team_code": team_code,
        "occupation": "电工", "from_grade": from_grade, "to_grade": to_grade, "source": "contest",
        "source_id": "c1", "source_name": "2026 技能比武", "effective_on": effective_on,
    })


def results(contest_id, published_on, *prizes):
    return ResultsPublished.from_data({
        "contest_id": contest_id, "name": "2026 技能比武", "occupation": "电工", "published_on": published_on,
        "results": [
            {"employee_no": employee_no, "team_code": team_code, "rank": rank, "total": "80.00", "prize": prize}
            for rank, (employee_no, team_code, prize) in enumerate(prizes, 1)
        ],
    })


def expired(credential_id, employee_no, expires_on):
    return CredentialExpired.from_data({"credential_id": credential_id, "employee_no": employee_no,
                                        "type_code": "special_equipment", "expires_on": expires_on})


def always_in(team_code):
    return lambda employee_no, day: team_code


def test_spec_example_scores_76_three_stars():
    entries = [
        promotion_entry(promotion("p1", "A", "intermediate", "senior", "2026-03-01"), SETTINGS),
        promotion_entry(promotion("p2", "W", "junior", "intermediate", "2026-06-30"), SETTINGS),
        *prize_entries(results("c1", "2026-09-15", ("A", "T1", "second"), ("Z", "T9", None)), SETTINGS),
        expiry_entry(expired("cr1", "W", "2026-10-01"), always_in("T1"), SETTINGS),
    ]
    score = team_score(entries, parse_period("2026"), SETTINGS)
    assert [e.points for e in score.ledger] == [3, 2, 4, -3]
    assert score.score == 76
    assert score.rating.code == "three_star"
    assert score.present()["score"] == Decimal("76.00")


def entry(points, ref, on=date(2026, 5, 1)):
    return LedgerEntry(LedgerKind.PRIZE, Decimal(points), "E1", "T1", ref, on)


def test_score_is_kept_within_0_and_100():
    year = parse_period("2026")
    many_prizes = [entry(6, f"prize:c{i}:E1") for i in range(10)]
    many_expiries = [entry(-3, f"expiry:{i}") for i in range(30)]
    assert team_score(many_prizes, year, SETTINGS).score == 100
    assert team_score(many_prizes, year, SETTINGS).rating.code == "five_star"
    assert team_score(many_expiries, year, SETTINGS).score == 0
    assert team_score(many_expiries, year, SETTINGS).rating.code == "needs_improvement"


def test_an_empty_ledger_scores_the_base():
    score = team_score([], parse_period("2026-Q1"), SETTINGS)
    assert (score.score, score.rating.code, score.ledger) == (70, "three_star", ())


def test_only_entries_in_the_period_count_and_a_repeated_fact_counts_once():
    entries = [
        entry(6, "prize:c1:E1", date(2026, 6, 30)),
        entry(6, "prize:c1:E1", date(2026, 6, 30)),
        entry(4, "prize:c2:E1", date(2026, 7, 1)),
    ]
    assert team_score(entries, parse_period("2026-Q2"), SETTINGS).score == 76
    assert team_score(entries, parse_period("2026-Q3"), SETTINGS).score == 74
    assert team_score(entries, parse_period("2026"), SETTINGS).score == 80


def test_scoreboard_puts_the_best_team_first():
    board = scoreboard(
        {"T2": [entry(-3, "expiry:1")], "T1": [entry(6, "prize:c1:E1")], "T3": []}, parse_period("2026"), SETTINGS
    )
    assert [(team, s.score) for team, s in board] == [("T1", 76), ("T3", 70), ("T2", 67)]


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2024-Q1", date(2024, 1, 1), date(2024, 3, 31)),
        ("2026-Q2", date(2026, 4, 1), date(2026, 6, 30)),
        ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30)),
        ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
        ("9999-Q4", date(9999, 10, 1), date(9999, 12, 31)),
    ],
)
def test_period_parsing(text, start, end):
    period = parse_period(text)
    assert (period.code, period.start, period.end) == (text, start, end)


@pytest.mark.parametrize(
    "text", ["", "26", "2026-Q5", "2026-Q0", "2026-q3", "2026Q3", " 2026", "2026-03", "0000", "２０２６", None, 2026],
)
def test_a_bad_period_is_invalid(text):
    with pytest.raises(Invalid) as caught:
        parse_period(text)
    assert list(caught.value.errors) == ["period"]


def test_the_default_period_is_the_calendar_year():
    assert year_period(date(2026, 8, 9)) == parse_period("2026")


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_every_day_falls_in_exactly_one_quarter_of_its_year(day):
    quarters = [parse_period(f"{day.year:04d}-Q{q}") for q in range(1, 5)]
    assert sum(day in quarter for quarter in quarters) == 1
    assert day in year_period(day)


@given(st.lists(st.sampled_from([-3, 2, 3, 4, 5, 6, 8]), max_size=60))
def test_score_stays_within_bounds_and_has_a_rating(points):
    entries = [entry(p, f"ref:{i}") for i, p in enumerate(points)]
    score = team_score(entries, parse_period("2026"), SETTINGS)
    assert 0 <= score.score <= 100
    assert score.score == min(max(70 + sum(points), 0), 100)
    assert score.rating is SETTINGS.rating_for(score.score)


def test_promotion_counts_on_its_effective_date_with_points_for_the_new_grade():
    made = promotion_entry(promotion(42, "A", "senior", "senior_technician", date(2026, 4, 2), "T7"), SETTINGS)
    assert made == LedgerEntry(LedgerKind.PROMOTION, Decimal(8), "A", "T7", "promotion:42", date(2026, 4, 2))
    assert made.present() == {"kind": "promotion", "points": Decimal("8.00"), "employee_no": "A",
                              "team_code": "T7", "ref": "promotion:42", "on": "2026-04-02"}


def test_a_promotion_that_does_not_climb_or_has_bad_fields_is_invalid():
    with pytest.raises(Invalid) as caught:
        promotion_entry(promotion("p", "A", "senior", "senior", "2026-01-01"), SETTINGS)
    assert list(caught.value.errors) == ["to_grade"]
    with pytest.raises(Invalid) as caught:  # the event's contract refuses what is not there or not a date
        promotion("p", "", "senior", "senior_technician", "2026-13-01")
    assert set(caught.value.errors) == {"employee_no", "effective_on"}
    with pytest.raises(Invalid) as caught:  # the ladder refuses a grade it does not have
        promotion_entry(promotion("p", "A", "senior", "master", "2026-01-01"), SETTINGS)
    assert set(caught.value.errors) == {"to_grade"}


def test_each_prize_counts_on_the_publication_date():
    made = prize_entries(
        results(
            "c9", "2026-11-20",
            ("B", "T1", "first"), ("A", "T2", "second"), ("C", "T1", "third"), ("D", "T3", None),
        ),
        SETTINGS,
    )
    assert [(e.kind, e.employee_no, e.team_code, e.points, e.ref, e.on) for e in made] == [
        (LedgerKind.PRIZE, "B", "T1", 6, "prize:c9:B", date(2026, 11, 20)),
        (LedgerKind.PRIZE, "A", "T2", 4, "prize:c9:A", date(2026, 11, 20)),
        (LedgerKind.PRIZE, "C", "T1", 2, "prize:c9:C", date(2026, 11, 20)),
    ]


def test_an_unknown_prize_is_invalid():
    with pytest.raises(Invalid) as caught:
        prize_entries(results("c9", "2026-11-20", ("B", "T1", "gold")), SETTINGS)
    assert list(caught.value.errors) == ["results[0].prize"]


def test_an_expiry_counts_the_day_after_expires_on_for_the_team_of_that_day():
    asked = []

    def team_of(employee_no, day):
        asked.append((employee_no, day))
        return "T5"

    made = expiry_entry(expired("cr7", "W", "2026-12-31"), team_of, SETTINGS)
    assert asked == [("W", date(2027, 1, 1))]
    assert made == LedgerEntry(LedgerKind.EXPIRY, Decimal(-3), "W", "T5", "expiry:cr7", date(2027, 1, 1))
    assert made.on in parse_period("2027") and made.on not in parse_period("2026")


def test_an_expiry_of_someone_in_no_team_makes_no_entry():
    assert expiry_entry(expired("cr7", "W", "2026-05-01"), lambda employee_no, day: None, SETTINGS) is None


def test_an_expiry_date_must_be_a_date():
    with pytest.raises(Invalid) as caught:
        expired("cr7", "W", "soon")
    assert list(caught.value.errors) == ["expires_on"]


def test_the_same_fact_always_gets_the_same_ref():
    first = promotion_entry(promotion("p1", "A", "junior", "intermediate", "2026-01-05"), SETTINGS)
    again = promotion_entry(promotion("p1", "A", "junior", "intermediate", "2026-01-05"), SETTINGS)
    assert first.ref == again.ref == "promotion:p1"
    assert expiry_entry(expired(3, "W", date(2026, 1, 1)), always_in("T1"), SETTINGS).ref == "expiry:3"

from decimal import Decimal

import pytest
from competition_fixtures import example_rows, example_settings

from banzu_competition.domain import ContestantRow, Prize, Promotion, ScoreRow, compute_results
from banzu_common.decimals import HUNDRED, present
from banzu_competition.domain.scoring import (
    aggregate,
    competition_ranks,
    exceeds_spread,
    prize_for,
    prize_limits,
    promotion_for,
    segment_percentage,
    spread,
    weighted_total,
)
from banzu_competition.domain.settings import Awards, Promotions

D = Decimal


def by_employee(results):
    return {row.employee_no: row for row in results}


class TestWorkedExample:
    @pytest.fixture
    def results(self):
        contestants, scores = example_rows()
        return by_employee(compute_results(example_settings(), contestants, scores))

    def test_totals(self, results):
        assert {e: str(r.total) for e, r in results.items()} == {
            "A": "86.40", "B": "86.40", "C": "72.00", "D": "52.20",
        }

    def test_segment_percentages(self, results):
        assert {e: {code: str(p) for code, p in r.segments.items()} for e, r in results.items()} == {
            "A": {"T": "90.00", "P": "86.00", "F": "84.00"},
            "B": {"T": "80.00", "P": "90.00", "F": "82.00"},
            "C": {"T": "70.00", "P": "74.00", "F": "68.00"},
            "D": {"T": "50.00", "P": "55.00", "F": "46.00"},
        }

    def test_tie_broken_by_practical_first(self, results):
        assert {e: r.rank for e, r in results.items()} == {"B": 1, "A": 2, "C": 3, "D": 4}

    def test_prizes(self, results):
        assert {e: r.prize for e, r in results.items()} == {
            "B": Prize.FIRST, "A": Prize.SECOND, "C": Prize.THIRD, "D": None,
        }

    def test_promotions(self, results):
        assert results["B"].promotion == Promotion("senior", "technician")
        assert results["A"].promotion == Promotion("intermediate", "senior")
        assert results["C"].promotion is None  # third prize climbs 0 grades
        assert results["D"].promotion is None

    def test_rows_come_best_first(self):
        contestants, scores = example_rows()
        assert [r.employee_no for r in compute_results(example_settings(), contestants, scores)] == list("BACD")

    def test_practical_spread_flag(self):
        assert exceeds_spread([D(80), D(85), D(90), D(70), D(95)], D(20))
        assert spread([D(80), D(85), D(90), D(70), D(95)]) == D(25)
        assert not exceeds_spread([D(80), D(84), D(86), D(88), D(90)], D(20))

    def test_explicit_tie_break_order_decides(self):
        contestants, scores = example_rows()
        results = by_employee(compute_results(example_settings(tie_break=["T"]), contestants, scores))
        assert (results["A"].rank, results["B"].rank) == (1, 2)

    def test_without_tie_break_difference_they_share_rank_and_prize(self):
        contestants = [ContestantRow("A", "t", "junior", 1), ContestantRow("B", "t", "junior", 2),
                       ContestantRow("C", "t", "junior", 3)]
        scores = [ScoreRow(e, code, D(90)) for e in "AB" for code in "TPF" for _ in range(3 if code != "T" else 1)]
        scores += [ScoreRow("C", code, D(10)) for code in "TPF" for _ in range(3 if code != "T" else 1)]
        results = by_employee(compute_results(example_settings(), contestants, scores))
        assert (results["A"].rank, results["B"].rank, results["C"].rank) == (1, 1, 3)
        assert results["A"].prize == results["B"].prize == Prize.FIRST


class TestAggregation:
    def test_fewer_than_five_scores_take_the_mean(self):
        assert aggregate([D(40), D(42), D(44)]) == D(42)
        assert aggregate([D(90)]) == D(90)

    def test_five_or_more_drop_one_highest_and_one_lowest(self):
        assert aggregate([D(50), D(55), D(60), D(58), D(52)]) == D(55)
        assert aggregate([D(10), D(10), D(10), D(10), D(10), D(100)]) == D(10)

    def test_means_stay_exact_until_presented(self):
        share = segment_percentage(aggregate([D(40), D(41), D(43)]), D(50))
        assert present(share * HUNDRED) == D("82.67")
        assert weighted_total([(D(100), D(1))]) == D(100)

    def test_present_rounds_half_up(self):
        assert present(D("0.125")) == D("0.13")
        assert present(D("86.405")) == D("86.41")
        assert present(D("86.404999")) == D("86.40")


class TestRanking:
    def test_standard_competition_ranks(self):
        assert competition_ranks([9, 8, 8, 7]) == [1, 2, 2, 4]
        assert competition_ranks([5, 5, 5]) == [1, 1, 1]
        assert competition_ranks([]) == []


class TestAwards:
    @pytest.mark.parametrize(
        ("ranked", "limits"),
        [(4, (1, 2, 3)), (10, (1, 3, 6)), (1, (1, 1, 1)), (25, (3, 8, 15)), (0, (1, 0, 0))],
    )
    def test_prize_limits_are_cumulative_ceilings(self, ranked, limits):
        assert prize_limits(ranked, Awards()) == limits

    def test_first_prize_always_reaches_rank_one(self):
        assert prize_limits(3, Awards(first=D(0))) == (1, 1, 2)

    def test_total_below_min_total_wins_nothing(self):
        assert prize_for(1, D("59.99"), (1, 2, 3), D(60)) is None
        assert prize_for(1, D("60.00"), (1, 2, 3), D(60)) == Prize.FIRST

    def test_ranks_beyond_third_prize_win_nothing(self):
        assert prize_for(4, D(99), (1, 2, 3), D(60)) is None

    def test_contestants_without_every_segment_have_no_result(self):
        contestants, scores = example_rows()
        scores = [s for s in scores if not (s.employee_no == "D" and s.segment == "T")]
        results = by_employee(compute_results(example_settings(), contestants, scores))
        assert set(results) == {"A", "B", "C"}
        # N = 3, so the limits are ranks 1, 1 and 2.
        assert [results[e].prize for e in "BAC"] == [Prize.FIRST, Prize.THIRD, None]


class TestPromotions:
    def test_never_above_the_cap(self):
        assert promotion_for("senior", Prize.FIRST, Promotions(first=3)) == Promotion("senior", "technician")

    def test_at_or_above_the_cap_is_not_promoted(self):
        assert promotion_for("technician", Prize.FIRST, Promotions()) is None
        assert promotion_for("senior_technician", Prize.FIRST, Promotions()) is None

    def test_third_prize_promotes_nobody_by_default(self):
        assert promotion_for("junior", Prize.THIRD, Promotions()) is None
        assert promotion_for("junior", Prize.THIRD, Promotions(third=1)) == Promotion("junior", "intermediate")

    def test_no_prize_no_promotion(self):
        assert promotion_for("junior", None, Promotions()) is None

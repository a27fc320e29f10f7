"""Properties of the ranking, prizes and promotions over random contests."""
import math
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from banzu_competition.domain import ContestantRow, Prize, ScoreRow, compute_results, parse_settings
from banzu_common.skill_ladder import skill_ladder

MAX_SCORES = [Decimal(10), Decimal(50), Decimal(100)]


@st.composite
def contests(draw):
    count = draw(st.integers(1, 4))
    cuts = sorted(draw(st.lists(st.integers(1, 99), min_size=count - 1, max_size=count - 1, unique=True)))
    weights = [b - a for a, b in zip([0, *cuts], [*cuts, 100])]
    segments = [
        {"code": f"S{i}", "name": f"Segment {i}", "weight": weight, "max_score": draw(st.sampled_from(MAX_SCORES)),
         "method": draw(st.sampled_from(["measurement", "judgement"]))}
        for i, weight in enumerate(weights)
    ]
    first = draw(st.sampled_from(["0", "0.1", "0.25"]))
    second = draw(st.sampled_from(["0.3", "0.5"]))
    third = draw(st.sampled_from(["0.6", "1"]))
    contest_settings = parse_settings({
        "segments": segments,
        "awards": {"first": first, "second": second, "third": third, "min_total": draw(st.sampled_from([0, 40, 60]))},
        "promotions": {"first": draw(st.integers(0, 3)), "second": draw(st.integers(0, 2)),
                       "cap": draw(st.sampled_from(skill_ladder().codes))},
    })
    # Scores come from a seeded generator: drawing each of hundreds of values through hypothesis is slow.
    rng = draw(st.randoms(use_true_random=False))
    size = draw(st.integers(1, 30))
    contestants = [ContestantRow(f"E{i:03d}", f"team{i % 3}", rng.choice(skill_ladder().codes), i + 1) for i in range(size)]
    scores = []
    for contestant in contestants:
        for segment in contest_settings.segments:
            judges = 1 if segment.method == "measurement" else rng.randint(3, 7)
            # A small pool of values makes exact ties frequent.
            pool = [Decimal(0), segment.max_score / 2, segment.max_score * 3 / 4, segment.max_score]
            scores += [ScoreRow(contestant.employee_no, segment.code, rng.choice(pool)) for _ in range(judges)]
    return contest_settings, contestants, scores


def ranking_key(row, tie_break):
    return (row.total, tuple(row.segments[code] for code in tie_break))


@settings(max_examples=150, deadline=None)
@given(contests())
def test_ranks_are_standard_competition_ranks(contest):
    contest_settings, contestants, scores = contest
    results = compute_results(contest_settings, contestants, scores)
    keys = [ranking_key(row, contest_settings.tie_break_order) for row in results]
    assert keys == sorted(keys, reverse=True)
    for row, key in zip(results, keys):
        assert row.rank == 1 + sum(1 for other in keys if other > key)


@settings(max_examples=150, deadline=None)
@given(contests())
def test_equal_totals_and_tie_break_values_share_rank_and_prize(contest):
    contest_settings, contestants, scores = contest
    results = compute_results(contest_settings, contestants, scores)
    for a in results:
        for b in results:
            if ranking_key(a, contest_settings.tie_break_order) == ranking_key(b, contest_settings.tie_break_order):
                assert (a.rank, a.prize) == (b.rank, b.prize)


@settings(max_examples=150, deadline=None)
@given(contests())
def test_prizes_follow_the_fractions_and_min_total(contest):
    contest_settings, contestants, scores = contest
    results = compute_results(contest_settings, contestants, scores)
    awards, n = contest_settings.awards, len(results)
    limits = {Prize.FIRST: max(1, math.ceil(awards.first * n)), Prize.SECOND: math.ceil(awards.second * n),
              Prize.THIRD: math.ceil(awards.third * n)}
    for row in results:
        if row.total < awards.min_total:
            assert row.prize is None
            continue
        expected = next((prize for prize in Prize if row.rank <= limits[prize]), None)
        assert row.prize == expected
    # Counts: everyone ranked within a prize's limit (and over min_total) has that prize or a better one.
    for prize in Prize:
        within = [r for r in results if r.rank <= limits[prize] and r.total >= awards.min_total]
        better_or_equal = [r for r in results if r.prize is not None and list(Prize).index(r.prize) <= list(Prize).index(prize)]
        assert len(within) == len(better_or_equal)


@settings(max_examples=150, deadline=None)
@given(contests())
def test_promotions_never_exceed_the_cap(contest):
    contest_settings, contestants, scores = contest
    cap = skill_ladder().grade(contest_settings.promotions.cap).rank
    for row in compute_results(contest_settings, contestants, scores):
        if row.promotion is None:
            continue
        assert row.prize is not None
        assert skill_ladder().grade(row.promotion.from_grade).rank < skill_ladder().grade(row.promotion.to_grade).rank <= cap
        steps = contest_settings.promotions.steps_for(row.prize)
        assert skill_ladder().grade(row.promotion.to_grade).rank == min(skill_ladder().grade(row.grade).rank + steps, cap)


@settings(max_examples=150, deadline=None)
@given(contests())
def test_totals_and_percentages_stay_within_0_and_100(contest):
    contest_settings, contestants, scores = contest
    results = compute_results(contest_settings, contestants, scores)
    assert len(results) == len(contestants)
    for row in results:
        assert Decimal(0) <= row.total <= Decimal(100)
        assert all(Decimal(0) <= percent <= Decimal(100) for percent in row.segments.values())

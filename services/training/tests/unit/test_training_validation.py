"""Whatever a client sends, model constructors either accept it or raise Invalid, never crash."""
from decimal import Decimal

import pytest
from banzu_common.errors import Invalid
from hypothesis import given, strategies as st

from training_builders import course, session

anything = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(), st.decimals(),
                     st.lists(st.integers(), max_size=2), st.dictionaries(st.text(), st.integers(), max_size=2))


@given(code=anything, hours=anything, kind=anything, pass_score=anything)
def test_courses_accept_or_refuse_any_input(code, hours, kind, pass_score):
    try:
        c = course(code=code, hours=hours, kind=kind, pass_score=pass_score)
    except Invalid as refused:
        assert refused.errors and all(isinstance(m, list) for m in refused.errors.values())
    else:
        assert isinstance(c.hours, Decimal) and Decimal(0) < c.hours


@given(capacity=anything, starts_at=anything, location=anything)
def test_sessions_accept_or_refuse_any_input(capacity, starts_at, location):
    with pytest.raises(Invalid):
        session(capacity=capacity, starts_at=starts_at, location=location)


def test_json_floats_become_the_decimal_that_was_written():
    assert course(hours=0.1).hours == Decimal("0.1")

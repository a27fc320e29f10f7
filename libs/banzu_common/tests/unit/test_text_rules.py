"""The rules of text (R15): one pattern for Python and the OpenAPI document, matching Unicode's Cc exactly."""
from __future__ import annotations

import re
import sys
import unicodedata

import pytest
from marshmallow import ValidationError

from banzu_common.text_rules import (MULTI_LINE, MULTI_LINE_PATTERN, ONE_LINE, ONE_LINE_MESSAGE, ONE_LINE_PATTERN,
                                     WholePattern, control_character_error)


def test_one_line_refuses_exactly_the_control_characters_of_unicode():
    allowed = re.compile(ONE_LINE_PATTERN)
    wrong = [hex(code) for code in range(sys.maxunicode + 1)
             if (unicodedata.category(chr(code)) == "Cc") == bool(allowed.fullmatch(chr(code)))]
    assert wrong == []


def test_several_lines_allow_line_feed_and_carriage_return_only():
    allowed = re.compile(MULTI_LINE_PATTERN)
    assert [code for code in range(0xA0) if unicodedata.category(chr(code)) == "Cc"
            and allowed.fullmatch(chr(code))] == [0x0A, 0x0D]
    assert MULTI_LINE("first line\r\nsecond\nthird") and control_character_error("a\tb", multi_line=True)


@pytest.mark.parametrize("text", ["Final\n", "\nFinal", "Fi\tnal", "Final\x00", "Final\x1b", "Final\x85", "\r"])
def test_a_control_character_anywhere_is_refused_even_a_final_line_break(text):
    with pytest.raises(ValidationError) as refused:
        ONE_LINE(text)
    assert refused.value.messages == [ONE_LINE_MESSAGE] and control_character_error(text) == ONE_LINE_MESSAGE


def test_names_in_any_script_with_spaces_and_punctuation_pass():
    for text in ("王小明", "Final 2026 — 决赛", "Zoë O'Neil", "\u3000全角空格", "a\u2028b", ""):
        assert ONE_LINE(text) == text and control_character_error(text) is None


def test_a_whole_pattern_reads_dollar_as_the_very_end():
    code = WholePattern(r"^[A-Z0-9]{1,4}$")
    assert code("A1") == "A1"
    with pytest.raises(ValidationError):
        code("A1\n")

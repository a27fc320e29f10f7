"""The competition's catalogues (its results files' words): every id the code uses has words in both
languages, with the same placeholders, and nothing else is kept."""
from __future__ import annotations

from pathlib import Path

from banzu_common.translations import catalogue_findings

from banzu_competition import translations

COMPETITION = Path(translations.__file__).resolve().parents[2]


def test_every_id_the_code_uses_has_words_in_both_languages_and_nothing_else_is_kept():
    assert catalogue_findings(translations.CATALOGUES, COMPETITION) == []


def test_a_results_file_says_its_codes_in_words_and_keeps_an_unknown_one():
    assert translations.CATALOGUES.words_or_code("zh", "results_word", "absent") == "缺考"
    assert translations.CATALOGUES.words_or_code("en", "results_word", "at_cap") == "already at the promotion cap"
    assert translations.CATALOGUES.words_or_code("en", "results_word", "newer_code") == "newer_code"

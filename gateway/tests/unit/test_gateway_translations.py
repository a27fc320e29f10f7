"""The gateway's catalogues: every id the code uses has words in both languages, with the same
placeholders, and plural entries where the code counts."""
from __future__ import annotations

from pathlib import Path

import pytest

from banzu_common.translations import catalogue_findings

from banzu_gateway import translations

GATEWAY = Path(translations.__file__).resolve().parents[2]


def test_every_id_the_code_uses_has_words_in_both_languages_and_nothing_else_is_kept():
    assert catalogue_findings(translations.CATALOGUES, GATEWAY) == []


def test_counted_words_follow_each_language_plural_rule():
    assert translations.plural_words_in("en", "people", 1) == "1 person"
    assert translations.plural_words_in("en", "people", 3) == "3 people"
    assert translations.plural_words_in("zh", "people", 1) == "1 人"
    assert translations.plural_words_in("en", "owed_bibs_left", 1) == "1 bib left"


def test_an_unknown_language_reads_chinese_and_an_unknown_id_is_a_mistake():
    assert translations.words_in("fr", "app_name") == translations.words_in("zh", "app_name")
    with pytest.raises(KeyError):  # never shown as if it were words
        translations.words_in("en", "no_such_id")

"""The catalogues (gateway/banzu_gateway/translations): every id the code uses has words in both
languages, with the same placeholders, and plural entries where the code counts."""
from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.pofile import read_po

from banzu_gateway import translations

GATEWAY = Path(translations.__file__).resolve().parents[2]


def catalogue(language: str) -> dict:
    with translations.po_file(language).open("rb") as source:
        return {message.id: message.string for message in read_po(source) if message.id}


def used_ids() -> dict:
    """What `pybabel extract` finds, by the same mapping and keywords as `./banzu translations`."""
    with (GATEWAY / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    keywords = parse_keywords([f"-k{keyword}"[2:] for keyword in translations.KEYWORDS])
    return {found[2]: found[0] for found in extract_from_dir(GATEWAY, method_map, options_map, keywords)}


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"{(\w+)}", text))


def test_both_languages_hold_the_same_ids_with_words_and_the_same_placeholders():
    zh, en = catalogue("zh"), catalogue("en")
    assert zh.keys() == en.keys()
    for key, text in zh.items():
        forms = [*([text] if isinstance(text, str) else text), *([en[key]] if isinstance(en[key], str) else en[key])]
        assert all(forms), f"{key} has no words in a language"
        assert len({frozenset(placeholders(form)) for form in forms}) == 1, f"{key}: placeholders differ"


def test_every_id_the_code_uses_has_words_in_both_languages_and_nothing_else_is_kept():
    used, held = used_ids(), catalogue("en")
    missing = sorted(str(key) for key in used if key not in held)
    assert not missing, f"used in the code but not in the catalogues: {missing}"
    unused = sorted(str(key) for key in held if key not in used)
    assert not unused, f"in the catalogues but used nowhere (or built at run time: mark it in coded.py): {unused}"


def test_counted_words_follow_each_language_plural_rule():
    assert translations.plural_words_in("en", "people", 1) == "1 person"
    assert translations.plural_words_in("en", "people", 3) == "3 people"
    assert translations.plural_words_in("zh", "people", 1) == "1 人"
    assert translations.plural_words_in("en", "owed_bibs_left", 1) == "1 bib left"


def test_an_unknown_language_reads_chinese():
    assert translations.words_in("fr", "app_name") == translations.words_in("zh", "app_name")

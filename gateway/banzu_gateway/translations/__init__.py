"""The gateway's words for people: pages, notices, e-mails, the digest, the files for people and the
personal-data summary all take their words from the catalogues in this folder,
`<lang>/LC_MESSAGES/messages.po` (how they are read: banzu_common.translations; the commands:
docs/operations.md, "Translations"). Ids the code builds at run time are marked in coded.py.
"""
from __future__ import annotations

from pathlib import Path

from banzu_common.translations import DEFAULT_LANGUAGE, KEYWORDS, LANGUAGES, N_, Catalogues, known_language

__all__ = ["DEFAULT_LANGUAGE", "KEYWORDS", "LANGUAGES", "N_", "CATALOGUES", "known_language", "has", "words_in",
           "plural_words_in", "code_words", "words_or_code"]

CATALOGUES = Catalogues(Path(__file__).resolve().parent)
has = CATALOGUES.has
words_in = CATALOGUES.words_in
plural_words_in = CATALOGUES.plural_words_in
code_words = CATALOGUES.code_words
words_or_code = CATALOGUES.words_or_code

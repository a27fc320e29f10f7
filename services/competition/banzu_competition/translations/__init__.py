"""The competition's words for people (its results files), one gettext catalogue per language in this
folder (how they are read: banzu_common.translations). Ids built from a code are marked here."""
from __future__ import annotations

from pathlib import Path

from banzu_common.translations import N_, Catalogues

CATALOGUES = Catalogues(Path(__file__).resolve().parent)

# A results file's column titles and the words of its codes (prize, why not promoted, status).
COLUMNS = (
    N_("results_column_rank"),
    N_("results_column_bib"),
    N_("results_column_employee_no"),
    N_("results_column_name"),
    N_("results_column_team_code"),
    N_("results_column_total"),
    N_("results_column_prize"),
    N_("results_column_from_grade"),
    N_("results_column_to_grade"),
    N_("results_column_promotion_withheld"),
    N_("results_column_status"),
)
CODES = (
    N_("results_word_first"),
    N_("results_word_second"),
    N_("results_word_third"),
    N_("results_word_at_cap"),
    N_("results_word_ranked"),
    N_("results_word_absent"),
)

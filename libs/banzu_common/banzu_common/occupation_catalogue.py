"""The rule every part applies to an occupation it is given (domain.md, "Occupations are master data"):
it must be in the occupation catalogue, as the part's copy of it knows it (banzu_common.directory_replica).

A part learns a new occupation when its event arrives, about a second after HR adds it in the
gateway; until then the code is refused like any unknown one, and a client may simply try again.
"""
from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Table
from sqlalchemy.orm import Session

from banzu_common.directory_replica import is_known_occupation
from banzu_common.errors import Invalid
from banzu_common.occupation_words import REASON, UNKNOWN_OCCUPATION

# What the OpenAPI documents say of a 422 where an occupation is given.
INVALID_OR_UNKNOWN_OCCUPATION = (
    f"Invalid input, a message per field. An occupation outside the occupation catalogue is refused on its field "
    f"with \"{UNKNOWN_OCCUPATION}\" (reason {REASON} when nothing else is wrong). A service learns a new "
    f"occupation from the directory's event, about a second after HR adds it.")


class OccupationCatalogue:
    """The part's copy of the catalogue, read on a unit of work's session."""

    def __init__(self, session: Session, occupations: Table):
        self.session = session
        self.occupations = occupations

    def holds(self, code: str) -> bool:
        return is_known_occupation(self.session, self.occupations, code)


def require_occupation(catalogue: OccupationCatalogue, code: str,
                       other_errors: Mapping[str, list[str]] | None = None, field: str = "occupation") -> None:
    """Refuses (422) an occupation the catalogue does not hold, on `field`, together with the body's other
    broken references (`other_errors`), so that a client sees them all at once. The problem's reason is
    `unknown_occupation` when the occupation is all that is wrong."""
    errors = {name: list(messages) for name, messages in (other_errors or {}).items()}
    if not catalogue.holds(code):
        errors.setdefault(field, []).append(UNKNOWN_OCCUPATION)
    if errors:
        raise Invalid(errors, reason="invalid" if other_errors else REASON)

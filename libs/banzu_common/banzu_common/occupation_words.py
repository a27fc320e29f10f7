"""The words of the occupation rule (domain.md, "Occupations are master data") that every part says when
an occupation is outside the catalogue, kept free of any web library so that a domain may use them too.
Clients and the pages translate its code (banzu_common.rules), not the message."""
from banzu_common.rules import Rule

REASON = "unknown_occupation"
UNKNOWN_OCCUPATION = Rule(REASON, "is not an occupation of the catalogue")


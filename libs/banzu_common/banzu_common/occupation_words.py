"""The words of the occupation rule (domain.md, "Occupations are master data") that every part says when
an occupation is outside the catalogue, kept free of any library so that a domain may use them too. The
gateway's pages translate the message by matching it (web/refusals.py): change both together."""

UNKNOWN_OCCUPATION = "is not an occupation of the catalogue"
REASON = "unknown_occupation"

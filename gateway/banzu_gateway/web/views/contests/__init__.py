"""The contest pages: organizers run a contest from draft to published results; judges score by bib."""
from banzu_gateway.web.views.contests import (audit, contestants, control_room, judges, judging,  # noqa: F401
                                              listing, results)

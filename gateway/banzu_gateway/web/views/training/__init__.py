"""The training pages: the trainer's week, courses, sessions and attendance, plans, programmes,
mentorships and recertification; the worker's own page, training record and sessions."""
from banzu_gateway.web.views.training import (courses, me, mentorships, plans, programs,  # noqa: F401  (routes)
                                              recertifications, sessions, week)

"""The menu and where each user's work starts: every page a role may open, and nothing else.

`roles` lists the roles that may open the page (admin always may); an empty tuple means any
signed-in user. `own_records` marks pages about the user's own records (a worker's), which need
the `worker` role itself: an admin without an employee number has no certificates of their own.
`team_leader` marks pages of the team the user leads (班组长), shown only to a team's leader and
opened for that team.
"""
from __future__ import annotations

from dataclasses import dataclass

from banzu_common.auth import Principal


@dataclass(frozen=True)
class Entry:
    endpoint: str
    label: str  # catalogue key
    roles: tuple[str, ...] = ()
    own_records: bool = False
    also_active: tuple[str, ...] = ()  # endpoints of pages under this entry
    team_leader: bool = False

    def shown_to(self, user: Principal, leads: str | None = None) -> bool:
        if self.team_leader:
            return leads is not None
        if self.own_records:
            return "worker" in user.roles and user.employee_no is not None
        return not self.roles or user.has(*self.roles)

    def arguments(self, leads: str | None) -> dict:
        """The address's arguments: the led team's code for a team leader's page."""
        return {"code": leads} if self.team_leader else {}

    def active(self, endpoint: str | None) -> bool:
        return endpoint == self.endpoint or endpoint in self.also_active


MENU: tuple[Entry, ...] = (
    Entry("web.me", "nav_me", own_records=True),
    Entry("web.my_training", "nav_my_training", own_records=True),
    Entry("web.my_certificates", "nav_certificates", own_records=True),
    Entry("web.training_week", "nav_training", ("trainer",)),
    Entry("web.courses", "nav_courses", ("trainer",), also_active=("web.course_new", "web.course")),
    Entry("web.sessions", "nav_sessions", ("trainer", "worker"),
          also_active=("web.session_new", "web.session", "web.attendance")),
    Entry("web.plans", "nav_plans", ("trainer", "hr"), also_active=("web.plan_new", "web.plan")),
    Entry("web.programs", "nav_programs", ("trainer",), also_active=("web.program_new", "web.program")),
    Entry("web.mentorships", "nav_mentorships", ("trainer",),
          also_active=("web.mentorship_new", "web.mentorship")),
    Entry("web.recertifications", "nav_recertifications", ("trainer", "hr")),
    Entry("web.contests", "nav_contests", also_active=(
        "web.contest_results", "web.new_contest", "web.contest", "web.contest_judges", "web.contest_contestants",
        "web.contest_judging", "web.contest_audit")),
    Entry("web.teams", "nav_teams", ("hr",), also_active=("web.new_team", "web.team")),
    Entry("web.workers", "nav_workers", ("hr",),
          also_active=("web.new_worker", "web.worker", "web.import_workers", "web.worker_sign_ins")),
    Entry("web.occupations", "nav_occupations", ("hr",), also_active=("web.occupation_requirements",)),
    Entry("web.credentials", "nav_credentials", ("hr",),
          also_active=("web.new_credential", "web.credential", "web.import_credentials")),
    Entry("web.compliance", "nav_compliance", ("hr",)),
    Entry("web.promotions", "nav_promotions", ("hr",)),
    Entry("web.scoreboard", "nav_scoreboard", ("hr",), also_active=("web.team_score",)),
    Entry("web.assessments", "nav_assessments", ("hr",), also_active=("web.team_assessment",)),
    Entry("web.skill_matrices", "nav_skill_matrices", ("hr", "trainer"), also_active=("web.skill_matrix",)),
    Entry("web.team_assessment", "nav_my_team_assessment", team_leader=True),
    Entry("web.skill_matrix", "nav_my_skill_matrix", team_leader=True),
    Entry("web.users", "nav_users", ("admin",), also_active=("web.new_user", "web.user")),
    Entry("web.deliveries", "nav_deliveries", ("admin",)),
    Entry("web.audit", "nav_audit", ("hr",)),  # admins read every part, HR the directory and credentials
    Entry("web.change_password", "nav_password"),
)

# Where a user lands after signing in: the first entry whose role they hold.
LANDING: tuple[tuple[str, str], ...] = (
    ("admin", "web.users"),
    ("hr", "web.teams"),
    ("organizer", "web.contests"),
    ("judge", "web.contests"),
    ("trainer", "web.training_week"),
    ("worker", "web.me"),
)
FALLBACK_LANDING = "web.contests"


def menu_for(user: Principal, leads: str | None = None) -> list[Entry]:
    """The user's menu; `leads` is the code of the team they lead, if any."""
    return [entry for entry in MENU if entry.shown_to(user, leads)]


def landing_endpoint(user: Principal) -> str:
    return next((endpoint for role, endpoint in LANDING if role in user.roles), FALLBACK_LANDING)

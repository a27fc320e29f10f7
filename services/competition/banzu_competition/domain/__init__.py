"""Competition domain: contests, third-party judging, scoring and results. Pure: no I/O, no clock."""
from .contest import Contest, JudgeProgress, JudgeTask, Status
from .contestants import Contestant, Participation, draw_bibs
from .eligibility import CredentialSnapshot, WorkerSnapshot, check_eligibility
from .events import ContestCancelled, JudgeAssignmentChanged, PromotionEarned, ResultsPublished
from .judges import Judge, Withdrawal, check_no_conflict, new_judge
from .judging import FlagStatus, Score, ScoreCard, ScoreChange, SpreadFlag
from .scoring import ContestantRow, Promotion, ResultRow, ScoreRow, compute_results
from .settings import Awards, ContestSettings, Method, Prize, Promotions, Segment, parse_settings

__all__ = [
    "Awards", "Contest", "ContestCancelled", "ContestSettings", "Contestant", "ContestantRow",
    "CredentialSnapshot", "FlagStatus", "Judge", "JudgeAssignmentChanged", "JudgeProgress", "JudgeTask", "Method",
    "Participation", "Prize", "Promotion", "PromotionEarned", "Promotions", "ResultRow", "ResultsPublished",
    "Score", "ScoreCard", "ScoreChange", "ScoreRow", "Segment", "SpreadFlag", "Status", "Withdrawal",
    "WorkerSnapshot", "check_eligibility", "check_no_conflict", "compute_results", "draw_bibs", "new_judge",
    "parse_settings",
]

from decimal import Decimal

from banzu_credentials.domain import MissingCredentials, TeamWorker, team_compliance
from banzu_credentials.domain import CredentialStatus as S

REQUIREMENTS = {"electrician": {"special_operation", "post_qualification"}, "crane_operator": {"special_equipment"}}


def test_team_compliance():
    workers = [
        TeamWorker("E003", "王五", "crane_operator"),
        TeamWorker("E001", "张三", "electrician"),
        TeamWorker("E002", "李四", "electrician"),
        TeamWorker("E004", "赵六", "clerk"),
    ]
    holdings = [
        ("E001", "special_operation", S.EXPIRING),
        ("E001", "post_qualification", S.VALID),
        ("E002", "special_operation", S.SUPERSEDED),
        ("E002", "special_operation", S.REVIEW_DUE),
        ("E003", "special_equipment", S.SUPERSEDED),
        ("E003", "special_equipment", S.VALID),
    ]
    result = team_compliance("T01", workers, REQUIREMENTS, holdings)
    assert (result.team_code, result.workers, result.compliant) == ("T01", 4, 3)
    assert result.rate == Decimal("75.00")
    assert result.missing == (MissingCredentials("E002", "李四", ("post_qualification", "special_operation")),)


def test_rate_rounds_half_up_to_two_decimals():
    workers = [TeamWorker(f"E{i}", "x", "electrician") for i in range(3)]
    holdings = [(f"E{i}", code, S.VALID) for i in range(2) for code in REQUIREMENTS["electrician"]]
    assert team_compliance("T", workers, REQUIREMENTS, holdings).rate == Decimal("66.67")


def test_team_without_workers_has_no_rate():
    result = team_compliance("T", [], REQUIREMENTS, [])
    assert (result.workers, result.compliant, result.rate, result.missing) == (0, 0, None, ())

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
    assert (result.team_code, result.workers, result.applicable, result.compliant) == ("T01", 4, 3, 2)
    assert result.rate == Decimal("66.67"), "the clerk, of whom nothing is required, is not counted"
    assert result.missing == (MissingCredentials("E002", "李四", ("post_qualification", "special_operation")),)
    assert result.unconfigured == ("clerk",)


def test_a_team_whose_occupations_have_no_requirements_is_not_configured_not_100_percent():
    workers = [TeamWorker(f"W{i}", "焊工", "welder") for i in range(5)]
    result = team_compliance("WD-03", workers, REQUIREMENTS, [("W0", "special_operation", S.VALID)])
    assert (result.workers, result.applicable, result.compliant, result.rate) == (5, 0, 0, None)
    assert (result.missing, result.unconfigured) == ((), ("welder",))


def test_an_occupation_set_to_require_nothing_counts_as_not_configured():
    result = team_compliance("T", [TeamWorker("W1", "x", "welder")], {"welder": set()}, [])
    assert (result.applicable, result.rate, result.unconfigured) == (0, None, ("welder",))


def test_unconfigured_occupations_are_named_once_and_sorted():
    workers = [TeamWorker("A", "a", "welder"), TeamWorker("B", "b", "clerk"), TeamWorker("C", "c", "welder"),
               TeamWorker("D", "d", "crane_operator")]
    result = team_compliance("T", workers, REQUIREMENTS, [("D", "special_equipment", S.VALID)])
    assert (result.unconfigured, result.applicable, result.compliant, result.rate) == (
        ("clerk", "welder"), 1, 1, Decimal("100.00"))


def test_rate_rounds_half_up_to_two_decimals():
    workers = [TeamWorker(f"E{i}", "x", "electrician") for i in range(3)]
    holdings = [(f"E{i}", code, S.VALID) for i in range(2) for code in REQUIREMENTS["electrician"]]
    assert team_compliance("T", workers, REQUIREMENTS, holdings).rate == Decimal("66.67")


def test_team_without_workers_has_no_rate():
    result = team_compliance("T", [], REQUIREMENTS, [])
    assert (result.workers, result.applicable, result.compliant, result.rate, result.missing) == (0, 0, 0, None, ())
    assert result.unconfigured == ()

"""Fixtures shared by every part's tests: the real PostgreSQL and RabbitMQ (see banzu_common.testing)."""
from pathlib import Path

import pytest

pytest_plugins = ["banzu_common.testing"]


@pytest.fixture(scope="session")
def docker_compose_file() -> str:
    # Only the infrastructure, on 127.0.0.1: the tests start the system's own processes themselves.
    return str(Path(__file__).parent / "tests" / "compose.infrastructure.yml")


@pytest.fixture(scope="session")
def docker_setup() -> list[str]:
    return ["up --wait"]


# The test command runs the tests in parallel processes (pytest-xdist, `--dist loadgroup`). The tests that
# share one running system are kept together, so each group starts its system once: the end-to-end tests,
# and the browser tests in two halves of about equal time (each half with a system of its own). Every other
# module is a group of its own (its module fixtures are made once). The long groups are collected first,
# so they start at once while the short modules fill the other processes.
SYSTEM_GROUPS = {
    "tests/browser/test_training_pages.py": "browser-a",  # waits for sessions to start: mostly idle
    "tests/browser/test_contest_day.py": "browser-a",
    "tests/browser/test_notification_pages.py": "browser-a",
    "tests/browser/test_language_switch.py": "browser-a",
    "tests/browser/test_certificates_page.py": "browser-a",
}


def _group_of(item, root: Path) -> str:
    where = item.path.relative_to(root).as_posix()
    if where in SYSTEM_GROUPS:
        return SYSTEM_GROUPS[where]
    for folder, group in (("tests/browser/", "browser-b"), ("tests/e2e/", "e2e")):
        if where.startswith(folder):
            return group
    return where


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist's own hook reads the groups
def pytest_collection_modifyitems(config, items):
    root = Path(__file__).parent
    first = ("browser-a", "browser-b", "e2e")
    for item in items:
        item.add_marker(pytest.mark.xdist_group(_group_of(item, root)))
    items.sort(key=lambda item: first.index(group) if (group := _group_of(item, root)) in first else len(first))

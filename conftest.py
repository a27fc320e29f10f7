"""Fixtures shared by every part's tests: the real PostgreSQL and RabbitMQ (see banzu_common.testing)."""
import os
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


# The test command runs the tests in parallel processes (pytest-xdist, `--dist loadscope` with the scopes
# below). The tests that share one running system are kept in one process, so each group starts its
# system once: the end-to-end tests, and the browser tests in two halves of about equal time (each half
# with a system of its own). Every other module is a scope of its own (its module fixtures are made once).
# The long groups are collected first, so each starts at once in a process of its own while the short
# modules fill the others. (pytest-xdist's own `loadgroup` marks do not group under pytest 9.)
SYSTEM_GROUPS = {
    "tests/browser/test_training_pages.py": "browser-a",  # waits for sessions to start: mostly idle
    "tests/browser/test_contest_day.py": "browser-a",
    "tests/browser/test_notification_pages.py": "browser-a",
    "tests/browser/test_language_switch.py": "browser-a",
    "tests/browser/test_certificates_page.py": "browser-a",
}
FIRST = ("browser-a", "browser-b", "e2e")


def _scope_of(path: str) -> str:
    """A test's scope by its file's path from the repository's root."""
    if path in SYSTEM_GROUPS:
        return SYSTEM_GROUPS[path]
    for folder, group in (("tests/browser/", "browser-b"), ("tests/e2e/", "e2e")):
        if path.startswith(folder):
            return group
    return path


def pytest_collection_modifyitems(config, items):
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        # one process (BANZU_TEST_PROCESSES=0): the collection's own order, fast tests first
        return
    root = Path(__file__).parent

    def rank(item) -> int:
        scope = _scope_of(item.path.relative_to(root).as_posix())
        return FIRST.index(scope) if scope in FIRST else len(FIRST)

    items.sort(key=rank)  # stable: the order within a group stays


def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class SystemGroups(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _scope_of(nodeid.split("::", 1)[0])

    return SystemGroups(config, log)

"""axe-core (npm, tests/browser/node_modules) run inside a page: WCAG 2.1 A and AA rules, and the
figure of quality.md R12: no critical or serious violation."""
from __future__ import annotations

from functools import cache
from pathlib import Path

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]  # the tags are per level, not cumulative
BLOCKING = ("serious", "critical")


@cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def violations(page) -> list[dict]:
    """axe's critical and serious violations on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the debugging protocol, which the page's CSP (script-src 'self') allows,
        # unlike an injected <script> tag.
        page.evaluate(_axe_source())
    results = page.evaluate("options => axe.run(document, options)",
                            {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]})
    return [v for v in results["violations"] if v["impact"] in BLOCKING]


def describe(found: list[dict]) -> str:
    return "; ".join(f"{v['impact']} {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes'][:3]]}"
                     for v in found)


def assert_accessible(page, what: str) -> None:
    found = violations(page)
    assert not found, f"axe-core on {what} ({page.url}): {describe(found)}"

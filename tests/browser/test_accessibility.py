"""quality.md R12: axe-core finds no critical or serious violation on the pages, in zh and en, on a
375 px phone and a 1280 px desktop. Pages added later run the same check in their own flows (`look`)."""
from __future__ import annotations

import pytest

from accessibility import assert_accessible
from browser_support import DESKTOP, sign_in

pytestmark = pytest.mark.browser
NARROW_PHONE = {"width": 375, "height": 812}
LAYOUTS = {"phone": NARROW_PHONE, "desktop": DESKTOP}
LOCALES = {"zh": "zh-CN", "en": "en-US"}


def pages_of(world) -> dict[str, tuple[str | None, list[str]]]:
    """who signs in (None: nobody) -> the paths they open."""
    verification = world["certificates"]["expiring"]
    return {
        "public": (None, ["/sign-in", f"/verify/{verification['number']}?code={verification['verification_code']}",
                          f"/verify/{verification['number']}?code=wrong", "/verify"]),
        "worker": (world["worker"], ["/me", "/me/training", "/me/certificates", "/contests",
                                     f"/contests/{world['contest']}/results",
                                     "/promotions"]),  # the last one: the friendly 403 page
        "hr": (world["hr"], ["/promotions", f"/promotions?team={world['teams']['A']}", "/promotions?from=bad",
                             "/scoreboard", f"/teams/{world['teams']['A']}/score"]),
    }


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("lang", LOCALES)
def test_every_page_passes_axe_core(world, new_page, lang, layout):
    for who, (username, paths) in pages_of(world).items():
        page = new_page(viewport=LAYOUTS[layout], locale=LOCALES[lang])
        if username:
            sign_in(page, username)
        for path in paths:
            page.goto(path)
            assert page.locator("html").get_attribute("lang").startswith(lang)
            assert_accessible(page, f"{path} as {who}, {lang}, {layout}")


@pytest.mark.parametrize("locale", ["zh-CN", "en-US"])
def test_wide_tables_fit_or_scroll_within_their_region_on_a_desktop(world, new_page, locale):
    page = new_page(viewport=DESKTOP, locale=locale)
    sign_in(page, world["hr"])
    page.goto("/promotions")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page does not overflow"
    region = page.locator(".table-wrap").first
    assert region.get_attribute("tabindex") == "0" and region.get_attribute("role") == "region"
    last_header = page.locator("table.promotions thead th").last
    box, frame = last_header.bounding_box(), region.bounding_box()
    assert box["x"] + box["width"] <= frame["x"] + frame["width"] + 1, "the last column is not cut off"

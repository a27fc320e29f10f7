"""Every page in Chinese and English: the switch on the page changes the text and is remembered."""
from __future__ import annotations

import pytest

from browser_support import sign_in

pytestmark = pytest.mark.browser


def test_the_language_switch_changes_the_text_and_is_remembered(world, new_page, shot):
    page = new_page(locale="zh-CN")
    sign_in(page, world["worker"])
    page.goto("/me/certificates")
    assert page.locator("h1").inner_text() == "我的证书"
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    page.get_by_role("link", name="切换语言: English").click()
    page.wait_for_load_state()
    assert page.url.endswith("/me/certificates")
    assert page.locator("h1").inner_text() == "My certificates"
    assert page.locator("html").get_attribute("lang") == "en"
    page.reload()
    assert page.locator("h1").inner_text() == "My certificates", "remembered after a reload"
    page.goto("/contests")
    assert page.locator("h1").inner_text() == "Skills contests", "and on the other pages"
    page.goto("/me/certificates")
    shot(page, "certificates-worker-english")
    page.get_by_role("link", name="Switch language: 中文").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "我的证书"


def test_sign_in_page_in_english_for_an_english_browser(world, new_page, shot):
    page = new_page(locale="en-US")
    page.goto("/")
    assert page.url.endswith("/sign-in")
    assert page.locator("h1").inner_text() == "Sign in to Banzu"
    assert page.get_by_label("User name").is_visible() and page.get_by_label("Password").is_visible()
    shot(page, "sign-in-english-phone")

"""Web pages in Chinese and English: the browser's preference, a switch that is remembered."""
from __future__ import annotations

from banzu_gateway.web import i18n


def test_both_catalogues_have_the_same_messages():
    assert set(i18n.MESSAGES["zh"]) == set(i18n.MESSAGES["en"])


def test_chinese_by_default_english_when_the_browser_prefers_it(client):
    assert '<html lang="zh-CN">' in client.get("/sign-in").get_data(as_text=True)
    page = client.get("/sign-in", headers={"Accept-Language": "en-US,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in page and "Sign in to Banzu" in page


def test_the_switch_is_remembered_over_the_browser_preference(client):
    response = client.get("/language/en?next=/sign-in")
    assert response.status_code == 302 and response.headers["Location"] == "/sign-in"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("banzu_lang=en") and "SameSite=Lax" in cookie
    page = client.get("/sign-in", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert "Sign in to Banzu" in page and 'href="/language/zh?next=%2Fsign-in"' in page
    client.get("/language/zh?next=/sign-in")
    assert i18n.MESSAGES["zh"]["sign_in_title"] in client.get("/sign-in").get_data(as_text=True)


def test_the_switch_stays_on_this_site_and_knows_its_languages(client):
    assert client.get("/language/en?next=https://evil.example/").headers["Location"] == "/"
    assert client.get("/language/fr").status_code == 404

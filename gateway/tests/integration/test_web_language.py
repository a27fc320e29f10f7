"""Web pages in Chinese and English: the browser's preference, a switch that is remembered."""
from __future__ import annotations

from banzu_gateway.web import i18n


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
    assert i18n.translate("zh", "sign_in_title") in client.get("/sign-in").get_data(as_text=True)


def test_the_switch_stays_on_this_site_and_knows_its_languages(client):
    assert client.get("/language/en?next=https://evil.example/").headers["Location"] == "/"
    assert client.get("/language/fr").status_code == 404


# Each `next` as it stands in a query string: tab, CR and LF percent-encoded (browsers drop them, so
# `/<tab>/evil.example` would become `//evil.example`), another site, a backslash, a script.
HOSTILE_NEXT = ("/%09/evil.example", "/%0a/x", "/%0d/x", "/%0d%0aSet-Cookie:%20x=1", "/x%00y", "/x%7fy",
                "/x%c2%85y", "//evil.example", "/%5Cevil.example", "/\\evil.example", "https://evil.example",
                "javascript:alert(1)", "http:/evil.example", "%09//evil.example", "evil.example")


def test_the_switch_never_leaves_this_site_nor_fails_whatever_next_says(client):
    for hostile in HOSTILE_NEXT:
        response = client.get(f"/language/en?next={hostile}")
        assert response.status_code == 302, hostile
        assert response.headers["Location"] == "/", hostile
    kept = client.get("/language/en?next=/people%3Fq%3D%E5%BC%A0")
    assert kept.headers["Location"] == "/people?q=%E5%BC%A0", "a path of this site, in any language, is kept"

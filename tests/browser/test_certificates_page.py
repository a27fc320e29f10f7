"""A worker signs in and sees each certificate's status in its colour and in words, with its QR code;
the QR code's link opens the public verification page without signing in."""
from __future__ import annotations

import io

import pytest
import qrcode
from qrcode.image.pure import PyPNGImage

from browser_support import sign_in

pytestmark = pytest.mark.browser

# site.css: valid green, expiring orange, expired or revoked red.
GREEN, ORANGE, RED = "rgb(30, 123, 52)", "rgb(166, 82, 0)", "rgb(179, 38, 30)"
EXPECTED_COLOURS = {"valid": GREEN, "expiring": ORANGE, "expired": RED, "revoked": RED}
EXPECTED_WORDS = {"valid": "有效", "expiring": "即将到期", "expired": "已过期", "revoked": "已吊销"}


def verification_url(world, certificate: dict) -> str:
    return f"{world['url']}/verify/{certificate['number']}?code={certificate['verification_code']}"


def test_a_worker_sees_the_status_colours(world, new_page, shot):
    page = new_page()
    sign_in(page, world["worker"])
    assert page.url.endswith("/me"), "a worker lands on their own page, which links their certificates"
    page.get_by_role("link", name="查看我的证书").click()
    page.wait_for_load_state()
    assert page.url.endswith("/me/certificates")
    for status, certificate in world["certificates"].items():
        card = page.locator(f'li.certificate[data-number="{certificate["number"]}"]')
        assert card.get_attribute("data-status") == status
        assert card.evaluate("e => getComputedStyle(e).borderLeftColor") == EXPECTED_COLOURS[status]
        badge = card.locator(".badge")
        assert badge.evaluate("e => getComputedStyle(e).backgroundColor") == EXPECTED_COLOURS[status]
        assert badge.evaluate("e => getComputedStyle(e).color") == "rgb(255, 255, 255)"
        assert badge.inner_text() == EXPECTED_WORDS[status], "the colour is also said in words"
        image = card.locator(".qr img")
        assert image.evaluate("img => img.complete && img.naturalWidth > 0"), f"the QR code of the {status} one"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "fits a phone's width"
    shot(page, "certificates-worker-phone")


def test_the_qr_code_opens_the_verification_page_without_signing_in(world, new_page, shot):
    certificate = world["certificates"]["expiring"]
    url = verification_url(world, certificate)
    worker = new_page()
    sign_in(worker, world["worker"])
    png = worker.context.request.get(f"/me/certificates/{certificate['id']}/qr.png")
    assert png.ok and png.headers["content-type"] == "image/png"
    expected = io.BytesIO()
    qrcode.make(url, image_factory=PyPNGImage).save(expected)
    assert png.body() == expected.getvalue(), f"the QR code encodes {url}"

    visitor = new_page()
    response = visitor.goto(url)
    assert response.status == 200 and "/sign-in" not in visitor.url
    assert visitor.locator("h1").inner_text() == "证书验证"
    verified = visitor.locator(".verified")
    assert verified.get_attribute("data-status") == "expiring"
    assert verified.locator(".badge").inner_text() == "即将到期"
    assert verified.locator(".holder").inner_text() == "王*明", "the holder's name is masked"
    assert certificate["expires_on"] in verified.inner_text()
    shot(visitor, "verification-public-phone")

    wrong = visitor.goto(url.replace("code=", "code=x"))
    assert wrong.status == 404 and visitor.locator(".verified").count() == 0
    shot(visitor, "verification-wrong-code")

"""Open Badges in the browser: a worker downloads a certificate as a verifiable credential (.jwt) from
/me/certificates; a visitor who is not signed in checks that file on /verify on a 390 px phone in Chinese
and reads that it is valid; HR revokes the certificate on its page, and the same file then reads revoked.
The pasted text is checked the same way, a credential changed after it was issued reads as changed, text
that is no badge as no badge; a prize winner's badge image (.svg) from /me checks as valid too. axe-core
on the form and on each result, in zh and en, on a phone and a desktop."""
from __future__ import annotations

import base64
import json
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest

from browser_support import DESKTOP, PHONE, add_user, created, retry_until_created, sign_in
from client import eventually

pytestmark = pytest.mark.browser
FITS = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture(scope="module")
def holder(banzu, admin):
    """A team of its own with one worker holding one valid certificate, that worker's sign-in, and an HR user."""
    tag = uuid.uuid4().hex[:5].upper()
    team, number = f"BG{tag}", f"E{tag}BG"
    created(admin.post("/teams", {"code": team, "name": "四车间徽章班", "company": "Acme Power"}), "team")
    created(admin.post("/workers", {"employee_no": number, "name": "孙丽", "team_code": team,
                                    "occupation": "electrician", "grade": "intermediate"}), "worker")
    worker = add_user(admin, f"badge-{tag.lower()}", ["worker"], number)
    hr = add_user(admin, f"hr-badge-{tag.lower()}", ["hr"])
    today = date.today()

    def issue(type_code: str, certificate_no: str) -> dict:
        return retry_until_created(lambda: admin.post("/credentials", {
            "employee_no": number, "type_code": type_code, "number": certificate_no, "issuer": "省应急管理厅",
            "issued_on": (today - timedelta(days=30)).isoformat(),
            "expires_on": (today + timedelta(days=700)).isoformat()}), f"certificate {certificate_no}")

    return {"tag": tag, "number": number, "worker": worker, "hr": hr,
            "credential": issue("special_equipment", f"SE-{tag}-B"),  # revoked by the first test
            "other": issue("post_qualification", f"PQ-{tag}-B")}


def download(page, link, folder: Path) -> Path:
    with page.expect_download() as started:
        link.click()
    badge = started.value
    saved = folder / badge.suggested_filename
    badge.save_as(saved)
    return saved


def check_file(page, badge: Path) -> None:
    page.goto("/verify")
    page.locator("#file").set_input_files(str(badge))
    page.locator("form.badge-form button[type=submit]").click()
    page.wait_for_load_state()


def check_text(page, text: str) -> None:
    page.goto("/verify")
    page.locator("#badge").fill(text)
    page.locator("form.badge-form button[type=submit]").click()
    page.wait_for_load_state()


def outcome(page) -> tuple[str, str]:
    result = page.locator("section.badge-result")
    return result.get_attribute("data-outcome"), result.locator(".badge").inner_text()


def fact(page, name: str) -> str:
    return page.locator(f"section.badge-result dd.{name}").inner_text()


def changed_after_issue(token: str) -> str:
    """The same credential with its holder's name changed and the signature kept."""
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    text = json.dumps(claims, ensure_ascii=False).replace("孙丽", "孙莉")
    assert text != json.dumps(claims, ensure_ascii=False), "the credential names its holder"
    changed = base64.urlsafe_b64encode(text.encode()).rstrip(b"=").decode()
    return f"{header}.{changed}.{signature}"


def test_a_downloaded_badge_checks_valid_then_revoked_on_the_public_page(holder, new_page, look, tmp_path):
    credential = holder["credential"]
    worker = new_page(viewport=PHONE)
    sign_in(worker, holder["worker"])
    worker.goto("/me/certificates")
    card = worker.locator(f'li.certificate[data-number="{credential["number"]}"]')
    assert "Open Badges 3.0" in worker.locator(".badge-about").inner_text()
    jwt_file = download(worker, card.locator("a.badge-jwt"), tmp_path)
    assert jwt_file.name == f"{credential['number']}.jwt"
    token = jwt_file.read_text().strip()
    assert token.startswith("eyJ") and token.count(".") == 2, "a compact JWT"
    svg_file = download(worker, card.locator("a.badge-svg"), tmp_path)
    assert svg_file.name == f"{credential['number']}.svg" and "<svg" in svg_file.read_text()
    assert worker.evaluate(FITS), "the certificates with their downloads fit a phone"
    look(worker, "certificates-with-badges-phone-zh")

    # A visitor, not signed in, on a phone in Chinese: chooses the file (a drop lands in the same field).
    visitor = new_page(viewport=PHONE, locale="zh-CN")
    answer = visitor.goto("/verify")
    assert answer.status == 200 and "/sign-in" not in visitor.url
    assert visitor.locator("h1").inner_text() == "徽章验证"
    look(visitor, "verify-badge-form-phone-zh")
    check_file(visitor, jwt_file)
    assert outcome(visitor) == ("valid", "有效")
    assert fact(visitor, "achievement") == "特种设备作业人员证"
    assert fact(visitor, "kind") == "证书"
    assert "孙丽" in fact(visitor, "holder") and holder["number"] in fact(visitor, "holder")
    assert fact(visitor, "checked-at") and fact(visitor, "issuer")
    assert visitor.evaluate(FITS), "the result fits a phone"
    look(visitor, "verify-badge-valid-phone-zh")

    # The badge image carries the same credential.
    check_file(visitor, svg_file)
    assert outcome(visitor) == ("valid", "有效")

    # Pasted, in English on a desktop.
    reader = new_page(viewport=DESKTOP, locale="en-US")
    check_text(reader, token)
    assert outcome(reader) == ("valid", "Valid")
    assert fact(reader, "achievement") == "Special equipment operator certificate"
    look(reader, "verify-badge-valid-desktop-en")

    # HR revokes the certificate on its page.
    hr = new_page(viewport=DESKTOP)
    sign_in(hr, holder["hr"])
    hr.goto(f"/credentials/{credential['id']}")
    hr.locator("details.action-panel.danger > summary").click()
    hr.locator("#reason").fill("证书信息有误，吊销")
    hr.locator("details.action-panel.danger form button[type=submit]").click()
    hr.wait_for_load_state()
    assert hr.locator("article.certificate-card").get_attribute("data-status") == "revoked"

    # The same file now reads revoked, chosen or pasted.
    check_file(visitor, jwt_file)
    assert outcome(visitor) == ("revoked", "已撤销")
    assert "撤销" in visitor.locator(".outcome-explained").inner_text()
    look(visitor, "verify-badge-revoked-phone-zh")
    check_text(reader, token)
    assert outcome(reader) == ("revoked", "Revoked")
    look(reader, "verify-badge-revoked-desktop-en")

    # The worker's page no longer offers the revoked certificate's badge, and says why.
    worker.goto("/me/certificates")
    assert card.locator("a.badge-jwt").count() == 0
    assert "不再提供徽章" in card.locator(".badge-downloads.none").inner_text()


def test_changed_text_and_no_badge_at_all_are_said_so(holder, new_page, look, tmp_path):
    worker = new_page(viewport=PHONE)
    sign_in(worker, holder["worker"])
    worker.goto("/me/certificates")
    card = worker.locator(f'li.certificate[data-number="{holder["other"]["number"]}"]')
    token = download(worker, card.locator("a.badge-jwt"), tmp_path).read_text().strip()

    visitor = new_page(viewport=PHONE, locale="zh-CN")
    check_text(visitor, changed_after_issue(token))
    assert outcome(visitor) == ("tampered", "签发后被改动")
    look(visitor, "verify-badge-tampered-phone-zh")
    check_text(visitor, "这不是徽章")
    assert outcome(visitor) == ("unreadable", "不是徽章")

    # Nothing chosen and nothing pasted: said on the form, nothing checked.
    visitor.goto("/verify")
    visitor.locator("form.badge-form button[type=submit]").click()
    visitor.wait_for_load_state()
    assert visitor.locator("#form-refusal").inner_text() == "请选择或拖入一个徽章文件，或粘贴凭证文本。"
    look(visitor, "verify-badge-empty-phone-zh")

    english = new_page(viewport=DESKTOP, locale="en-US")
    english.goto("/verify")
    look(english, "verify-badge-form-desktop-en")


def test_a_prize_winner_downloads_the_prize_badge_and_it_checks_valid(world, admin, new_page, look, tmp_path):
    first = add_user(admin, f"prize-{world['tag'].lower()}", ["worker"], world["numbers"]["first"])
    eventually(lambda: admin.get("/prizes", params={"employee_no": world["numbers"]["first"]}).json()["total"] == 1,
               "the published contest's prize reaches the credentials service")
    winner = new_page(viewport=PHONE)
    sign_in(winner, first)
    prize = winner.locator(".prize-badges")
    assert prize.count() == 1 and "获奖徽章" in prize.inner_text()
    image = download(winner, prize.locator("a.badge-svg"), tmp_path)
    assert image.suffix == ".svg"
    assert winner.evaluate(FITS)
    look(winner, "me-prize-badge-phone-zh")

    visitor = new_page(viewport=PHONE, locale="zh-CN")
    check_file(visitor, image)
    assert outcome(visitor) == ("valid", "有效")
    assert fact(visitor, "kind") == "竞赛获奖" and "李强" in fact(visitor, "holder")


def test_the_did_document_is_served_at_the_sites_root(banzu, new_page):
    page = new_page()
    answer = page.request.get("/.well-known/did.json")
    assert answer.ok and answer.headers["content-type"].startswith("application/did+json")
    document = answer.json()
    assert document["id"].startswith("did:web:") and document.get("verificationMethod")
    same = page.request.get("/did.json")
    assert same.ok and same.body() == answer.body()

"""HR filters the promotion list and downloads it as CSV; the scoreboard shows star ratings and a
team's score page charts its ledger; published contest results."""
from __future__ import annotations

import csv
import io

import pytest

from browser_support import DESKTOP, sign_in

pytestmark = pytest.mark.browser


def test_hr_filters_the_promotion_list_and_downloads_a_csv_that_parses(world, new_page, shot):
    page = new_page(viewport=DESKTOP)
    sign_in(page, world["hr"])
    page.goto("/promotions")
    page.get_by_label("班组", exact=True).select_option(world["teams"]["A"])
    page.get_by_label("晋升来源").select_option("contest")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_load_state()
    rows = page.locator("table.promotions tbody tr")
    assert rows.count() == 1
    first = world["numbers"]["first"]
    assert first in rows.first.inner_text() and "技师" in rows.first.inner_text()
    assert f"team={world['teams']['A']}" in page.url
    shot(page, "promotions-hr-filtered")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载 CSV").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    text = open(download.path(), encoding="utf-8-sig").read()
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][:2] == ["工号", "姓名"]
    assert [(row[0], row[6], row[7]) for row in table[1:]] == [(first, "技师", "技能竞赛")]


def test_the_scoreboard_shows_star_ratings(world, new_page, shot):
    page = new_page()
    sign_in(page, world["hr"])
    page.goto("/scoreboard")
    expected = {"A": ("83.00", "★★★★☆", "四星"), "B": ("74.00", "★★★☆☆", "三星"),
                "C": ("58.00", "☆☆☆☆☆", "待改进")}
    for key, (score, stars, label) in expected.items():
        row = page.locator(f'tr[data-team="{world["teams"][key]}"]')
        assert row.locator(".strong").inner_text() == score
        assert row.locator(".stars").inner_text() == stars
        assert row.locator(".rating-label").inner_text() == label
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "fits a phone's width"
    shot(page, "scoreboard-hr-phone")

    page.get_by_role("link", name=world["team_names"]["A"]).click()
    page.wait_for_load_state()
    chart = page.locator("svg.ledger-chart")
    assert chart.is_visible() and chart.locator("circle.score-dot").count() == 3
    assert "83.00" in page.locator(".score-summary").inner_text()
    shot(page, "team-score-chart-phone")


def test_contest_results_show_ranks_prizes_and_promotions(world, new_page, shot):
    page = new_page(viewport=DESKTOP, locale="en-US")
    sign_in(page, world["worker"])
    page.goto("/contests")
    page.locator(f'a.results-link[href="/contests/{world["contest"]}/results"]').click()  # "View results"
    page.wait_for_load_state()
    rows = page.locator("table.results tbody tr")
    assert rows.count() == 4
    assert rows.nth(0).inner_text().split("\t")[0].strip() == "1"
    assert "First prize" in rows.nth(0).inner_text() and "Senior worker → Technician" in rows.nth(0).inner_text()
    assert "93.20" in rows.nth(0).inner_text() and "95.00 %" in rows.nth(0).inner_text()
    shot(page, "contest-results-desktop")

"""Contest day notices (domain.md 1.2, "Contest day"): a cancelled contest and a judge's changed
assignment, from the event to the text each reader gets, in Chinese and English."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from banzu_common.messaging.contracts import ContestCancelled, JudgeAssignmentChanged

from banzu_gateway import translations
from banzu_gateway.domain import notices
from banzu_gateway.domain.notices import Kind, Reader
from banzu_gateway.service_layer.notifications import cancelled_stories, judge_story

AT = datetime(2026, 12, 7, 2, 0, tzinfo=timezone.utc)
ZH, EN = Reader("zh-reader", "zh", "zh@example.test"), Reader("en-reader", "en")


def cancelled(reason: str = "场地检修。") -> ContestCancelled:
    return ContestCancelled(contest_id="c-1", name="2026年电工技能比武", reason=reason, cancelled_at=AT,
                            contestants=("E1", "E2"), judges=("judge-wang",))


def judge_change(change: str, reason: str | None = None, username: str | None = "judge-wang") -> JudgeAssignmentChanged:
    return JudgeAssignmentChanged(change_id="ch-9", contest_id="c-1", contest_name="2026年电工技能比武", judge_id="j-3",
                                  segment="P", segment_name="实操", change=change, at=AT, username=username,
                                  reason=reason)


def texts(story, reader: Reader) -> tuple[str, str, str]:
    [notice] = notices.notices_for(story, [reader]).notices
    return notice.title, notice.body, notice.link


def test_contestants_hear_of_a_cancelled_contest_and_why_on_their_own_page():
    contestants, _judges = cancelled_stories(cancelled())
    assert [employee_no for employee_no, _ in contestants] == ["E1", "E2"]
    story = contestants[0][1]
    assert story.kind == Kind.contest_cancelled
    assert texts(story, ZH) == ("比赛已取消：2026年电工技能比武", "你报名参加的比赛“2026年电工技能比武”已取消。原因：场地检修。", "/me")
    assert texts(story, EN) == ("Contest cancelled: 2026年电工技能比武",
                                "The contest “2026年电工技能比武” you were registered for has been cancelled. "
                                "Reason: 场地检修.", "/me")


def test_judges_hear_of_a_cancelled_contest_on_the_contests_list():
    _contestants, [(username, story)] = cancelled_stories(cancelled("Storm warning"))
    assert username == "judge-wang"
    assert texts(story, ZH) == ("比赛已取消：2026年电工技能比武", "你担任裁判的比赛“2026年电工技能比武”已取消。原因：Storm warning。",
                                "/contests")
    assert texts(story, EN)[1] == ("The contest “2026年电工技能比武” you were to judge has been cancelled. "
                                   "Reason: Storm warning.")


def test_one_cancellation_is_one_notice_per_account_whatever_the_event_id():
    contestants, judges = cancelled_stories(cancelled())
    assert {story.key for _, story in contestants + judges} == {"contest_cancelled:c-1"}
    [notice] = notices.notices_for(judges[0][1], [ZH]).notices
    assert notice.key == "contest_cancelled:c-1/zh-reader" and notice.email == "zh@example.test"


def test_a_stand_in_is_sent_to_the_scoring_sheet():
    username, story = judge_story(judge_change("assigned"))
    assert (username, story.kind, story.key) == ("judge-wang", Kind.judge_assigned, "judge:ch-9")
    assert texts(story, ZH) == ("你已被增派为裁判：2026年电工技能比武",
                                "你已被增派为比赛“2026年电工技能比武”中“实操”环节的裁判，请在评分表中为选手评分。",
                                "/contests/c-1/judging")
    assert texts(story, EN)[:2] == ("You were added as a judge: 2026年电工技能比武",
                                    "You were added as a judge to segment “实操” of “2026年电工技能比武”. "
                                    "Enter your scores on the scoring sheet.")


def test_a_withdrawn_judge_hears_why_and_that_their_scores_no_longer_count():
    _username, story = judge_story(judge_change("withdrawn", "与选手同班组"))
    assert story.kind == Kind.judge_withdrawn
    assert texts(story, ZH) == ("你已退出评分：2026年电工技能比武",
                                "你已退出比赛“2026年电工技能比武”中“实操”环节的评分。原因：与选手同班组。你在该环节的评分不再计入成绩。",
                                "/contests")
    assert texts(story, EN)[1] == ("You were withdrawn from segment “实操” of “2026年电工技能比武”. Reason: 与选手同班组. "
                                   "Your scores there no longer count.")


def test_a_withdrawal_without_a_reason_leaves_no_empty_sentence():
    _username, story = judge_story(judge_change("withdrawn"))
    assert texts(story, ZH)[1] == "你已退出比赛“2026年电工技能比武”中“实操”环节的评分。你在该环节的评分不再计入成绩。"
    assert texts(story, EN)[1] == ("You were withdrawn from segment “实操” of “2026年电工技能比武”. "
                                   "Your scores there no longer count.")


@pytest.mark.parametrize("event", [judge_change("assigned", username=None), judge_change("promoted")],
                         ids=["judge without an account", "a change this gateway does not know"])
def test_nobody_is_told_of_a_change_without_an_account_or_meaning(event):
    assert judge_story(event) is None


@pytest.mark.parametrize("given, zh, en", [
    ("场地检修", "原因：场地检修。", "Reason: 场地检修."),
    ("  Flooded hall.  ", "原因：Flooded hall。", "Reason: Flooded hall."),
    ("停电！", "原因：停电。", "Reason: 停电."),
    ("", "", ""), ("   ", "", ""), (None, "", ""),
])
def test_a_reason_is_one_sentence_with_one_full_stop(given, zh, en):
    assert notices.reason(given) == {"zh": zh, "en": en}


def test_every_new_kind_has_both_languages():
    for kind in (Kind.contest_cancelled, Kind.judge_assigned, Kind.judge_withdrawn):
        title, body = notices.TEXTS[(kind, notices.Audience.own)]
        assert all(translations.has(language, key) for key in (title, body) for language in notices.LANGUAGES), kind

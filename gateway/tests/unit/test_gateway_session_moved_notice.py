"""A session moved before it starts (domain.md 1.2, "Things people need to change"): everyone holding a
place is told its new time and place, in Chinese and English, linked to the session."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from banzu_common.messaging.contracts import EnrollmentChanged

from banzu_gateway import translations
from banzu_gateway.domain import notices
from banzu_gateway.domain.notices import Kind, Reader
from banzu_gateway.service_layer.notifications import enrollment_story

SHANGHAI = ZoneInfo("Asia/Shanghai")
ZH, EN = Reader("zh-reader", "zh"), Reader("en-reader", "en")


def changed(reason: str, status: str = "enrolled") -> EnrollmentChanged:
    return EnrollmentChanged(session_id=42, course_code="SAFE", course_title="安全复训", employee_no="E1",
                             status=status, starts_at=datetime(2026, 12, 20, 6, 0, tzinfo=timezone.utc),
                             ends_at=datetime(2026, 12, 20, 9, 0, tzinfo=timezone.utc), location="2号楼 301",
                             reason=reason)


def told(story, reader: Reader) -> tuple[str, str, str]:
    [notice] = notices.notices_for(story, [reader]).notices
    return notice.title, notice.body, notice.link


def test_a_moved_session_tells_its_new_time_and_place_in_the_readers_language():
    story = enrollment_story("ev-1", changed("session_moved"), SHANGHAI)
    assert story.kind == Kind.session_moved
    assert told(story, ZH) == ("培训时间地点变更：安全复训", "你报名的培训 安全复训 改为 2026-12-20 14:00–17:00，地点 2号楼 301。",
                               "/sessions/42")
    assert told(story, EN) == ("Session moved: 安全复训",
                               "The session of 安全复训 you hold a place in is now 2026-12-20 14:00–17:00, at 2号楼 301.",
                               "/sessions/42")


def test_a_waitlisted_worker_is_told_the_same_and_each_event_once():
    enrolled = enrollment_story("ev-1", changed("session_moved"), SHANGHAI)
    waiting = enrollment_story("ev-2", changed("session_moved", status="waitlisted"), SHANGHAI)
    assert told(waiting, ZH)[1] == told(enrolled, ZH)[1]
    assert (enrolled.key, waiting.key) == ("enrollment:ev-1", "enrollment:ev-2")


def test_the_moved_notice_has_both_languages_and_unknown_reasons_tell_nobody():
    assert all(translations.has(language, key) for key in notices.TEXTS[(Kind.session_moved, notices.Audience.own)]
               for language in notices.LANGUAGES)
    assert enrollment_story("ev-3", changed("enrolled"), SHANGHAI) is None

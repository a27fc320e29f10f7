"""The audit trail as CSV (api.md, "Audit"): without a language for machines (the column names as the
header, codes as values, no byte order mark), with `zh` or `en` for people (labelled header; parts,
kinds and actions in words; zh with a byte order mark so that Excel reads UTF-8). `before` and
`after` stay JSON, which a program reading the file can parse back; in a file for people an
`occupation` in them is the occupation's name in the file's language (a code the catalogue lacks as
it is)."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from banzu_common.table_files.csv_file import csv_chunks, csv_text

COLUMNS = ("at", "part", "actor", "roles", "job", "event_id", "cause", "action", "kind", "id", "before", "after",
           "request_id")
HEADERS = {
    "zh": ("时间", "部分", "操作人", "角色", "任务", "事件编号", "起因", "操作", "对象类别", "对象编号", "改动前", "改动后",
           "请求编号"),
    "en": ("At", "Part", "Actor", "Roles", "Job", "Event id", "Cause", "Action", "Kind", "Id", "Before", "After",
           "Request id"),
}
PARTS = {
    "zh": {"directory": "人员目录", "accounts": "账号", "scores": "班组积分", "notifications": "通知",
           "competition": "技能竞赛", "training": "培训", "credentials": "证书"},
    "en": {"directory": "Directory", "accounts": "Accounts", "scores": "Team scores", "notifications": "Notifications",
           "competition": "Contests", "training": "Training", "credentials": "Certificates"},
}
KINDS = {
    "zh": {"credential": "证书", "credential_type": "证书类型", "occupation_requirement": "工种持证要求",
           "expiry_sweep": "到期检查", "contest": "竞赛", "judge": "裁判", "judge_assignment": "裁判分工",
           "contestant": "参赛选手", "score": "评分", "segment_signoff": "赛项签字确认", "spread_flag": "分差标记",
           "course": "课程", "certification_program": "认证项目", "session": "培训班", "enrollment": "报名",
           "attendance": "考勤", "plan": "培训计划", "mentorship": "师带徒", "recertification_case": "复训",
           "certification": "认证", "team": "班组", "worker": "员工", "occupation": "工种", "user": "账号",
           "promotion": "晋升",
           "contest_results": "竞赛成绩", "credential_expiry": "证书过期", "credential_expiring": "证书即将到期",
           "delivery": "外发消息"},
    "en": {"credential": "Certificate", "credential_type": "Certificate type",
           "occupation_requirement": "Occupation requirement", "expiry_sweep": "Expiry check", "contest": "Contest",
           "judge": "Judge", "judge_assignment": "Judge assignment", "contestant": "Contestant", "score": "Score",
           "segment_signoff": "Segment sign-off", "spread_flag": "Spread flag", "course": "Course",
           "certification_program": "Certification programme", "session": "Session", "enrollment": "Enrolment",
           "attendance": "Attendance", "plan": "Training plan", "mentorship": "Mentorship",
           "recertification_case": "Recertification", "certification": "Certification", "team": "Team",
           "worker": "Worker", "occupation": "Occupation", "user": "Account", "promotion": "Promotion",
           "contest_results": "Contest results",
           "credential_expiry": "Certificate expiry", "credential_expiring": "Certificate expiring",
           "delivery": "Outgoing message"},
}
ACTIONS = {
    "zh": {"create": "创建", "change": "修改", "issue": "发证", "renew": "换证", "revoke": "吊销", "review": "复审",
           "set": "设置", "sweep": "到期检查", "score": "评分", "sign_off": "签字确认", "accept_spread": "接受分差",
           "assign_judge": "分配裁判", "register": "报名参赛", "open": "开启", "start": "开始", "close": "结束评分",
           "publish": "发布", "evaluate": "评价", "achieve": "达成", "lapse": "到期未达成", "record": "记录",
           "release": "释放名额", "plan": "安排", "cancel": "取消", "enrol": "报名",
           "enrol_from_waitlist": "候补转正", "earn": "取得", "apply": "处理事件", "change_password": "修改密码",
           "set_robot": "设置群机器人", "retry": "重新发送", "step_down": "卸任班组长", "leave": "离职"},
    "en": {"create": "Created", "change": "Changed", "issue": "Issued", "renew": "Renewed", "revoke": "Revoked",
           "review": "Review recorded", "set": "Set", "sweep": "Expiry check", "score": "Scored",
           "sign_off": "Signed off", "accept_spread": "Spread accepted", "assign_judge": "Judge assigned",
           "register": "Registered", "open": "Opened", "start": "Started", "close": "Scoring closed",
           "publish": "Published", "evaluate": "Evaluated", "achieve": "Achieved", "lapse": "Lapsed",
           "record": "Recorded", "release": "Place released", "plan": "Planned", "cancel": "Cancelled",
           "enrol": "Enrolled", "enrol_from_waitlist": "Moved up from the waitlist", "earn": "Earned",
           "apply": "Event applied", "change_password": "Password changed", "set_robot": "Robot set",
           "retry": "Sent again", "step_down": "Stepped down as leader", "leave": "Left the company"},
}

_WORDS = {"part": PARTS, "kind": KINDS, "action": ACTIONS}
OCCUPATION = "occupation"  # the field of any part's entries that holds an occupation's code


def audit_csv(entries: Iterable[Mapping[str, Any]], lang: str | None,
              occupation_names: Mapping[str, str] | None = None) -> Iterator[str]:
    """The CSV in chunks; `occupation_names` (code -> name in `lang`) names occupations in a file for people."""
    head = COLUMNS if lang is None else HEADERS[lang]
    names = occupation_names if lang is not None and occupation_names else {}
    return csv_chunks(head, ([_cell(column, entry.get(column), lang, names) for column in COLUMNS]
                             for entry in entries), lang or "en")


def _cell(column: str, value, lang: str | None, occupation_names: Mapping[str, str]) -> str:
    """Roles as words, before and after as JSON; text a spreadsheet would run as a formula is defused,
    as in every CSV the gateway writes."""
    if column == "roles":
        return " ".join(value)
    if lang is not None and column in _WORDS:
        value = _WORDS[column][lang].get(value, value)
    if column in ("before", "after") and isinstance(value, dict) and isinstance(value.get(OCCUPATION), str):
        value = value | {OCCUPATION: occupation_names.get(value[OCCUPATION], value[OCCUPATION])}
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return csv_text(value)

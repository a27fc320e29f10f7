"""Messages of a worker leaving the company (离职, domain.md 1.2 "Things people need to change"): the form on a
worker's page, what a leaver's page says, the workers list's status filter, and the refusals that follow."""

MESSAGES = {
    "zh": {
        "worker_status": "在职状态",
        "worker_status_active": "在职",
        "worker_status_left": "离职",
        "worker_status_all": "全部",
        "worker_left_badge": "已离职",
        "worker_has_left": "已于 {day} 离职。",
        "worker_left_reason": "离职原因：{reason}",
        "worker_left_kept": "其档案保持离职时的样子：证书、培训、比赛成绩和晋升记录都保留在下面。自离职之日起，他/她不属于任何班组，"
                            "不计入合规率、班组考核和技能矩阵，登录账号已停用。",
        "leave_heading": "离职",
        "leave_hint": "自离职之日起，该员工不再属于任何班组（若是班组长，班组将没有班组长），不计入合规率、考核和技能矩阵，"
                      "不能再报名参赛、参加培训或取得新证书；与其关联的登录账号立即停用。历史记录保留。离职日期最晚为今天。",
        "left_on": "离职日期",
        "leave_reason": "离职原因",
        "record_leave": "记录离职",
        "worker_left_saved": "已记录 {name} 离职。",
        "worker_left_accounts": "已停用其登录账号：{accounts}。",
        "worker_left_leaderless": "班组 {team} 现在没有班组长，请为它指定新的班组长。",
        "reason_worker_left": "该员工已离职：自离职之日起不能再报名参赛、参加培训或取得新证书，档案也不再修改。",
        "reason_already_left": "该员工已经离职，不能重复记录。",
        "leader_has_left": "{value} 已离职，不能担任班组长。",
        "import_worker_left": "该员工已离职，档案不再修改",
        "outcome_worker_left": "已离职，不能报名",
    },
    "en": {
        "worker_status": "Employment",
        "worker_status_active": "With the company",
        "worker_status_left": "Left",
        "worker_status_all": "All",
        "worker_left_badge": "Left",
        "worker_has_left": "Left the company on {day}.",
        "worker_left_reason": "Reason: {reason}",
        "worker_left_kept": "Their record stays as it was when they left: certificates, training, contest results and "
                            "promotions are kept below. From the day they left they belong to no team, count in no "
                            "compliance, assessment or skill matrix, and their sign-in accounts are deactivated.",
        "leave_heading": "Leaving the company",
        "leave_hint": "From the day they leave, the worker belongs to no team (a team they lead has no leader), counts "
                      "in no compliance, assessment or skill matrix, and registers for no contest, joins no training "
                      "and receives no new certificate; the sign-in accounts linked to them are deactivated at once. "
                      "Their history is kept. The day is today at the latest.",
        "left_on": "Day they left",
        "leave_reason": "Reason for leaving",
        "record_leave": "Record the leave",
        "worker_left_saved": "{name} is recorded as having left the company.",
        "worker_left_accounts": "Their sign-in accounts are deactivated: {accounts}.",
        "worker_left_leaderless": "Team {team} has no leader now: name a new one.",
        "reason_worker_left": "This worker has left the company: from that day they register for no contest, join no "
                              "training and receive no new certificate, and their record is no longer changed.",
        "reason_already_left": "This worker has already left the company.",
        "leader_has_left": "{value} has left the company and cannot lead a team.",
        "import_worker_left": "has left the company; their record is no longer changed",
        "outcome_worker_left": "Has left the company: not registered",
    },
}

"""Messages of the training edit forms (domain.md 1.2, "Things people need to change"): a session's
time, place and seats before it starts, and a plan's courses by month during its year."""

MESSAGES = {
    "zh": {
        "change_session": "修改时间、地点或名额",
        "change_session_hint": "开班前可以修改。增加名额时候补学员按顺序转为正式学员；改了时间或地点，已报名和候补的员工都会收到通知。",
        "save_session_changes": "保存修改",
        "session_changed": "培训班已修改。",
        "session_unchanged": "没有修改任何内容。",
        "session_moved_told": "已通知 {n} 位已报名或候补的员工新的时间和地点。",
        "waitlist_seated": "候补学员 {who} 已按顺序转为正式学员。",
        "person_with_number": "{name}（{number}）",
        "session_change_started": "培训班已经开始，不能再修改时间、地点或名额。",
        "session_change_below_enrolled": "已有 {enrolled} 人报名，名额不能少于 {enrolled}。",
        "field_not_in_past": "开始时间不能早于现在",
        "change_plan": "修改各月课程",
        "change_plan_hint": "计划年度结束前可以修改。保存后以下各行即为完整的计划；勾选“删除这一行”的行在保存或点“删除勾选的行”时去掉。",
        "remove_plan_row": "删除这一行",
        "remove_ticked_plan_rows": "删除勾选的行",
        "save_plan_changes": "保存计划",
        "plan_changed": "培训计划已修改。",
        "plan_change_year_over": "{year} 年已经结束，该年度的计划不能再修改。",
    },
    "en": {
        "change_session": "Change time, place or seats",
        "change_session_hint": "Possible until the session starts. More seats move the waitlist up in order; everyone "
                               "enrolled or waitlisted is told of a new time or place.",
        "save_session_changes": "Save changes",
        "session_changed": "The session was changed.",
        "session_unchanged": "Nothing was changed.",
        "session_moved_told": "{n} enrolled or waitlisted workers were told the new time and place.",
        "waitlist_seated": "{who} moved from the waitlist to seats, in order.",
        "person_with_number": "{name} ({number})",
        "session_change_started": "The session has started: its time, place and seats can no longer change.",
        "session_change_below_enrolled": "{enrolled} workers are enrolled: the seats cannot be fewer than {enrolled}.",
        "field_not_in_past": "The start cannot be in the past",
        "change_plan": "Change the courses by month",
        "change_plan_hint": "Possible until the plan's year is over. Once saved, the rows below are the whole plan; "
                            "rows ticked “Remove this row” go when you save or press “Remove ticked rows”.",
        "remove_plan_row": "Remove this row",
        "remove_ticked_plan_rows": "Remove ticked rows",
        "save_plan_changes": "Save the plan",
        "plan_changed": "The plan was changed.",
        "plan_change_year_over": "The year {year} is over: its plan no longer changes.",
    },
}

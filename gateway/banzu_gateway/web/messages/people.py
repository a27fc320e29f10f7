"""Messages of person fields (web/people.py): choosing a worker by name, employee number or team."""

MESSAGES = {
    "zh": {
        "person_field_hint": "可输入姓名（或其中几个字）、工号或班组代码。",
        "person_not_found": "没有姓名、工号或班组与“{q}”相符的员工。",
        "person_pick_one": "“{q}”对应 {n} 名员工，请在下面选择一位。",
        "person_fix": "请先确定是哪一位员工。",
        "person_matches": "与“{q}”相符的员工",
        "person_match": "{name}（工号 {number}，班组 {team}）",
    },
    "en": {
        "person_field_hint": "Type a name (or part of it), an employee number or a team code.",
        "person_not_found": "No worker's name, employee number or team matches “{q}”.",
        "person_pick_one": "{n} workers match “{q}”: choose one below.",
        "person_fix": "Choose which worker you mean first.",
        "person_matches": "Workers matching “{q}”",
        "person_match": "{name} (employee no. {number}, team {team})",
    },
}

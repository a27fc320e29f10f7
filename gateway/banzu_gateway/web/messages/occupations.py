"""Messages of the occupation catalogue (工种, domain.md "Occupations are master data"): the /occupations
page where HR and admins add and rename occupations, the occupation lists of every form, and the
refusals of an occupation outside the catalogue."""

MESSAGES = {
    "zh": {
        "nav_occupations": "工种",
        "occupations_title": "工种目录",
        "occupations_listed": "目录中的工种",
        "occupations_intro": "员工、竞赛、课程、认证项目和师带徒的工种都从这份目录中选择，各页面按所选语言显示工种名称。"
                             "工种编号添加后不能更改，名称可以修改。",
        "occupation_code": "工种编号",
        "occupation_code_hint": "小写字母、数字或下划线，例如 electrician；添加后不能更改。",
        "occupation_name_zh": "中文名称",
        "occupation_name_en": "英文名称",
        "add_occupation": "添加工种",
        "occupation_added": "已添加工种。",
        "rename_occupation": "修改名称",
        "save_occupation_names": "保存名称",
        "occupation_renamed": "工种名称已修改。",
        "occupation_required_types": "持证要求",
        "occupation_no_requirements": "尚未设置持证要求",
        "occupation_requirements_unavailable": "证书服务暂时无法访问，持证要求稍后再看。",
        "see_requirements": "查看持证要求",
        "set_occupation_requirements": "设置持证要求",
        "no_occupations": "目录中还没有工种。",
        "any_occupation": "全部工种",
        "occupation_choose_hint": "从工种目录中选择；目录中没有的工种请 HR 在“工种”页添加。",
        "reason_occupation_exists": "已有这个编号的工种。",
        "occupation_code_taken": "已有这个编号的工种，请换一个编号或修改原有工种的名称。",
        "field_unknown_occupation": "不是工种目录中的工种，请从列表中选择。",
        "field_unknown_occupation_named": "“{value}”不是工种目录中的工种。",
        "reason_unknown_occupation": "所填工种不在工种目录中。",
        "import_occupation_ambiguous": "这个名称对应多个工种，请填写工种编号。",
        "occupation_code_format": "只能使用 1–100 个小写字母、数字或下划线。",
    },
    "en": {
        "nav_occupations": "Occupations",
        "occupations_title": "Occupation catalogue",
        "occupations_listed": "Occupations in the catalogue",
        "occupations_intro": "Workers, contests, courses, certification programmes and mentorships choose their "
                             "occupation from this catalogue; every page shows its name in the page's language. "
                             "A code never changes once added; its names can.",
        "occupation_code": "Occupation code",
        "occupation_code_hint": "Lowercase letters, digits or underscores, for example electrician; it cannot change "
                                "later.",
        "occupation_name_zh": "Chinese name",
        "occupation_name_en": "English name",
        "add_occupation": "Add an occupation",
        "occupation_added": "The occupation was added.",
        "rename_occupation": "Rename",
        "save_occupation_names": "Save the names",
        "occupation_renamed": "The occupation was renamed.",
        "occupation_required_types": "Required certificates",
        "occupation_no_requirements": "No requirements set",
        "occupation_requirements_unavailable": "The certificates service cannot be reached; see the requirements "
                                               "later.",
        "see_requirements": "See its requirements",
        "set_occupation_requirements": "Set its requirements",
        "no_occupations": "The catalogue has no occupations yet.",
        "any_occupation": "All occupations",
        "occupation_choose_hint": "From the occupation catalogue; HR adds a missing one on the Occupations page.",
        "reason_occupation_exists": "An occupation with this code is already in the catalogue.",
        "occupation_code_taken": "An occupation with this code is already in the catalogue: choose another code or "
                                 "rename that occupation.",
        "field_unknown_occupation": "Not an occupation of the catalogue: choose one from the list.",
        "field_unknown_occupation_named": "“{value}” is not an occupation of the catalogue.",
        "reason_unknown_occupation": "The occupation is not in the occupation catalogue.",
        "import_occupation_ambiguous": "This name belongs to more than one occupation: use its code.",
        "occupation_code_format": "Use 1–100 lowercase letters, digits or underscores.",
    },
}

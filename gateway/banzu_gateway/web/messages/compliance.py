"""Messages of the compliance report (持证上岗率) as it says how its numbers were computed and which
occupations have no requirements set, and of an occupation's requirements page."""

MESSAGES = {
    "zh": {
        "compliance_explained": "持证上岗率 = 持证齐全人数 / 有持证要求的人数（按今天计算）。持证齐全指持有其工种所需的全部有效证书；"
                                "工种未设置持证要求的人员不计入（不适用），既不算持证齐全，也不算缺证。",
        "compliance_formula": "持证齐全人数 / 有持证要求的人数",
        "compliance_fraction": "{compliant} / {applicable} 人",
        "compliance_members": "成员人数",
        "compliance_applicable": "有持证要求的人数",
        "compliance_compliant": "持证齐全人数",
        "compliance_not_configured": "未设置持证要求",
        "compliance_not_configured_hint": "本班组成员的工种均未设置持证要求，无法计算持证上岗率；请先为下列工种设置持证要求。",
        "compliance_no_members_hint": "班组暂无成员，无法计算持证上岗率。",
        "compliance_not_applicable": "{count} 人的工种未设置持证要求，不计入。",
        "occupation_unconfigured": "{occupation}尚未设置持证要求",
        "set_requirements": "设置持证要求",
        "unconfigured_heading": "尚未设置持证要求的工种",
        "unconfigured_teams": "涉及班组：{teams}",
        "occupation_with_code": "{name}（{code}）",
        "requirements_title": "{occupation}的持证要求",
        "requirements_intro": "该工种的人员须持有下列全部有效证书才算持证齐全；持证上岗率按此计算。",
        "requirements_none": "尚未设置持证要求：该工种的人员不计入持证上岗率。",
        "requirements_types": "所需证书类型",
        "requirements_admin_only": "只有系统管理员可以修改持证要求。",
        "requirements_none_ticked_hint": "不勾选任何证书类型并保存，即表示该工种不设持证要求（不计入持证上岗率）。",
        "save_requirements": "保存持证要求",
        "requirements_saved": "持证要求已保存。",
        "back_to_compliance": "返回持证上岗率",
        "nobody_missing_of_applicable": "有持证要求的人员均持证齐全；未设置持证要求的工种见上。",
    },
    "en": {
        "compliance_explained": "Certified-on-post rate = people fully certified / people with requirements (as of today). "
                                "Fully certified means holding every valid certificate their occupation requires; people "
                                "whose occupation has no requirements set are not counted (not applicable), neither as "
                                "certified nor as missing certificates.",
        "compliance_formula": "fully certified / people with requirements",
        "compliance_fraction": "{compliant} / {applicable} people",
        "compliance_members": "Members",
        "compliance_applicable": "With requirements",
        "compliance_compliant": "Fully certified",
        "compliance_not_configured": "No requirements set",
        "compliance_not_configured_hint": "No occupation of this team's members has certificate requirements set, so "
                                          "there is no rate; set the requirements of the occupations below first.",
        "compliance_no_members_hint": "The team has no members, so there is no rate.",
        "compliance_not_applicable": "{count} people's occupation has no requirements set; not counted.",
        "occupation_unconfigured": "{occupation} has no certificate requirements set",
        "set_requirements": "Set requirements",
        "unconfigured_heading": "Occupations without certificate requirements",
        "unconfigured_teams": "Teams: {teams}",
        "occupation_with_code": "{name} ({code})",
        "requirements_title": "Certificate requirements: {occupation}",
        "requirements_intro": "People of this occupation are fully certified when they hold every one of these certificates, "
                              "valid; the certified-on-post rate is computed from this.",
        "requirements_none": "No requirements set: people of this occupation are not counted in the certified-on-post rate.",
        "requirements_types": "Required certificate types",
        "requirements_admin_only": "Only administrators can change the requirements.",
        "requirements_none_ticked_hint": "Saving with no type ticked means this occupation has no requirements (not "
                                         "counted in the rate).",
        "save_requirements": "Save requirements",
        "requirements_saved": "Requirements saved.",
        "back_to_compliance": "Back to the certified-on-post rate",
        "nobody_missing_of_applicable": "Everyone with requirements holds every required certificate; occupations "
                                        "without requirements are listed above.",
    },
}

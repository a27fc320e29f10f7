"""Messages that make the assessment's and the team score's numbers explain themselves (domain.md,
"Numbers that explain themselves"): what each score measures, where a target came from, the rating
bands beside every rating, why a team is not assessed, and the skill matrix's occupations that have
no requirements set."""

MESSAGES = {
    "zh": {
        "assessment_score_explained": "班组考核得分：本年度各项指标（人均培训时长、培训计划完成率、技能等级提升比例、持证上岗率、"
                                      "技能比武获奖、师徒结对达标）对照目标计算的加权得分，满分 100。",
        "ledger_score_explained": "积分制得分：每期从 {base} 分起，加上成员晋升和比武获奖的积分，减去证书过期的扣分"
                                  "（保持在 {low}–{high} 分之间）。",
        "target_from_plan": "目标取自班组 {year} 年培训计划",
        "target_from_setting": "班组 {year} 年没有培训计划，目标取考核设置",
        "target_unknown": "培训数据暂时无法获取，目标未知",
        "rating_bands": "评级标准",
        "rating_band_at_least": "{label} ≥ {at_least}",
        "rating_band_below": "{label} < {below}",
        "not_assessable": "不参与考核",
        "not_assessable_no_members": "班组在 {day} 没有成员，不参与考核：没有得分，也没有评级。",
        "not_assessable_no_indicator": "没有适用于本班组的考核指标，不参与考核：没有得分，也没有评级。",
        "matrix_occupation_unconfigured": "未给{occupation}设置持证要求",
        "matrix_unconfigured_hint": "这些工种的成员在下表中显示为“不要求”，只是因为尚未设置持证要求，并不表示无需持证。",
        "matrix_set_requirements": "在持证上岗率页面查看并设置",
    },
    "en": {
        "assessment_score_explained": "Assessment score: this year's indicators (training hours per person, plan "
                                      "completion, skill level promotions, certified-on-post rate, contest prizes, "
                                      "mentorships achieved) weighed against their targets, out of 100.",
        "ledger_score_explained": "Ledger score: each period starts at {base}, plus points for members' promotions and "
                                  "contest prizes, minus points for expired certificates (kept within {low}–{high}).",
        "target_from_plan": "Target from the team's {year} training plan",
        "target_from_setting": "No training plan for {year}: target from the assessment settings",
        "target_unknown": "Training data unavailable: target unknown",
        "rating_bands": "Rating bands",
        "rating_band_at_least": "{label} ≥ {at_least}",
        "rating_band_below": "{label} < {below}",
        "not_assessable": "Not assessable",
        "not_assessable_no_members": "The team has no members on {day}, so it is not assessed: no score and no rating.",
        "not_assessable_no_indicator": "No indicator applies to this team, so it is not assessed: no score and no "
                                       "rating.",
        "matrix_occupation_unconfigured": "No requirements set for {occupation}",
        "matrix_unconfigured_hint": "Members of these occupations show \"Not required\" below only because no "
                                    "requirements are set, not because none are needed.",
        "matrix_set_requirements": "See and set them on the compliance page",
    },
}

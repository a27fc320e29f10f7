"""Messages of the judge's side of the contests: the contest list's "to score now", and the scoring sheet's
rules said to the judge (a reason for a changed score, the spread flag, sign-off, withdrawal, refusals)."""

MESSAGES = {
    "zh": {
        # the contest list
        "to_score_now": "待评分",
        "to_score_now_intro": "进行中的比赛里，您还没有完成的比赛环节。点击即可打开评分表。",
        "nothing_to_score": "目前没有需要您评分的比赛环节。",
        "owed_bibs_left": "还剩 {n} 个抽签号",
        "owed_one_bib_left": "还剩 1 个抽签号",
        "owed_sign_off": "已全部评分，待签字确认",
        "owed_flagged": "{n} 个分差待复核",
        "owed_one_flagged": "1 个分差待复核",
        "all_contests": "全部比赛",
        "my_scores_link": "我的评分",
        # the scoring sheet
        "sheet_reason_rule": "已评分的抽签号如需修改，须在“修改原因”中写明理由；第一次评分不需要填写。",
        "change_reason_hint": "修改评分时必填",
        "reason_needed_for_change": "修改已保存的评分，须写明修改原因。",
        "flag_what_to_do": "评分差距过大：请复核您的评分；如需修改请填写理由，或保持原分由组织方确认。",
        "segment_withdrawn_tab": "已撤下",
        "sheet_withdrawn": "您已于 {when} 被撤下本比赛环节，不能再评分；您在本环节录入的评分不再计入成绩。",
        "sheet_cancelled": "本比赛已取消，不再评分。",
        "sign_off_saves_first": "签字确认时，会先保存本页输入的评分；如有评分未能保存，则不会签字确认。签字确认后，"
                                "您在本比赛环节的评分将被锁定，不能再修改。",
        "signed_off_after_saving": "已保存 {n} 个评分；已签字确认，本比赛环节的评分已锁定。",
        "sign_off_not_done": "未签字确认：有 {n} 个评分未能保存，请查看标出的抽签号，改正后再签字确认。",
        "nothing_to_save": "没有需要保存的修改。",
        "typed_not_saved": "以下输入未能保存：{rows}",
        "typed_bib_score": "抽签号 {bib}：{score}",
        # the competition API's refusals, said to the judge at the sheet
        "sheet_reason_judge_withdrawn": "您已被撤下本比赛环节，不能再评分或签字确认。",
        "sheet_reason_not_assigned": "您没有被分配到这个比赛环节，不能评分。",
        "sheet_reason_score_locked": "您已签字确认本比赛环节，评分已锁定，不能再修改。",
        "sheet_reason_not_running": "比赛不在进行中（尚未开始、评分已结束或已取消），不能评分或签字确认。",
        "sheet_reason_conflict_of_interest": "您需要回避这名选手（同单位或已声明回避），不能为这个抽签号评分。",
    },
    "en": {
        "to_score_now": "To score now",
        "to_score_now_intro": "Segments of running contests that you have not finished. Tap one to open its sheet.",
        "nothing_to_score": "Nothing to score right now.",
        "owed_bibs_left": "{n} bibs left",
        "owed_one_bib_left": "1 bib left",
        "owed_sign_off": "all scored, to sign off",
        "owed_flagged": "{n} spreads to review",
        "owed_one_flagged": "1 spread to review",
        "all_contests": "All contests",
        "my_scores_link": "My scores",
        "sheet_reason_rule": "To change a score you have saved, write why under “Reason for the change”; a first score "
                             "needs no reason.",
        "change_reason_hint": "Required when you change the score",
        "reason_needed_for_change": "Write the reason for changing a saved score.",
        "flag_what_to_do": "The judges' scores differ too much: please review your score; to change it, write the "
                            "reason, or keep it and the organizer will confirm it.",
        "segment_withdrawn_tab": "withdrawn",
        "sheet_withdrawn": "You were withdrawn from this segment on {when}: you can no longer score it, and the scores "
                           "you entered here no longer count.",
        "sheet_cancelled": "This contest was cancelled; there is no more scoring.",
        "sign_off_saves_first": "Signing off first saves the scores typed on this sheet; if any of them cannot be saved, "
                                "nothing is signed off. Once you sign off, your scores in this segment are locked.",
        "signed_off_after_saving": "{n} scores saved; signed off: your scores in this segment are locked.",
        "sign_off_not_done": "Not signed off: {n} scores could not be saved. See the marked bibs, correct them and "
                             "sign off again.",
        "nothing_to_save": "Nothing to save: no score was changed.",
        "typed_not_saved": "Not saved: {rows}",
        "typed_bib_score": "bib {bib}: {score}",
        "sheet_reason_judge_withdrawn": "You were withdrawn from this segment and can no longer score it or sign it "
                                        "off.",
        "sheet_reason_not_assigned": "You are not assigned to this segment, so you cannot score it.",
        "sheet_reason_score_locked": "You have signed off this segment: your scores are locked and cannot change.",
        "sheet_reason_not_running": "The contest is not running (not started yet, scoring closed, or cancelled): "
                                    "scores cannot be entered or signed off.",
        "sheet_reason_conflict_of_interest": "You step aside for this contestant (same company or a declared "
                                             "conflict) and cannot score this bib.",
    },
}

"""Messages about a certificate's periodic review (复审): the last review given when a certificate is
recorded, the check of its dates before recording it, the warning when its review is already overdue
(before recording and on its page), and what the public verification page says of each status."""

MESSAGES = {
    "zh": {
        "last_reviewed_on": "最近复审日期",
        "last_reviewed_on_hint": "有定期复审的证书（如特种作业操作证）已复审过的，填写最近一次复审的日期：下次复审从该日起算；"
                                 "不填则从发证日期起算。",
        "column_last_reviewed_on": "最近复审日期",
        "audit_field_last_reviewed_on": "最近复审日期",
        "check_dates": "检查日期",
        "check_dates_hint": "“检查日期”只计算、不登记：显示按所填日期得出的有效期和下次复审日期。",
        "issue_preview_title": "按所填日期，这本证书：",
        "preview_expires_on": "有效期至",
        "preview_next_review_on": "下次复审日期",
        "preview_no_review": "无定期复审",
        "preview_status": "登记后的状态",
        "preview_counted_from_review": "（从最近复审日期 {date} 起算）",
        "preview_counted_from_issue": "（从发证日期 {date} 起算）",
        "review_overdue_before": "下次复审日期 {date} 已过：登记后这本证书会立即显示为“待复审”。"
                                 "如果证书已经复审过，请在“最近复审日期”填写复审日期，再点“检查日期”；"
                                 "如果确实还没有复审，可以点“仍然登记”，并尽快安排复审。",
        "record_anyway": "仍然登记",
        "review_overdue_after": "这本证书应在 {date} 前复审，尚未记录复审。复审后请在下方“记录复审”中登记复审日期。",
        "review_overdue_after_last": "这本证书应在 {date} 前复审（最近一次记录的复审：{last}），之后尚未记录复审。"
                                     "复审后请在下方“记录复审”中登记复审日期。",
        "last_review_after_today": "不能晚于今天。",
        "last_review_not_for_type": "此类证书没有定期复审，请留空。",
        "verify_explain_valid": "有效：该证书在 {as_of} 有效。",
        "verify_explain_expiring": "即将到期：该证书有效期至 {expires_on}，请持证人及时换证。",
        "verify_explain_review_due": "待复审：该证书需在 {date} 前复审，尚未记录复审。",
        "verify_explain_expired": "已过期：该证书有效期至 {expires_on}，已不再有效。",
        "verify_explain_revoked": "已吊销：该证书已被发证单位吊销，不再有效。",
        "verify_explain_superseded": "已换证：该证书已换发新证，以新证书为准。",
    },
    "en": {
        "last_reviewed_on": "Last review on",
        "last_reviewed_on_hint": "For a certificate with periodic reviews (such as a special operation certificate) that "
                                 "has been reviewed: the date of its latest review. The next review counts from it; "
                                 "left empty, it counts from the issue date.",
        "column_last_reviewed_on": "Last review on",
        "audit_field_last_reviewed_on": "Last review on",
        "check_dates": "Check the dates",
        "check_dates_hint": "“Check the dates” records nothing: it shows the expiry and next review these dates give.",
        "issue_preview_title": "With these dates, this certificate:",
        "preview_expires_on": "Expires on",
        "preview_next_review_on": "Next review due",
        "preview_no_review": "no periodic review",
        "preview_status": "Status once recorded",
        "preview_counted_from_review": "(counted from the last review, {date})",
        "preview_counted_from_issue": "(counted from the issue date, {date})",
        "review_overdue_before": "The next review was due on {date}, which has passed: once recorded, this certificate "
                                 "will show as “review due” at once. If it has been reviewed, enter the date in "
                                 "“Last review on” and check the dates again; if it really has not, choose “Record it "
                                 "anyway” and arrange the review soon.",
        "record_anyway": "Record it anyway",
        "review_overdue_after": "This certificate was due for review by {date} and no review is recorded. Once it is "
                                "reviewed, record the date under “Record a review” below.",
        "review_overdue_after_last": "This certificate was due for review by {date} (the latest review recorded: "
                                     "{last}) and no review is recorded since. Once it is reviewed, record the date "
                                     "under “Record a review” below.",
        "last_review_after_today": "Must not be after today.",
        "last_review_not_for_type": "Certificates of this type have no periodic review: leave it empty.",
        "verify_explain_valid": "Valid: this certificate is in force on {as_of}.",
        "verify_explain_expiring": "Expiring soon: this certificate is valid until {expires_on} and is due for renewal.",
        "verify_explain_review_due": "Review due: this certificate had to be reviewed by {date}, and no review has "
                                     "been recorded.",
        "verify_explain_expired": "Expired: this certificate was valid until {expires_on} and is no longer in force.",
        "verify_explain_revoked": "Revoked: the issuer has withdrawn this certificate; it is no longer in force.",
        "verify_explain_superseded": "Superseded: a renewed certificate replaces this one.",
    },
}

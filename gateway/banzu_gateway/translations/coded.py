"""Message ids the code does not spell out where it shows them: built from a code (`"status_" + status`),
passed along as data (a flash key, a refusal's reason) or chosen from a table. Marked here with
`N_` (gettext_noop) so `pybabel extract` finds every id the catalogues hold; grouped by the console area
that uses them. Add an id here when code builds it; tests check that every catalogue id is found."""

from banzu_gateway.translations import N_


COMMON = (
    N_("nav_certificates"), N_("nav_contests"), N_("nav_promotions"), N_("wrong_credentials"), N_("sign_in_locked"),
    N_("account_disabled"), N_("form_expired"), N_("status_valid"), N_("status_expiring"), N_("status_review_due"),
    N_("status_expired"), N_("status_revoked"), N_("status_superseded"), N_("contest_status_draft"),
    N_("contest_status_open"), N_("contest_status_running"), N_("contest_status_closed"),
    N_("contest_status_published"), N_("prize_first"), N_("prize_second"), N_("prize_third"), N_("invalid_date"),
    N_("invalid_range"), N_("invalid_choice"), N_("invalid_period"), N_("kind_promotion"), N_("kind_prize"),
    N_("kind_expiry"), N_("start_of_period"), N_("not_found"), N_("forbidden"), N_("bad_request"),
    N_("body_too_large"), N_("service_unavailable"), N_("field_required"), N_("field_integer"), N_("field_number"),
    N_("field_datetime"), N_("field_email"), N_("field_between"), N_("field_at_least"), N_("field_at_most"),
    N_("field_above"), N_("field_length"), N_("field_too_long"), N_("field_too_short"), N_("field_unknown"),
    N_("field_one_line"), N_("field_no_control_characters"), N_("sign_in_again"), N_("saved"), N_("back"),
    N_("print"), N_("occupation_hint"),
)

CONTESTS = (
    N_("contest_created"), N_("score_link"), N_("method_measurement"), N_("method_judgement"), N_("awards_first"),
    N_("awards_second"), N_("awards_third"), N_("awards_min_total"), N_("promotions_first"),
    N_("promotions_second"), N_("promotions_third"), N_("control_room"), N_("scoring_sheets"), N_("stage_draft"),
    N_("stage_open"), N_("stage_running"), N_("stage_closed"), N_("stage_published"), N_("step_open"),
    N_("step_start"), N_("step_close"), N_("step_publish"), N_("step_question_open"), N_("step_question_start"),
    N_("step_question_close"), N_("step_question_publish"), N_("step_done_open"), N_("step_done_start"),
    N_("step_done_close"), N_("step_done_publish"), N_("scores_so_far"), N_("owed_by"), N_("spread_accepted"),
    N_("settings_saved"), N_("judge_registered"), N_("judge_assigned"), N_("choose_a_segment"),
    N_("outcome_invalid_employee_no"), N_("outcome_not_registered"), N_("sign_off_hint"), N_("signed_off_done"),
    N_("reason_grade_too_low"), N_("reason_credential_missing"), N_("reason_credential_invalid"),
    N_("reason_already_registered"), N_("reason_registration_closed"), N_("reason_scoring_incomplete"),
    N_("reason_invalid_transition"), N_("reason_contest_locked"), N_("reason_not_running"),
    N_("reason_score_locked"), N_("reason_conflict_of_interest"), N_("reason_not_assigned"),
    N_("reason_not_a_judge"), N_("reason_not_flagged"), N_("reason_not_published"), N_("contest_weights_sum"),
    N_("contest_duplicate_code"), N_("contest_unknown_segment"),
    N_("contest_awards_cumulative"), N_("contest_ends_before_start"),
    N_("contest_steps"), N_("contest_segment_required"), N_("contest_score_decimals"),
)

CONTEST_DAY = (
    N_("tick_to_confirm"), N_("write_a_reason"), N_("contest_status_cancelled"), N_("stage_cancelled"),
    N_("contest_cancelled"), N_("cancel_invalid_transition"), N_("reason_judge_coverage"),
    N_("contestant_status_registered"), N_("contestant_status_withdrawn"), N_("contestant_status_absent"),
    N_("preview_title"), N_("result_status_absent"), N_("result_status_incomplete"),
    N_("promotion_withheld_at_cap"), N_("withdraw_hint_open"), N_("withdraw_hint_running"),
    N_("withdraw_contestant_open"), N_("withdraw_contestant_running"), N_("withdraw_question_open"),
    N_("withdraw_question_running"), N_("contestant_withdrawn"), N_("contestant_absent"),
    N_("reason_wrong_occupation"), N_("reason_contestant_locked"), N_("withdraw_contestant_not_registered"),
    N_("withdraw_contestant_contestant_locked"), N_("judge_withdrawn_done"), N_("stand_in_added"),
    N_("account_is_judge"), N_("account_is_a_judge"), N_("reason_judge_withdrawn"), N_("reason_contestant_absent"),
    N_("assign_judge_withdrawn"), N_("assign_contest_locked"), N_("withdraw_judge_not_assigned"),
    N_("withdraw_judge_contest_locked"),
)

JUDGING = (
    N_("my_scores_link"), N_("nothing_to_save"), N_("sheet_reason_judge_withdrawn"),
    N_("sheet_reason_not_assigned"), N_("sheet_reason_score_locked"), N_("sheet_reason_not_running"),
    N_("sheet_reason_conflict_of_interest"),
)

HR_ADMIN = (
    N_("nav_teams"), N_("nav_workers"), N_("nav_compliance"), N_("nav_users"), N_("nav_password"),
    N_("team_created"), N_("worker_created"), N_("worker_moved"), N_("credential_issued"), N_("credential_renewed"),
    N_("credential_revoked"), N_("review_recorded"), N_("user_created"), N_("user_deactivated"),
    N_("user_activated"), N_("password_changed"), N_("compliant_of"), N_("import_workers_intro"),
    N_("import_credentials_intro"), N_("column_employee_no"), N_("column_name"), N_("column_team_code"),
    N_("column_occupation"), N_("column_grade"), N_("column_type_code"), N_("column_number"), N_("column_issuer"),
    N_("column_issued_on"), N_("column_expires_on"), N_("column_file"), N_("import_see_list_workers"),
    N_("import_see_list_credentials"), N_("compliance_intro"), N_("compliant"), N_("nobody_missing"),
    N_("role_admin"), N_("role_organizer"), N_("role_judge"), N_("role_trainer"), N_("role_worker"), N_("role_hr"),
    N_("language_zh"), N_("language_en"), N_("choose_workers"), N_("code_format"), N_("no_such_team"),
    N_("import_not_a_grade"), N_("import_twice_first_row"), N_("import_twice"), N_("unknown_credential_type"),
    N_("date_too_far"), N_("unknown_worker"), N_("number_taken_field"), N_("credential_number_format"),
    N_("not_before_issued"), N_("import_missing_column"), N_("import_empty"), N_("import_not_a_table"),
    N_("import_unreadable"), N_("import_file_too_large"), N_("import_too_many_rows"), N_("import_too_many_columns"),
    N_("import_row_too_large"), N_("import_declares_too_much"), N_("import_unpacks_too_much"),
    N_("import_packed_too_tightly"), N_("import_too_many_parts"), N_("import_too_many_elements"),
    N_("leader_not_member"), N_("wrong_current_password"), N_("same_password"), N_("worker_needs_number"),
    N_("renew_before_issue"), N_("review_after_expiry"), N_("reason_number_taken"), N_("reason_already_revoked"),
    N_("reason_revoked"), N_("reason_already_superseded"), N_("reason_no_periodic_review"),
    N_("reason_own_account"), N_("reason_username_taken"), N_("reason_idempotency_key_reused"),
)

TRAINING = (
    N_("nav_me"), N_("nav_training"), N_("nav_courses"), N_("nav_sessions"), N_("nav_plans"), N_("nav_programs"),
    N_("nav_mentorships"), N_("nav_recertifications"), N_("course_kind_theory"), N_("course_kind_practical"),
    N_("course_kind_safety"), N_("course_kind_refresher"), N_("course_created"), N_("session_scheduled"),
    N_("enrol_done"), N_("enrol_waitlisted"), N_("enrollment_cancelled"), N_("waitlist_moved_up"),
    N_("claim_enrolled"), N_("claim_waitlisted"), N_("claim_cancelled"),
    N_("attendance_saved"), N_("plan_created"), N_("program_created"), N_("mentorship_status_active"),
    N_("mentorship_status_achieved"), N_("mentorship_status_lapsed"), N_("mentorship_created"),
    N_("evaluation_added"), N_("case_status_planned"), N_("case_status_unplanned"), N_("case_planned_notice"),
    N_("reason_trainer_busy"), N_("reason_location_busy"), N_("reason_session_started"),
    N_("reason_session_cancelled"), N_("reason_already_enrolled"), N_("reason_overlapping_session"),
    N_("reason_unknown_worker"), N_("reason_session_not_started"), N_("reason_not_enrolled"),
    N_("reason_course_exists"), N_("reason_program_exists"), N_("reason_case_planned"),
    N_("reason_not_a_refresher"), N_("reason_starts_after_expiry"), N_("reason_session_full"),
    N_("field_no_such_course"), N_("field_after_start"), N_("field_with_offset"),
    N_("field_period_length"), N_("field_within_period"), N_("field_not_mentor"), N_("field_absent_no_hours"),
    N_("field_absent_no_score"), N_("field_one_course"),
)

TRAINING_EDITS = (
    N_("session_changed"), N_("session_unchanged"), N_("waitlist_seated"),
    N_("field_not_in_past"), N_("plan_changed"),
)

NOTIFICATIONS = (
    N_("nav_deliveries"), N_("unread_notices"), N_("marked_read"), N_("all_marked_read"), N_("open_notice"),
    N_("received_at"), N_("delivery_to"), N_("delivery_requeued"), N_("field_url"), N_("robot_not_https"),
    N_("robot_with_user"), N_("robot_host_not_allowed"), N_("robot_address_not_public"), N_("robot_saved"),
)

ASSESSMENTS = (
    N_("nav_skill_matrices"), N_("nav_my_team_assessment"), N_("nav_my_skill_matrix"), N_("indicator"),
    N_("weight"), N_("part_training"), N_("part_credentials"), N_("value_hours"), N_("value_percent"),
    N_("value_count"), N_("open_assessment"), N_("status_missing"), N_("status_not_required"), N_("status_unknown"),
    N_("invalid_year"), N_("invalid_day"),
)

ASSESSMENT_EXPLAINED = (
    N_("target_from_plan"), N_("target_from_setting"),
)

AUDIT = (
    N_("nav_audit"), N_("history_all"), N_("history_session_all"), N_("history_session_parts"),
    N_("history_contest_parts"), N_("audit_part_directory"), N_("audit_part_accounts"), N_("audit_part_scores"),
    N_("audit_part_notifications"), N_("audit_part_competition"), N_("audit_part_training"),
    N_("audit_part_credentials"), N_("audit_kind_credential"), N_("audit_kind_credential_type"),
    N_("audit_kind_occupation_requirement"), N_("audit_kind_expiry_sweep"), N_("audit_kind_contest"),
    N_("audit_kind_judge"), N_("audit_kind_judge_assignment"), N_("audit_kind_contestant"), N_("audit_kind_score"),
    N_("audit_kind_segment_signoff"), N_("audit_kind_spread_flag"), N_("audit_kind_course"),
    N_("audit_kind_certification_program"), N_("audit_kind_session"), N_("audit_kind_enrollment"),
    N_("audit_kind_attendance"), N_("audit_kind_plan"), N_("audit_kind_mentorship"),
    N_("audit_kind_recertification_case"), N_("audit_kind_certification"), N_("audit_kind_team"),
    N_("audit_kind_worker"), N_("audit_kind_occupation"), N_("audit_kind_user"), N_("audit_kind_promotion"),
    N_("audit_kind_contest_results"), N_("audit_kind_credential_expiry"), N_("audit_kind_credential_expiring"),
    N_("audit_kind_delivery"), N_("audit_action_create"), N_("audit_action_change"), N_("audit_action_issue"),
    N_("audit_action_renew"), N_("audit_action_revoke"), N_("audit_action_review"), N_("audit_action_set"),
    N_("audit_action_sweep"), N_("audit_action_score"), N_("audit_action_sign_off"),
    N_("audit_action_accept_spread"), N_("audit_action_assign_judge"), N_("audit_action_register"),
    N_("audit_action_open"), N_("audit_action_start"), N_("audit_action_close"), N_("audit_action_publish"),
    N_("audit_action_evaluate"), N_("audit_action_achieve"), N_("audit_action_lapse"), N_("audit_action_record"),
    N_("audit_action_release"), N_("audit_action_plan"), N_("audit_action_cancel"), N_("audit_action_enrol"),
    N_("audit_action_enrol_from_waitlist"), N_("audit_action_earn"), N_("audit_action_apply"),
    N_("audit_action_change_password"), N_("audit_action_set_robot"), N_("audit_action_retry"),
    N_("audit_action_step_down"), N_("audit_action_leave"), N_("audit_field_employee_no"),
    N_("audit_field_type_code"), N_("audit_field_number"), N_("audit_field_issuer"), N_("audit_field_issued_on"),
    N_("audit_field_expires_on"), N_("audit_field_next_review_on"), N_("audit_field_revoked_on"),
    N_("audit_field_revoke_reason"), N_("audit_field_superseded_by"), N_("audit_field_reviews"),
    N_("audit_field_type_codes"), N_("audit_field_code"), N_("audit_field_name"), N_("audit_field_name_zh"),
    N_("audit_field_name_en"), N_("audit_field_team_code"), N_("audit_field_occupation"), N_("audit_field_grade"),
    N_("audit_field_company"), N_("audit_field_workshop"), N_("audit_field_leader"), N_("audit_field_robot"),
    N_("audit_field_username"), N_("audit_field_roles"), N_("audit_field_email"), N_("audit_field_language"),
    N_("audit_field_active"), N_("audit_field_created_at"), N_("audit_field_password_changed_at"),
    N_("audit_field_status"), N_("audit_field_position"), N_("audit_field_capacity"), N_("audit_field_starts_at"),
    N_("audit_field_ends_at"), N_("audit_field_location"), N_("audit_field_trainer"), N_("audit_field_course_code"),
    N_("audit_field_title"), N_("audit_field_hours"), N_("audit_field_present"), N_("audit_field_score"),
    N_("audit_field_completed"), N_("audit_field_on"), N_("audit_field_cancellation_reason"),
    N_("audit_field_cancelled_at"), N_("audit_field_cancelled_by"), N_("audit_field_session_id"),
    N_("audit_field_mentor"), N_("audit_field_apprentice"), N_("audit_field_goal_grade"),
    N_("audit_field_achieved_on"), N_("audit_field_starts_on"), N_("audit_field_ends_on"),
    N_("audit_field_segments"), N_("audit_field_tie_break"), N_("audit_field_awards"), N_("audit_field_promotions"),
    N_("audit_field_min_grade"), N_("audit_field_required_credentials"), N_("audit_field_published_on"),
    N_("audit_field_value"), N_("audit_field_reason"), N_("audit_field_organization"),
    N_("audit_field_conflict_teams"), N_("audit_field_conflict_workers"), N_("audit_field_event"),
    N_("audit_field_expiring"), N_("audit_field_expired"), N_("audit_field_year"), N_("audit_field_kind"),
    N_("audit_field_pass_score"), N_("audit_field_min_hours"), N_("audit_field_courses"), N_("audit_field_id"),
    N_("audit_field_left_on"), N_("audit_field_left_reason"),
)

COMPLIANCE = (
    N_("requirements_saved"), N_("nobody_missing_of_applicable"),
)

CREDENTIAL_REVIEWS = (
    N_("column_last_reviewed_on"), N_("audit_field_last_reviewed_on"), N_("last_review_after_today"),
    N_("last_review_not_for_type"), N_("verify_explain_valid"), N_("verify_explain_expiring"),
    N_("verify_explain_review_due"), N_("verify_explain_expired"), N_("verify_explain_revoked"),
    N_("verify_explain_superseded"),
)

LEAVERS = (
    N_("worker_status_active"), N_("worker_status_left"), N_("worker_status_all"), N_("reason_worker_left"),
    N_("reason_already_left"), N_("leader_has_left"), N_("import_worker_left"), N_("outcome_worker_left"),
)

OCCUPATIONS = (
    N_("nav_occupations"), N_("occupation_added"), N_("occupation_renamed"), N_("reason_occupation_exists"),
    N_("occupation_code_taken"), N_("field_unknown_occupation"), N_("field_unknown_occupation_named"),
    N_("reason_unknown_occupation"), N_("import_occupation_ambiguous"), N_("occupation_code_format"),
)

EXPORTS = (
    N_("export_promotions_employee_no"), N_("export_promotions_name"), N_("export_promotions_team_code"),
    N_("export_promotions_team_name"), N_("export_promotions_occupation"), N_("export_promotions_from_grade"),
    N_("export_promotions_to_grade"), N_("export_promotions_source"), N_("export_promotions_source_name"),
    N_("export_promotions_effective_on"), N_("promotion_source_contest"), N_("promotion_source_certification"),
    N_("export_promotions_sheet"), N_("indicator_training_hours"), N_("indicator_plan_completion"),
    N_("indicator_promotion_rate"), N_("indicator_compliance"), N_("indicator_contest_prizes"),
    N_("indicator_mentorship"), N_("export_unit_hours"), N_("export_unit_percent"), N_("export_assessments_team"),
    N_("export_assessments_name"), N_("export_assessments_members"), N_("export_assessments_score"),
    N_("export_assessments_rating"), N_("export_assessments_unavailable"), N_("export_assessments_sheet"),
    N_("export_audit_at"), N_("export_audit_part"), N_("export_audit_actor"), N_("export_audit_roles"),
    N_("export_audit_job"), N_("export_audit_event_id"), N_("export_audit_cause"), N_("export_audit_action"),
    N_("export_audit_kind"), N_("export_audit_id"), N_("export_audit_before"), N_("export_audit_after"),
    N_("export_audit_request_id"),
)

PERSONAL_DATA = (
    N_("personal_data_part_gateway"), N_("personal_data_part_credentials"), N_("personal_data_part_training"), N_("personal_data_part_competition"),
)

DELIVERY_FAILURES = (
    N_("delivery_error_unreachable"),
    N_("delivery_error_server_busy"),
    N_("delivery_error_sign_in_failed"),
    N_("delivery_error_recipient_refused"),
    N_("delivery_error_refused"),
    N_("delivery_error_redirected"),
    N_("delivery_error_robot_url_refused"),
    N_("delivery_error_robot_error"),
    N_("delivery_error_cannot_build"),
    N_("delivery_error_unexpected"),
)

BADGES = (  # the public /verify page: a check's outcome, its explanation and the badge's kind
    N_("badge_outcome_valid"), N_("badge_outcome_revoked"), N_("badge_outcome_expired"),
    N_("badge_outcome_not_yet_valid"), N_("badge_outcome_foreign"), N_("badge_outcome_tampered"),
    N_("badge_outcome_unreadable"), N_("badge_outcome_valid_explained"), N_("badge_outcome_revoked_explained"),
    N_("badge_outcome_expired_explained"), N_("badge_outcome_not_yet_valid_explained"),
    N_("badge_outcome_foreign_explained"), N_("badge_outcome_tampered_explained"),
    N_("badge_outcome_unreadable_explained"), N_("badge_kind_certificate"), N_("badge_kind_skill_level"),
    N_("badge_kind_prize"), N_("badge_withdrawn"),
)

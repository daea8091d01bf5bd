"""The rules a jurisdiction has unless it sets its own, as the design states them."""

DESIGNED_RULES = {
    "accept_days": 15,
    "handle_days": 60,
    "extension_max_days": 30,
    "amber_from_day": 45,
    "public_hearing_notice_days": 7,
    "panel_min": 3,
    "panel_max": 7,
    "signing_window_days": 7,
    "open_before_start_minutes": 60,
    "followup_grace_days": 0,
    # 复查 and 复核: requested within 30 days of the decision, decided within 30 days.
    "review_request_days": 30,
    "review_decide_days": 30,
}

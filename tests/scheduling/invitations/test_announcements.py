"""What each participant's email announces, from the session's status and what happened to them."""

from __future__ import annotations

from scheduling.invitations.mail import Announcement
from scheduling.invitations.notifications import announcement_for


def test_a_first_invitation_is_new_and_a_later_one_an_update() -> None:
    assert announcement_for("scheduled", 0, removed=False) is Announcement.NEW
    assert announcement_for("scheduled", 3, removed=False) is Announcement.UPDATED


def test_a_postponed_or_suspended_session_is_announced_as_such_not_as_cancelled() -> None:
    assert announcement_for("postponed", 1, removed=False) is Announcement.POSTPONED
    assert announcement_for("suspended", 1, removed=False) is Announcement.SUSPENDED


def test_someone_taken_off_an_interrupted_session_is_told_it_is_off_for_them() -> None:
    assert announcement_for("postponed", 2, removed=True) is Announcement.REMOVED


def test_a_cancellation_of_the_whole_session_wins_over_a_removal() -> None:
    assert announcement_for("cancelled", 2, removed=True) is Announcement.CANCELLED

"""Who may call what: the expected outcome of every probe for every viewer.

Viewers: ``anonymous`` (no token), ``expired`` (a lapsed token), ``disabled`` (a token of an
account an admin disabled since), ``archivist``, ``member`` (a participant account, the
petitioner of session A), ``outsider`` (a participant account of another session only),
``coordinator`` and ``admin``. DESIGN's rule is kept for admins: they see personal data in full.

``ok``: allowed, so the answer is no 401/403/404; the first allowed viewer gets 2xx (or, where
the world's state refuses the change after access was granted, ``first_status``), later ones
may meet the state the first left (409/422, or 404 once the first deleted it). Everyone else
gets the status they are listed under, a problem with none of the resource's data, and the
same answer for ids that do not exist. ``hides``: world ids an allowed viewer's
answer must not contain (lists show only what the viewer may see). ``public_pdf``: every
allowed viewer gets 200 and a PDF showing none of the world's ``public_pdf_hides``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.api.access.world import VIEWERS

NO_LOGIN = "anonymous expired disabled"
STAFF = "admin coordinator"
PARTICIPANTS = "archivist member outsider"
EVERYONE = " ".join(VIEWERS)
LOGGED_IN = "archivist outsider member coordinator admin"


@dataclass(frozen=True)
class Row:
    outcomes: dict[str, str | int]
    first_status: int | None = None
    hides: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: The answer is the world's public minutes: a PDF without the petitioner's personal data.
    public_pdf: bool = False

    def __post_init__(self) -> None:
        assert sorted(self.outcomes) == sorted(VIEWERS), self.outcomes


def row(
    ok: str,
    forbidden: str = "",
    not_found: str = "",
    unauthorized: str = NO_LOGIN,
    first_status: int | None = None,
    hides: dict[str, tuple[str, ...]] | None = None,
    public_pdf: bool = False,
) -> Row:
    outcomes: dict[str, str | int] = {}
    for outcome, viewers in (("ok", ok), (403, forbidden), (404, not_found), (401, unauthorized)):
        for viewer in viewers.split():
            assert viewer not in outcomes, viewer
            outcomes[viewer] = outcome
    return Row(outcomes, first_status, hides or {}, public_pdf)


def staff_only(first_status: int | None = None) -> Row:
    return row(STAFF, forbidden=PARTICIPANTS, first_status=first_status)


def admin_only() -> Row:
    return row("admin", forbidden=f"coordinator {PARTICIPANTS}")


def public(first_status: int | None = None) -> Row:
    return row(EVERYONE, unauthorized="", first_status=first_status)


#: Staff, and the member because the resource is theirs or their session's; the rest 404.
def staff_and_member(forbidden: str = "") -> Row:
    others = [v for v in ("archivist", "outsider") if v not in forbidden.split()]
    return row(f"{STAFF} member", forbidden=forbidden, not_found=" ".join(others))


#: Staff and the member act on the member's own person; others may act only for themselves.
SELF_OR_STAFF = row(f"{STAFF} member", forbidden="archivist outsider")
#: Records of session A that only staff write; participants are refused by role.
RECORD_WRITE = staff_only()
#: Staff and the session's participants read; others find nothing.
SESSION_READ = staff_and_member()
#: Session A's records that staff write; a participant of it is refused, strangers find none.
STAFF_WRITE_MEMBER_SEES = row(STAFF, forbidden="member", not_found="archivist outsider")
#: Sealed minutes of a session neither participant account sits in: staff and archivists.
SEALED_READ = row(f"{STAFF} archivist", not_found="member outsider")

PARTIES = {
    "health": public(),
    "issueToken": public(),
    "refreshToken": public(),
    "changePassword": row(LOGGED_IN),
    "logOut": row(LOGGED_IN),
    "createAccount": admin_only(),
    "updateAccount": admin_only(),
    # Organisations and rooms are the institution's, not personal data: any login reads them.
    "listOrganizations": row(LOGGED_IN),
    "getOrganization": row(LOGGED_IN),
    "createOrganization": staff_only(),
    "updateOrganization": staff_only(),
    "deleteOrganization": staff_only(),
    "listPeople": staff_only(),
    "createPerson": staff_only(),
    "getPerson": row(f"{STAFF} member", not_found="archivist outsider"),
    "updatePerson": staff_only(),
    "deletePerson": staff_only(),
    "declareConflict": staff_only(),
    "rotateCalendarFeed": SELF_OR_STAFF,
    "setWorkingHours": SELF_OR_STAFF,
    "addBusy": SELF_OR_STAFF,
    "importCalendar": SELF_OR_STAFF,
    "listRooms": row(LOGGED_IN),
    "getRoom": row(LOGGED_IN),
    "createRoom": staff_only(),
    "updateRoom": staff_only(),
    "deleteRoom": staff_only(),
    "setRoomOpeningHours": staff_only(),
    "addRoomBusy": staff_only(),
    "listJurisdictions": staff_only(),
    "getJurisdiction": staff_only(),
    "createJurisdiction": admin_only(),
    "updateJurisdiction": admin_only(),
    "listAuditEntries": admin_only(),
    "listOutboxMessages": staff_only(),
    "getOutboxMessage": staff_only(),
    # Only a failed message can be retried; the world's are queued, not failed.
    "retryOutboxMessage": staff_only(first_status=409),
    "revokeLink": staff_only(),
    # The coordinator asked for it (world, _lookups); only they and administrators see it.
    "getJob": row("coordinator admin", not_found=PARTICIPANTS),
}

SCHEDULING = {
    "listSessions": row(
        LOGGED_IN,
        hides={
            "archivist": ("session", "other_session"),
            "outsider": ("session", "unbooked_session"),
            "member": ("other_session", "sealed_session"),
        },
    ),
    "getSession": SESSION_READ,
    "createSession": staff_only(),
    "searchSlots": staff_only(),
    "planDocket": staff_only(),
    "holdSlot": staff_only(),
    "bookSession": staff_only(),
    "getInvite": SESSION_READ,
    "headInvite": SESSION_READ,
    "getCalendarObject": SESSION_READ,
    "answerInvitation": SESSION_READ,
    # A signed link answers for its person; a bad bearer token sent with it is still refused.
    "answerInvitation@by token": row(LOGGED_IN + " anonymous", unauthorized="expired disabled"),
    "answerWithItipReply": SESSION_READ,
    "getCalendarFeed": public(),
    "headCalendarFeed": public(),
    "showAnswerPage": public(),
    "answerFromPage": public(),
    "rescheduleSession": staff_only(),
    "postponeSession": row(STAFF, not_found=PARTICIPANTS),
    "resumeSession": row(STAFF, not_found=PARTICIPANTS),
    # Only a session under way can be suspended; the spare one is only booked.
    "suspendSession": row(STAFF, not_found=PARTICIPANTS, first_status=409),
    "removeParticipant": staff_only(),
    "cancelSession": staff_only(),
}

HEARING = {
    "listCases": staff_only(),
    "getCase": staff_only(),
    "createCase": staff_only(),
    "updateCase": staff_only(),
    "deleteCase": staff_only(),
    "acceptCase": staff_only(),
    "extendCase": staff_only(),
    "closeCase": staff_only(),
    "rateCase": staff_only(),
    "requestCaseReview": staff_only(),
    "decideCaseReview": staff_only(),
    "satisfactionReport": staff_only(),
    "getSessionRecord": SESSION_READ,
    "getSessionProcedure": SESSION_READ,
    "recordMediationConsent": SESSION_READ,
    "advanceSessionProcedure": STAFF_WRITE_MEMBER_SEES,
    "skipSessionProcedureStep": STAFF_WRITE_MEMBER_SEES,
    "recordAttendance": RECORD_WRITE,
    "recordPosition": RECORD_WRITE,
    "recordOutcome": RECORD_WRITE,
    "draftAgreement": STAFF_WRITE_MEMBER_SEES,
    "getAgreement": SESSION_READ,
    "signAgreement": SESSION_READ,
    "getPublicNotice": public(),
    "registerObserver": public(),
    "cancelObserver": public(),
    "recordVote": staff_only(),
    # The member sits in session A only, not in the public hearing.
    "getPanelConclusion": row(STAFF, not_found=PARTICIPANTS),
    "createActionItem": RECORD_WRITE,
    "listActionItems": row(LOGGED_IN, hides={"archivist": ("item",), "outsider": ("item",)}),
    "getActionItem": SESSION_READ,
    "addActionItemNote": STAFF_WRITE_MEMBER_SEES,
    "updateActionItem": STAFF_WRITE_MEMBER_SEES,
    "escalateActionItem": STAFF_WRITE_MEMBER_SEES,
    "createFollowUpSession": STAFF_WRITE_MEMBER_SEES,
}

MINUTES = {
    "getSessionMinutes": SESSION_READ,
    "getSessionMinutes@sealed": SEALED_READ,
    "getMinutes": SESSION_READ,
    "getMinutes@sealed": SEALED_READ,
    "getMinutesPdf": SESSION_READ,
    "getMinutesPdf@sealed": SEALED_READ,
    "listMinutesVersions": SESSION_READ,
    "listMinutesVersions@sealed": SEALED_READ,
    "getMinutesVersionPdf": SESSION_READ,
    "getMinutesVersionPdf@sealed": SEALED_READ,
    "diffMinutesVersions": SESSION_READ,
    "diffMinutesVersions@sealed": SEALED_READ,
    "getMinutesBag": SEALED_READ,
    # Only a public hearing's minutes have a public version; for a mediation nobody gets one.
    "getPublicMinutesPdf": row("", not_found=EVERYONE, unauthorized=""),
    "getPublicMinutesPdf@public_hearing": row(EVERYONE, unauthorized="", public_pdf=True),
    "getSealCertificates": public(),
    "searchArchivedMinutes": row(f"{STAFF} archivist", forbidden="member outsider"),
    "verifyArchivedPdf": public(),
    "showSigningPage": public(),
    "getSigningPagePdf": public(),
    "answerOnSigningPage": public(),
    "recordSignature": SESSION_READ,
    "buildMinutes": staff_only(),
    # Nobody has signed session A's draft: the seal waits for the signatures.
    "sealMinutes": staff_only(first_status=422),
}

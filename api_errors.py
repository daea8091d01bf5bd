"""The problem responses each operation can give beyond the standard set (400 always, 413 with
a body, 401/403 with a login, 404 with an id in the path: see core.web.openapi).

Keyed by operationId. An operation raises these through its service: 404 for an id named in
the body, 409 (``Conflict``) for a clash with the current state, 422 (``RuleViolation``) for a
broken rule, 401 where a signed token in the URL or body is the credential. The schemathesis
run in the suite (tests/test_schemathesis.py) fails on any status an operation gives that is
not documented, and tests/core/web/test_openapi.py on a name here that is not an operation.
"""

from __future__ import annotations

#: Writes to the record of a session: 409 once its minutes are sealed or a mediation has
#: ended; 422 before it may be written (not booked, not started) or for a rule of the record.
_RECORD = (409, 422)

EXTRA_PROBLEMS: dict[str, tuple[int, ...]] = {
    # Logins and links: a wrong password or a bad, expired or foreign token.
    "issueToken": (401, 429),
    "refreshToken": (401,),
    "changePassword": (422, 429),
    "updateAccount": (409, 422),
    "createAccount": (409, 422),
    "revokeLink": (401, 422),
    "showAnswerPage": (401, 429),
    "answerFromPage": (401, 409, 422, 429),
    # Public endpoints that write the audit log are throttled per address (429).
    "showSigningPage": (401, 429),
    "answerOnSigningPage": (401, 409, 422, 429),
    "getSigningPagePdf": (401, 429),
    "getSealCertificates": (429,),
    "getPublicMinutesPdf": (429,),
    # Parties, rooms and calendars.
    "createOrganization": (422,),
    "updateOrganization": (422,),
    "deleteOrganization": (409,),
    "createPerson": (404, 409, 422),
    "updatePerson": (409, 422),
    "deletePerson": (409,),
    "addBusy": (422,),
    "setWorkingHours": (422,),
    "importCalendar": (422,),
    "createRoom": (422,),
    "updateRoom": (422,),
    "deleteRoom": (409,),
    "addRoomBusy": (422,),
    "setRoomOpeningHours": (422,),
    # Jurisdictions and cases.
    "createJurisdiction": (422,),
    "updateJurisdiction": (422,),
    "createCase": (404, 409, 422),
    "updateCase": (404, 409, 422),
    "deleteCase": (409,),
    "acceptCase": (409, 422),
    "extendCase": (409, 422),
    "closeCase": (409, 422),
    "rateCase": (409, 422),
    "requestCaseReview": (409, 422),
    "decideCaseReview": (409, 422),
    # Sessions, scheduling and invitations.
    "createSession": (404, 422),
    "removeParticipant": (409, 422),
    "searchSlots": (422,),
    "holdSlot": (409, 422),
    "bookSession": (409, 422),
    "rescheduleSession": (409, 422),
    "cancelSession": (409, 422),
    "postponeSession": (409, 422),
    "suspendSession": (409, 422),
    "resumeSession": (409, 422),
    "planDocket": (404, 422),
    "getInvite": (422,),
    "headInvite": (422,),
    "getCalendarObject": (422,),
    "answerInvitation": (409, 422, 429),
    "answerWithItipReply": (409, 422),
    # The record of a session.
    "recordAttendance": _RECORD,
    "recordPosition": _RECORD,
    "recordOutcome": _RECORD,
    "recordVote": _RECORD,
    "recordMediationConsent": _RECORD,
    "advanceSessionProcedure": _RECORD,
    "skipSessionProcedureStep": _RECORD,
    "createActionItem": _RECORD,
    "draftAgreement": _RECORD,
    "signAgreement": _RECORD,
    # Public hearings.
    "registerObserver": (409, 422, 429),
    "cancelObserver": (409,),
    # Follow-up.
    "updateActionItem": (409, 422),
    "escalateActionItem": (409, 422),
    "createFollowUpSession": (409, 422),
    # Minutes and the archive.
    "buildMinutes": (409, 422),
    "diffMinutesVersions": (422,),
    "recordSignature": (409, 422, 429),
    # 503: a configured timestamp authority refused by the outbound rules or not answering.
    "sealMinutes": (409, 422, 503),
    "getMinutesBag": (409,),
    "verifyArchivedPdf": (422, 429),
    # Outbox: only a message whose delivery failed is sent again.
    "retryOutboxMessage": (409,),
}

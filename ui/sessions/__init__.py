"""The coordinator's session pages: the composer, the session (slots, booking, reschedule,
cancel) and the case it belongs to."""

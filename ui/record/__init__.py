"""The record live and the minutes of a session, as fragments of its page (htmx) that are
also pages of their own: each form acts through the same services as the record API."""

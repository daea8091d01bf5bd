"""People, organisations, accounts and conflict-of-interest declarations."""

from __future__ import annotations

from piccolo.columns import (
    UUID,
    Boolean,
    ForeignKey,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table


class Organization(Table, tablename="organizations"):
    id = UUID(primary_key=True)
    name = Varchar(length=200, index=True)
    kind = Varchar(length=40)
    #: The supervising organisation: an overdue action item escalates to it.
    parent: ForeignKey[Table] = ForeignKey(
        "self", null=True, default=None, on_delete=OnDelete.restrict
    )


class Person(Table, tablename="people"):
    id = UUID(primary_key=True)
    name = Varchar(length=200, index=True)
    email = Varchar(length=254, unique=True)
    phone = Varchar(length=40, null=True, default=None)
    #: The resident identity card number (居民身份证号码), 18 characters or the old 15 digits.
    id_number = Varchar(length=18, null=True, default=None)
    address = Varchar(length=300, null=True, default=None)
    timezone = Varchar(length=64, default="Asia/Shanghai")
    locale = Varchar(length=8, default="zh-CN")
    organization = ForeignKey(Organization, null=True, on_delete=OnDelete.restrict)
    calendar_feed_token = Varchar(length=64, unique=True)


class Account(Table, tablename="accounts"):
    id = UUID(primary_key=True)
    #: Stored lower-cased (see ``parties.accounts.emails``), so uniqueness ignores case too.
    email = Varchar(length=254, unique=True)
    password_hash = Text()
    role = Varchar(length=20)
    person = ForeignKey(Person, null=True, on_delete=OnDelete.set_null)
    active = Boolean(default=True)
    #: Created by the demo loader: refused at login in production.
    demo = Boolean(default=False)


class TokenFamily(Table, tablename="token_families"):
    """Every token descended from one login: revoking the family ends them all at once."""

    id = UUID(primary_key=True)
    account = ForeignKey(Account, on_delete=OnDelete.cascade)
    created_at = Timestamptz()
    revoked_at = Timestamptz(null=True, default=None)
    #: logout, refresh_reused, password_changed or account_disabled.
    revoked_reason = Varchar(length=40, null=True, default=None)


class AccessToken(Table, tablename="access_tokens"):
    id = UUID(primary_key=True)
    token_sha256 = Varchar(length=64, unique=True)
    account = ForeignKey(Account, on_delete=OnDelete.cascade)
    family = ForeignKey(TokenFamily, on_delete=OnDelete.cascade)
    expires_at = Timestamptz()


class RefreshToken(Table, tablename="refresh_tokens"):
    """Works once: a second use means it was stolen, and the whole family is revoked."""

    id = UUID(primary_key=True)
    token_sha256 = Varchar(length=64, unique=True)
    family = ForeignKey(TokenFamily, on_delete=OnDelete.cascade)
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)


class LoginAttempt(Table, tablename="login_attempts"):
    """A login under way or failed, counted by the throttle; rows older than its window go.

    The email is kept only as a digest: an attempt may name anyone's address."""

    id = UUID(primary_key=True)
    at = Timestamptz(index=True)
    email_sha256 = Varchar(length=64, index=True)
    address = Varchar(length=64, index=True)


class ConflictDeclaration(Table, tablename="conflict_declarations"):
    """A person's declared interest in a case: they may not sit on its panel (recusal)."""

    id = UUID(primary_key=True)
    person = ForeignKey(Person, on_delete=OnDelete.cascade)
    case_id = UUID(index=True)
    reason = Text()
    declared_at = Timestamptz()

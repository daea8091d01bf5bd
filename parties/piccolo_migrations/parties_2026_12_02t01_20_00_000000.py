"""Token families, single-use refresh tokens, the login throttle's attempts, and login emails
stored in lower case.

Access tokens issued before this migration belong to no family and could never be revoked
one by one, so they are deleted: their holders log in again.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete
from piccolo.columns.base import OnUpdate
from piccolo.columns.column_types import ForeignKey
from piccolo.columns.column_types import Timestamptz
from piccolo.columns.column_types import UUID
from piccolo.columns.column_types import Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.defaults.uuid import UUID4
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table


class Account(Table, tablename="accounts", schema=None):
    id = UUID(
        default=UUID4(),
        null=False,
        primary_key=True,
        unique=False,
        index=False,
        index_method=IndexMethod.btree,
        choices=None,
        db_column_name=None,
        secret=False,
    )
    email = Varchar(length=254)


class TokenFamily(Table, tablename="token_families", schema=None):
    id = UUID(
        default=UUID4(),
        null=False,
        primary_key=True,
        unique=False,
        index=False,
        index_method=IndexMethod.btree,
        choices=None,
        db_column_name=None,
        secret=False,
    )


ID = "2026-12-02T01:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = (
    "token_families, refresh_tokens, login_attempts, access_tokens.family; "
    "account emails in lower case"
)


def _params(**overrides):
    params = {
        "default": None,
        "null": False,
        "primary_key": False,
        "unique": False,
        "index": False,
        "index_method": IndexMethod.btree,
        "choices": None,
        "db_column_name": None,
        "secret": False,
    }
    params.update(overrides)
    return params


def _foreign_key(references):
    return _params(
        references=references,
        on_delete=OnDelete.cascade,
        on_update=OnUpdate.cascade,
        target_column=None,
        null=True,
    )


async def forget_unrevocable_tokens():
    await Account.raw("DELETE FROM access_tokens")


async def lower_case_emails():
    rows = await Account.select(Account.id, Account.email)
    by_email = {}
    for row in rows:
        by_email.setdefault(row["email"].strip().lower(), []).append(row)
    clashes = sorted(email for email, same in by_email.items() if len(same) > 1)
    if clashes:
        # Merging two people's accounts is not a migration's call: an admin decides.
        raise RuntimeError(
            "accounts whose emails differ only in case must be merged or renamed first: "
            + ", ".join(clashes)
        )
    for email, [row] in by_email.items():
        if row["email"] != email:
            await Account.update({Account.email: email}).where(Account.id == row["id"])


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="parties", description=DESCRIPTION)
    manager.add_raw(forget_unrevocable_tokens)
    manager.add_raw(lower_case_emails)

    for class_name, tablename in (
        ("TokenFamily", "token_families"),
        ("RefreshToken", "refresh_tokens"),
        ("LoginAttempt", "login_attempts"),
    ):
        manager.add_table(class_name=class_name, tablename=tablename, schema=None, columns=None)

    columns = (
        ("TokenFamily", "token_families", "id", UUID, _params(default=UUID4(), primary_key=True)),
        ("TokenFamily", "token_families", "account", ForeignKey, _foreign_key(Account)),
        ("TokenFamily", "token_families", "created_at", Timestamptz, _params(default=TimestamptzNow())),
        ("TokenFamily", "token_families", "revoked_at", Timestamptz, _params(null=True)),
        ("TokenFamily", "token_families", "revoked_reason", Varchar, _params(length=40, null=True)),
        ("RefreshToken", "refresh_tokens", "id", UUID, _params(default=UUID4(), primary_key=True)),
        ("RefreshToken", "refresh_tokens", "token_sha256", Varchar, _params(length=64, default="", unique=True)),
        ("RefreshToken", "refresh_tokens", "family", ForeignKey, _foreign_key(TokenFamily)),
        ("RefreshToken", "refresh_tokens", "expires_at", Timestamptz, _params(default=TimestamptzNow())),
        ("RefreshToken", "refresh_tokens", "used_at", Timestamptz, _params(null=True)),
        ("LoginAttempt", "login_attempts", "id", UUID, _params(default=UUID4(), primary_key=True)),
        ("LoginAttempt", "login_attempts", "at", Timestamptz, _params(default=TimestamptzNow(), index=True)),
        ("LoginAttempt", "login_attempts", "email_sha256", Varchar, _params(length=64, default="", index=True)),
        ("LoginAttempt", "login_attempts", "address", Varchar, _params(length=64, default="", index=True)),
        ("AccessToken", "access_tokens", "family", ForeignKey, _foreign_key(TokenFamily)),
    )
    for table_class_name, tablename, column_name, column_class, params in columns:
        manager.add_column(
            table_class_name=table_class_name,
            tablename=tablename,
            column_name=column_name,
            db_column_name=column_name,
            column_class_name=column_class.__name__,
            column_class=column_class,
            params=params,
            schema=None,
        )

    return manager

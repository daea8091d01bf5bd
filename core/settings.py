"""Settings read once from the environment (see README, "Configuration")."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from core.secret_key import configured_or_stored_secret_key

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    environment: str = "development"
    database_url: str | None = None
    data_dir: Path = PROJECT_ROOT / "data"
    public_url: str = "http://127.0.0.1:8000"
    token_ttl_seconds: int = 8 * 3600
    #: How long a refresh token may wait to be used (each one works once).
    refresh_token_ttl_seconds: int = 14 * 24 * 3600
    #: Take the client's address from the last X-Forwarded-For entry (only behind a proxy that
    #: sets it): the login throttle counts failures per address.
    trust_forwarded_for: bool = False
    #: Requests per minute one address may make to each group of public endpoints that write
    #: the audit log (archive verification and certificates, signing links, public minutes).
    public_requests_per_minute: int = 30
    organizer_email: str = "petitions@concord.example"
    organizer_name: str = "Concord Petition Office"
    sqlite_timeout_seconds: float = 30.0
    #: Connections per worker in the PostgreSQL pool; 0 opens one connection per query.
    db_pool_size: int = 10
    #: Jurisdiction holidays: every office, person and room is closed on these dates.
    holidays: tuple[date, ...] = ()
    #: The default jurisdiction, created at start when missing (cases without one are its).
    jurisdiction_name: str = "Default jurisdiction"
    jurisdiction_timezone: str = "Asia/Shanghai"
    #: How old an imported calendar may get before it is fetched again; 0 turns refresh off.
    calendar_refresh_minutes: int = 30
    #: How long a tentative hold blocks a slot before it lapses.
    hold_minutes: int = 60
    #: How often the running app seals the audit chain's head (as `concord audit seal` does);
    #: 0: only the command does.
    audit_seal_minutes: int = 60
    #: Signs links that work without a login (invitation answers, signing links): the
    #: configured key, else one generated on first run and kept in <data_dir>/secret_key.
    secret_key: str = ""
    #: Hosts (names or CIDRs) that outbound fetches may reach although they are not public.
    outbound_allow: tuple[str, ...] = ()
    #: The largest body an outbound fetch (a subscribed calendar) may return.
    outbound_max_bytes: int = 10 * 1024 * 1024
    outbound_connect_timeout_seconds: float = 5.0
    #: Each read of an outbound fetch, and the whole fetch with its redirects.
    outbound_timeout_seconds: float = 15.0
    #: Outgoing mail; with no host, messages wait in the outbox (visible at /api/v1/outbox).
    smtp_host: str = ""
    smtp_port: int = 587
    #: starttls, ssl (implicit TLS, usually port 465) or none.
    smtp_security: str = "starttls"
    smtp_username: str = ""
    smtp_password: str = ""
    #: Extra certificate authorities to trust for the SMTP server (a PEM file).
    smtp_ca_file: str = ""
    smtp_timeout_seconds: float = 30.0
    #: Envelope and From address of outgoing mail; the organizer's address when empty.
    mail_from: str = ""
    #: How often the outbox worker looks for messages and reminders; 0 turns it off.
    outbox_poll_seconds: int = 30
    #: Attempts before a message is marked failed.
    outbox_max_attempts: int = 8
    #: PostgreSQL: every app worker also runs a job worker (false when separate `concord
    #: worker` processes do the background work).
    jobs_in_process: bool = True
    #: Jobs one job worker runs at once (`concord worker --concurrency` overrides it).
    jobs_concurrency: int = 2
    #: PostgreSQL: when the follow-up round (overdue items, supervision notices) runs, as cron
    #: in UTC; empty turns the job off (`concord followup run` from cron still works).
    followup_cron: str = "0 1 * * *"
    #: The institution's seal: a PKCS#12 file with its key, certificate and chain. Empty: a
    #: development PKI is generated under <data_dir>/pki/ and sealed PDFs say it is one.
    seal_certificate: str = ""
    #: The password of the seal's PKCS#12 file (empty for none).
    seal_password: str = ""
    #: The issuing body's name printed in the visible seal; the jurisdiction's name when empty.
    seal_name: str = ""
    #: An RFC 3161 timestamp authority; empty: a local TSA inside Concord (development PKI).
    tsa_url: str = ""
    #: The timestamp authority's certificate chain (a PEM file), trusted to check its tokens.
    tsa_certificates: str = ""
    #: PostgreSQL: the role the app connects as, created and granted by `concord migrate` when
    #: it runs as the tables' owner; it may not UPDATE, DELETE or TRUNCATE the audit log.
    db_app_role: str = "concord_app"
    #: When set, `concord migrate` lets that role log in with this password.
    db_app_password: str = ""

    @property
    def sender_address(self) -> str:
        return self.mail_from or self.organizer_email

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @property
    def seal_display_name(self) -> str:
        return self.seal_name or self.jurisdiction_name

    @property
    def pki_dir(self) -> Path:
        return self.data_dir / "pki"

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "concord.sqlite"

    @property
    def archive_dir(self) -> Path:
        return self.data_dir / "archive"

    @property
    def audit_heads_dir(self) -> Path:
        """Where sealed heads of the audit chain are kept, one content-addressed file each."""
        return self.data_dir / "audit-heads"


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


def _dates(text: str) -> tuple[date, ...]:
    """Comma-separated ISO dates, e.g. ``2026-10-01,2026-10-02``."""
    return tuple(
        sorted(date.fromisoformat(part.strip()) for part in text.split(",") if part.strip())
    )


def _names(text: str) -> tuple[str, ...]:
    """Comma-separated entries, e.g. ``caldav.internal,10.20.0.0/16``."""
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _flag(value: str) -> bool:
    return value.lower() in ("1", "true", "yes")


def _cron(value: str) -> str:
    from croniter import croniter

    if value and not croniter.is_valid(value):
        raise RuntimeError(f"CONCORD_FOLLOWUP_CRON must be a cron expression, not {value!r}")
    return value


def _smtp_security(value: str) -> str:
    if value not in ("starttls", "ssl", "none"):
        raise RuntimeError(f"CONCORD_SMTP_SECURITY must be starttls, ssl or none, not {value!r}")
    return value


@cache
def get_settings() -> Settings:
    data_dir = Path(_env("CONCORD_DATA_DIR", str(PROJECT_ROOT / "data")))
    environment = _env("CONCORD_ENV", "development")
    return Settings(
        environment=environment,
        secret_key=configured_or_stored_secret_key(
            os.environ.get("CONCORD_SECRET_KEY", "").strip(),
            data_dir,
            may_generate=environment != "production",
        ),
        outbound_allow=_names(_env("CONCORD_OUTBOUND_ALLOW", "")),
        outbound_max_bytes=int(_env("CONCORD_OUTBOUND_MAX_BYTES", str(10 * 1024 * 1024))),
        outbound_connect_timeout_seconds=float(_env("CONCORD_OUTBOUND_CONNECT_TIMEOUT", "5")),
        outbound_timeout_seconds=float(_env("CONCORD_OUTBOUND_TIMEOUT", "15")),
        database_url=os.environ.get("DATABASE_URL") or None,
        data_dir=data_dir,
        public_url=_env("CONCORD_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/"),
        token_ttl_seconds=int(_env("CONCORD_TOKEN_TTL_SECONDS", str(8 * 3600))),
        refresh_token_ttl_seconds=int(
            _env("CONCORD_REFRESH_TOKEN_TTL_SECONDS", str(14 * 24 * 3600))
        ),
        trust_forwarded_for=_env("CONCORD_TRUST_FORWARDED_FOR", "false").lower()
        in ("1", "true", "yes"),
        public_requests_per_minute=int(_env("CONCORD_PUBLIC_REQUESTS_PER_MINUTE", "30")),
        organizer_email=_env("CONCORD_ORGANIZER_EMAIL", "petitions@concord.example"),
        organizer_name=_env("CONCORD_ORGANIZER_NAME", "Concord Petition Office"),
        db_pool_size=int(_env("CONCORD_DB_POOL_SIZE", "10")),
        holidays=_dates(_env("CONCORD_HOLIDAYS", "")),
        jurisdiction_name=_env("CONCORD_JURISDICTION_NAME", "Default jurisdiction"),
        jurisdiction_timezone=_env("CONCORD_JURISDICTION_TIMEZONE", "Asia/Shanghai"),
        calendar_refresh_minutes=int(_env("CONCORD_CALENDAR_REFRESH_MINUTES", "30")),
        hold_minutes=int(_env("CONCORD_HOLD_MINUTES", "60")),
        audit_seal_minutes=int(_env("CONCORD_AUDIT_SEAL_MINUTES", "60")),
        smtp_host=_env("CONCORD_SMTP_HOST", ""),
        smtp_port=int(_env("CONCORD_SMTP_PORT", "587")),
        smtp_security=_smtp_security(_env("CONCORD_SMTP_SECURITY", "starttls")),
        smtp_username=_env("CONCORD_SMTP_USERNAME", ""),
        smtp_password=os.environ.get("CONCORD_SMTP_PASSWORD", ""),
        smtp_ca_file=_env("CONCORD_SMTP_CA_FILE", ""),
        smtp_timeout_seconds=float(_env("CONCORD_SMTP_TIMEOUT_SECONDS", "30")),
        mail_from=_env("CONCORD_MAIL_FROM", ""),
        outbox_poll_seconds=int(_env("CONCORD_OUTBOX_POLL_SECONDS", "30")),
        outbox_max_attempts=int(_env("CONCORD_OUTBOX_MAX_ATTEMPTS", "8")),
        jobs_in_process=_flag(_env("CONCORD_JOBS_IN_PROCESS", "true")),
        jobs_concurrency=int(_env("CONCORD_JOBS_CONCURRENCY", "2")),
        followup_cron=_cron(os.environ.get("CONCORD_FOLLOWUP_CRON", "0 1 * * *").strip()),
        seal_certificate=_env("CONCORD_SEAL_CERTIFICATE", ""),
        seal_password=os.environ.get("CONCORD_SEAL_PASSWORD", ""),
        seal_name=_env("CONCORD_SEAL_NAME", ""),
        tsa_url=_env("CONCORD_TSA_URL", ""),
        tsa_certificates=_env("CONCORD_TSA_CERTIFICATES", ""),
        db_app_role=_env("CONCORD_DB_APP_ROLE", "concord_app"),
        db_app_password=os.environ.get("CONCORD_DB_APP_PASSWORD", ""),
    )

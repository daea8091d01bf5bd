"""Database engine: a SQLite file under data/ by default, PostgreSQL when DATABASE_URL is set."""

from __future__ import annotations

from piccolo.conf.apps import AppRegistry

from core.postgres_pool import LendingPostgresEngine
from core.settings import get_settings
from core.sqlite_pool import PooledSQLiteEngine


def _engine() -> LendingPostgresEngine | PooledSQLiteEngine:
    settings = get_settings()
    if settings.database_url:
        return LendingPostgresEngine(config={"dsn": settings.database_url})
    settings.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    return PooledSQLiteEngine(
        path=str(settings.sqlite_path),
        timeout=settings.sqlite_timeout_seconds,
    )


DB = _engine()

APP_REGISTRY = AppRegistry(
    apps=[
        "core.piccolo_app",
        "parties.piccolo_app",
        "hearing.piccolo_app",
        "scheduling.piccolo_app",
        "minutes.piccolo_app",
    ]
)

"""The `concord` command: run, migrate, demo."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import Any

from core.settings import get_settings
from hearing.followup.supervision import ESCALATE_AFTER_OVERDUE_DAYS
from parties.accounts import service as accounts


async def _migrate() -> None:
    from core.migrations import migrate

    await migrate()


async def _seed_demo() -> bool:
    import demo

    if await demo.has_data():
        return False
    await demo.load_demo()
    return True


def _print_demo_logins() -> None:
    import demo

    print("Demo logins (development only):")
    for login in demo.DEMO_LOGINS:
        print(f"  {login.role:<12} {login.email}  password: {login.password}")


def command_migrate(_: argparse.Namespace) -> int:
    asyncio.run(_migrate())
    print("database is up to date")
    return 0


def command_demo(_: argparse.Namespace) -> int:
    if get_settings().is_production:
        print("refusing to load demo data in production (CONCORD_ENV=production)", file=sys.stderr)
        return 2

    async def run() -> bool:
        await _migrate()
        return await _seed_demo()

    loaded = asyncio.run(run())
    print("demo data loaded" if loaded else "the database already holds data: demo not loaded")
    _print_demo_logins()
    return 0


def command_create_account(arguments: argparse.Namespace) -> int:
    """Create an account; the password comes from CONCORD_NEW_PASSWORD or a prompt."""
    import getpass
    import os

    from core.access import Role

    password = os.environ.get("CONCORD_NEW_PASSWORD") or getpass.getpass("password: ")

    from core.errors import DomainError

    async def run() -> None:
        await _migrate()
        await accounts.create_account(arguments.email, password, Role(arguments.role))

    try:
        asyncio.run(run())
    except DomainError as refused:
        # A weak password or a taken email: say why, no traceback.
        print(f"{refused.field or 'error'}: {refused.message}", file=sys.stderr)
        return 1
    print(f"{arguments.role} account {arguments.email} created")
    return 0


def command_refresh_calendars(_: argparse.Namespace) -> int:
    from datetime import UTC, datetime, timedelta

    from scheduling.calendars.service import refresh_due_calendars

    async def run() -> int:
        await _migrate()
        return await refresh_due_calendars(datetime.now(UTC), timedelta(0))

    print(f"{asyncio.run(run())} calendar(s) refreshed")
    return 0


def command_send_outbox(_: argparse.Namespace) -> int:
    """One round of the notification worker: queue due reminders, send what is due."""
    from datetime import UTC, datetime

    from core.outbox.mailer import SmtpMailer
    from core.settings import get_settings
    from scheduling.invitations.notifications import run_notifications

    settings = get_settings()
    if not settings.smtp_host:
        print("set CONCORD_SMTP_HOST (and port, security, login) to send mail", file=sys.stderr)
        return 2

    async def run() -> str:
        await _migrate()
        result = await run_notifications(SmtpMailer(settings).send, datetime.now(UTC))
        report = result.delivery
        return (
            f"{result.reminders_queued} reminder(s) queued; {report.sent} sent, "
            f"{report.retried} to retry, {report.failed} failed"
        )

    print(asyncio.run(run()))
    return 0


def command_docket_plan(arguments: argparse.Namespace) -> int:
    """Propose a docket for unscheduled sessions and print it (nothing is booked)."""
    import json
    from datetime import UTC, datetime
    from uuid import UUID

    from scheduling.docket.service import plan_docket_for

    def progress(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} ms", end="", flush=True)

    async def run() -> dict[str, object]:
        await _migrate()
        values = arguments.session_ids
        if values == ["-"]:
            # A province's batch (20,000 ids) is better piped than spelt on the command line.
            values = sys.stdin.read().split()
        session_ids = [UUID(value) for value in values]
        if not session_ids:
            from hearing.sessions import service as hearing
            from scheduling.docket.service import MAX_SESSIONS

            session_ids = await hearing.unscheduled_session_ids(MAX_SESSIONS)
        plan = await plan_docket_for(
            session_ids,
            datetime.fromisoformat(arguments.not_before),
            datetime.fromisoformat(arguments.not_after),
            arguments.budget,
            datetime.now(UTC),
            progress=progress,
        )
        return {
            "placed": [
                {"session_id": p.session_id, "start": p.start.isoformat(), "room_id": p.room_id}
                for p in plan.placed
            ],
            "unplaced": [{"session_id": u.session_id, "reason": u.reason} for u in plan.unplaced],
            "upper_bound": plan.upper_bound,
        }

    result = asyncio.run(run())
    print()
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


def command_followup_run(arguments: argparse.Namespace) -> int:
    """The daily follow-up round: mark overdue items, queue supervision notices, escalate."""
    from datetime import UTC, datetime

    from hearing.followup.escalation import run_followup

    async def run() -> str:
        await _migrate()
        result = await run_followup(datetime.now(UTC), arguments.escalate_after_days)
        return (
            f"{result.marked_overdue} item(s) marked overdue; {result.notices_queued} "
            f"supervision notice(s) queued; {result.escalated} escalated"
        )

    print(asyncio.run(run()))
    return 0


@contextlib.contextmanager
def _progress_bar(description: str) -> Iterator[Callable[[int, int], None]]:
    """A rich progress bar on stderr, driven by ``(done, total)`` calls."""
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task(description, total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


def command_archive_export(arguments: argparse.Namespace) -> int:
    """One BagIt bag per sealed minutes under DIR; bags already there and valid are kept."""
    from datetime import UTC, datetime
    from pathlib import Path

    from minutes.archive.bags.export import export_bags

    async def run(progress: Callable[[int, int], None]) -> Any:
        await _migrate()
        return await export_bags(Path(arguments.directory), datetime.now(UTC), progress)

    with _progress_bar("exporting bags") as progress:
        report = asyncio.run(run(progress))
    for failure in report.failed:
        print(f"not exported: minutes {failure.minutes_id}: {failure.reason}", file=sys.stderr)
    print(
        f"{len(report.written)} bag(s) written, {len(report.skipped)} already exported and valid, "
        f"{len(report.failed)} failed, in {arguments.directory}"
    )
    return 1 if report.failed else 0


def command_archive_verify(_: argparse.Namespace) -> int:
    """Fixity of the content store: every file re-hashed, every referenced file present."""
    from minutes.archive.fixity import verify_fixity

    async def run(progress: Callable[[int, int], None]) -> Any:
        await _migrate()
        return await verify_fixity(progress)

    with _progress_bar("verifying the archive") as progress:
        report = asyncio.run(run(progress))
    for fault in report.faults:
        print(fault, file=sys.stderr)
    verdict = "intact" if report.intact else f"{len(report.faults)} fault(s)"
    print(
        f"{report.files_checked} stored file(s) hashed, {report.references_checked} "
        f"reference(s) checked: {verdict}"
    )
    return 0 if report.intact else 1


def command_audit_verify(_: argparse.Namespace) -> int:
    """Recompute the audit chain and check the sealed heads; non-zero naming the first fault."""
    from core.audit_trail.service import verify_chain

    async def run() -> Any:
        await _migrate()
        return await verify_chain()

    report = asyncio.run(run())
    head = f"head seq {report.head.seq} {report.head.hash}" if report.head else "no entries"
    summary = f"{report.entries} entries chained ({head}), {report.sealed_heads} sealed head(s)"
    if report.intact:
        print(f"audit chain intact: {summary}")
        return 0
    if report.fault is not None:
        print(f"audit chain broken at {report.fault}", file=sys.stderr)
    if report.damaged_head_file is not None:
        print(f"sealed heads damaged: {report.damaged_head_file}", file=sys.stderr)
    print(f"checked before the fault: {summary}", file=sys.stderr)
    return 1


def command_audit_seal(_: argparse.Namespace) -> int:
    """Write the chain's head into a sealed-head file (run it from cron, say hourly)."""
    from datetime import UTC, datetime

    from core.audit_trail.service import seal_head

    async def run() -> Any:
        await _migrate()
        return await seal_head(datetime.now(UTC))

    sealed = asyncio.run(run())
    if sealed is None:
        print("the audit log is empty: nothing to seal")
        return 0
    print(f"sealed audit head seq {sealed.head.seq} {sealed.head.hash} as {sealed.sha256}")
    return 0


def command_run(arguments: argparse.Namespace) -> int:
    import uvicorn

    settings = get_settings()

    async def prepare() -> None:
        await _migrate()
        if not settings.is_production:
            await _seed_demo()

    asyncio.run(prepare())
    if not settings.is_production:
        _print_demo_logins()
    print(f"Concord on http://{arguments.host}:{arguments.port}  (docs: /schema/swagger)")
    uvicorn.run(
        "app:create_app",
        factory=True,
        host=arguments.host,
        port=arguments.port,
        workers=arguments.workers,
        log_level="info",
    )
    return 0


def command_worker(arguments: argparse.Namespace) -> int:
    """A job worker (PostgreSQL): reminders, outbox delivery, calendar refresh, follow-up."""
    import logging

    from core.db import database
    from core.jobs.worker import run_worker
    from jobs import concord_jobs

    settings = get_settings()
    if not settings.database_url:
        print(
            "concord worker needs PostgreSQL (DATABASE_URL); on SQLite `concord run` does the "
            "background work itself",
            file=sys.stderr,
        )
        return 2
    concurrency = arguments.concurrency or settings.jobs_concurrency

    async def work() -> None:
        from piccolo.engine.postgres import PostgresEngine

        await _migrate()
        engine = database()
        if not isinstance(engine, PostgresEngine) or settings.db_pool_size == 0:
            await run_worker(concord_jobs(settings), concurrency)
            return
        await engine.start_connection_pool(min_size=1, max_size=settings.db_pool_size)
        try:
            await run_worker(concord_jobs(settings), concurrency)
        finally:
            await engine.close_connection_pool()

    # Each job's start and outcome (procrastinate logs them at INFO) is what an operator reads.
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    print(f"Concord job worker, {concurrency} job(s) at once; Ctrl+C stops it")
    asyncio.run(work())
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="concord", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="migrate, load demo data when empty, serve the API")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8000)
    run.add_argument("--workers", type=int, default=1)
    run.set_defaults(handler=command_run)
    worker = commands.add_parser(
        "worker", help="run a job worker (PostgreSQL): email, reminders, calendars, follow-up"
    )
    worker.add_argument(
        "--concurrency", type=int, default=0, help="jobs at once (default CONCORD_JOBS_CONCURRENCY)"
    )
    worker.set_defaults(handler=command_worker)
    commands.add_parser("migrate", help="apply database migrations").set_defaults(
        handler=command_migrate
    )
    commands.add_parser("demo", help="load demo data into an empty database").set_defaults(
        handler=command_demo
    )
    account = commands.add_parser("create-account", help="create a login (e.g. the first admin)")
    account.add_argument("email")
    account.add_argument(
        "--role", default="admin", choices=["admin", "coordinator", "archivist", "participant"]
    )
    account.set_defaults(handler=command_create_account)
    docket = commands.add_parser("docket", help="docket planning")
    docket_commands = docket.add_subparsers(dest="docket_command", required=True)
    plan = docket_commands.add_parser("plan", help="propose times and rooms for sessions")
    plan.add_argument("--from", dest="not_before", required=True, help="ISO 8601 with offset")
    plan.add_argument("--to", dest="not_after", required=True, help="ISO 8601 with offset")
    plan.add_argument("--budget", type=float, default=2.0, help="seconds for the optimiser")
    plan.add_argument(
        "session_ids",
        nargs="*",
        help="'-' reads them from standard input; default: every unscheduled session "
        "(up to 20,000)",
    )
    plan.set_defaults(handler=command_docket_plan)
    calendars = commands.add_parser("calendars", help="subscribed calendars")
    calendar_commands = calendars.add_subparsers(dest="calendar_command", required=True)
    calendar_commands.add_parser(
        "refresh", help="re-import every subscribed calendar now"
    ).set_defaults(handler=command_refresh_calendars)
    outbox = commands.add_parser("outbox", help="emails waiting to be sent")
    outbox_commands = outbox.add_subparsers(dest="outbox_command", required=True)
    outbox_commands.add_parser(
        "send", help="queue due reminders and send what is due now (SMTP settings)"
    ).set_defaults(handler=command_send_outbox)
    followup = commands.add_parser("followup", help="follow-up supervision of action items")
    followup_commands = followup.add_subparsers(dest="followup_command", required=True)
    followup_run = followup_commands.add_parser(
        "run", help="mark overdue items, queue supervision notices, escalate (run daily)"
    )
    followup_run.add_argument(
        "--escalate-after-days",
        type=int,
        default=ESCALATE_AFTER_OVERDUE_DAYS,
        help="escalate items overdue this many days to the owner's parent organisation",
    )
    followup_run.set_defaults(handler=command_followup_run)
    archive = commands.add_parser("archive", help="the archive of sealed minutes")
    archive_commands = archive.add_subparsers(dest="archive_command", required=True)
    export = archive_commands.add_parser(
        "export", help="write a BagIt bag per sealed minutes into DIR (re-running is safe)"
    )
    export.add_argument("directory", metavar="DIR")
    export.set_defaults(handler=command_archive_export)
    archive_commands.add_parser(
        "verify", help="re-hash every stored file; exit non-zero naming each fault"
    ).set_defaults(handler=command_archive_verify)
    audit = commands.add_parser("audit", help="the audit log's hash chain")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True)
    audit_commands.add_parser(
        "verify",
        help="recompute the chain and check sealed heads; non-zero naming the first bad seq",
    ).set_defaults(handler=command_audit_verify)
    audit_commands.add_parser(
        "seal", help="seal the chain's current head into a file under the data directory (cron)"
    ).set_defaults(handler=command_audit_seal)
    arguments = parser.parse_args(argv)
    result: int = arguments.handler(arguments)
    return result


if __name__ == "__main__":
    sys.exit(main())

"""`concord docket plan` proposes a docket from the command line, with its upper bound."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

CONCORD = [sys.executable, "-c", "import sys, cli; sys.exit(cli.main())"]
WINDOW = ["--from", "2027-03-01T00:00:00+08:00", "--to", "2027-03-13T00:00:00+08:00"]


def concord(arguments: list[str], env: dict[str, str], stdin: str = "") -> Any:
    done = subprocess.run(
        [*CONCORD, *arguments],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert done.returncode == 0, done.stderr
    # The progress bar comes first, on its own line; the plan is the JSON after it.
    return json.loads(done.stdout[done.stdout.index("\n{") :])


def test_the_demo_s_unscheduled_sessions_are_planned_with_their_bound(tmp_path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("CONCORD_") and key != "DATABASE_URL"
    }
    env["CONCORD_DATA_DIR"] = str(tmp_path)
    assert subprocess.run([*CONCORD, "demo"], env=env, capture_output=True).returncode == 0

    every = concord(["docket", "plan", "--budget", "0.5", *WINDOW], env)
    assert every["placed"] and every["unplaced"] == []
    assert every["upper_bound"] == len(every["placed"])

    ids = "\n".join(p["session_id"] for p in every["placed"])
    piped = concord(["docket", "plan", "--budget", "0.5", *WINDOW, "-"], env, stdin=ids)
    assert {p["session_id"] for p in piped["placed"]} == set(ids.split())

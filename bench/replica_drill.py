"""The Django half of scripts/replica-drill: which database each request reads and writes.

Needs DATABASE_URL (the primary) and REPLICA_DATABASE_URL (a streaming replica of it) with
synthetic data loaded. Exits 1 if a report read does not reach the replica, if anything is
written to the replica, or if the ordinary pages read programme data from the replica.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gifu_taisaku.settings")
os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"

import django  # noqa: E402

django.setup()

from django.db import connections  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

WRITES = ("INSERT", "UPDATE", "DELETE")
failures: list[str] = []


def check(condition: bool, message: str) -> None:
    print(("  ok    " if condition else "  FAIL  ") + message)
    if not condition:
        failures.append(message)


def wait_for_replay(timeout: float = 30) -> None:
    """Until the replica has replayed everything the primary has written so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        target = cursor.fetchone()[0]
    deadline = time.monotonic() + timeout
    with connections["replica"].cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
            if cursor.fetchone()[0]:
                return
            if time.monotonic() > deadline:
                raise SystemExit("replica-drill: the replica did not catch up in time")
            time.sleep(0.1)


def request(client, url: str, method: str = "get") -> tuple[list[str], list[str], int]:
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = getattr(client, method)(url)
    return (
        [q["sql"] for q in primary.captured_queries],
        [q["sql"] for q in replica.captured_queries],
        response.status_code,
    )


def touches(statements: list[str], table: str) -> int:
    return sum(f'"{table}"' in sql for sql in statements)


def main() -> None:
    from activities.models import Activity
    from gifu_taisaku.accounts.models import User
    from gifu_taisaku.accounts.roles import Role
    from gifu_taisaku.core.synthetic import USERNAME_PREFIX
    from gifu_taisaku.db_routers import replica_reads
    from tests.clients import Client

    print("replica-drill: the servers")
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        check(cursor.fetchone()[0], "the replica is a hot standby (pg_is_in_recovery)")

    admin = User.objects.filter(
        username__startswith=USERNAME_PREFIX, memberships__role=Role.ADMIN
    ).first()
    client = Client()
    client.force_login(admin)
    wait_for_replay()

    print("replica-drill: reports, dashboards and exports read from the replica")
    table = Activity._meta.db_table
    for url in (
        "/reports/dashboard/?basis=calendar&year=2025",
        "/reports/annual/2025/?basis=calendar",
        "/activities/export.csv",
    ):
        primary, replica, status = request(client, url)
        check(status == 200, f"GET {url} answers 200 (got {status})")
        check(touches(replica, table) > 0, f"GET {url}: {len(replica)} queries on the replica, "
              f"{touches(replica, table)} of them read {table}")  # fmt: skip
        check(touches(primary, table) == 0, f"GET {url}: no read of {table} on the primary "
              f"({len(primary)} queries there: session, user, memberships)")  # fmt: skip
        check(not any(sql.lstrip().upper().startswith(WRITES) for sql in replica),
              f"GET {url}: nothing written to the replica")  # fmt: skip

    print("replica-drill: ordinary pages and writes stay on the primary")
    primary, replica, status = request(client, "/activities/")
    check(status == 200 and touches(primary, table) > 0 and not replica,
          f"GET /activities/ reads {table} on the primary only "
          f"({len(replica)} on the replica)")  # fmt: skip
    activity = Activity.objects.order_by("pk").first()
    new_title = f"{activity.title[:80]}（ドリル）"
    with (
        replica_reads(),
        CaptureQueriesContext(connections["default"]) as on_primary,
        CaptureQueriesContext(connections["replica"]) as on_replica,
    ):
        Activity.objects.filter(pk=activity.pk).update(title=new_title)
    check(any(sql.startswith("UPDATE") for sql in (q["sql"] for q in on_primary.captured_queries))
          and not on_replica.captured_queries,
          "an UPDATE inside replica_reads() still goes to the primary")  # fmt: skip
    wait_for_replay()
    with replica_reads():
        replicated = Activity.objects.get(pk=activity.pk).title
    check(replicated == new_title, "the replica sees the write once it has replayed the WAL")

    if failures:
        print(f"replica-drill: {len(failures)} check(s) failed")
        sys.exit(1)
    print("replica-drill: the router sends report reads to the replica and writes to the primary")


if __name__ == "__main__":
    main()

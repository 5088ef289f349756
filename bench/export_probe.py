"""One export in a fresh process, for bench/run.py: prints {"seconds", "cpu_seconds",
"peak_rss_mb", "rows", "bytes"} (cpu_seconds: this process's CPU time, steadier than the
wall clock on a shared machine; the database's work is in its own server process).

    export_probe.py app       GET /activities/export.xlsx (the whole view: scope, filters,
                              prefetches, styled write-only workbook) as an HQ admin
    export_probe.py openpyxl  the floor: the same rows' flat columns read with one
                              values_list() query and written by openpyxl write-only, unstyled

Both export the newest BENCH_ROWS (default 200,000) activities, chosen by a date range.
DATABASE_URL and the settings' environment come from bench/run.py.
"""

import io
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(mode: str) -> None:
    import os

    import django

    django.setup()
    from activities.models import Activity
    from gifu_taisaku.accounts.models import User
    from gifu_taisaku.accounts.roles import Role
    from gifu_taisaku.core.synthetic import USERNAME_PREFIX

    wanted = int(os.environ.get("BENCH_ROWS", "200000"))
    newest = Activity.objects.order_by("-date", "-pk").values_list("date", flat=True)
    total = Activity.objects.count()
    # The first day such that the activities since then are at most `wanted`.
    first_day = newest[min(wanted, total) - 1] if total else None
    rows = Activity.objects.filter(date__gte=first_day).count() if first_day else 0
    if rows > wanted:
        import datetime

        first_day += datetime.timedelta(days=1)
        rows = Activity.objects.filter(date__gte=first_day).count()
    started, cpu = time.perf_counter(), time.process_time()
    if mode == "app":
        from tests.clients import Client

        admin = User.objects.filter(
            username__startswith=USERNAME_PREFIX, memberships__role=Role.ADMIN
        ).first()
        client = Client()
        client.force_login(admin)
        response = client.get(f"/activities/export.xlsx?date_from={first_day.isoformat()}")
        assert response.status_code == 200, response.status_code
        size = len(response.content)
    else:
        from openpyxl import Workbook

        fields = (
            "pk", "date", "start_time", "end_time", "owning_unit__name", "measure__code",
            "measure__name", "title", "municipality__name", "place_name", "participants_total",
            "participants_foreign", "participants_children", "interpreter_used",
            "interpreter_kind", "households_visited", "foreign_households", "liaison_cards",
            "patrol_group__name", "patrol_participants", "offence_type", "cases_built",
            "persons_arrested", "legal_basis", "summary", "outcome", "follow_up",
            "follow_up_due", "status", "created_by__full_name", "created_at",
        )  # fmt: skip
        book = Workbook(write_only=True)
        sheet = book.create_sheet("活動")
        sheet.append(list(fields))
        query = Activity.objects.filter(date__gte=first_day).order_by("-date", "-pk")
        for values in query.values_list(*fields).iterator(chunk_size=2000):
            sheet.append([v.replace(tzinfo=None) if hasattr(v, "tzinfo") and v.tzinfo else v
                          for v in values])  # fmt: skip
        buffer = io.BytesIO()
        book.save(buffer)
        size = len(buffer.getvalue())
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    result = {"seconds": seconds, "cpu_seconds": cpu_seconds, "peak_rss_mb": peak_rss_mb()}
    print(json.dumps(result | {"rows": rows, "bytes": size}))


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM), in MB.

    Not getrusage()'s ru_maxrss: Linux carries that over execve(), so a probe started by
    bench/run.py reported the parent's peak (287 MB for both modes in the first scale-1
    run, issue 9) instead of its own. VmHWM belongs to the process's own address space.
    """
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main(sys.argv[1])

"""HTTP under load: gunicorn on 127.0.0.1 and 50 locust users for 60 s (issue 9).

    .venv/bin/python bench/load.py --scale 1 [--users 50] [--seconds 60] [--workers 4]

Signs in --users generated staff (officers of every station and a few HQ admins) by
making their sessions directly, starts gunicorn (production settings: DEBUG off), runs
locust headless with `StaffUser` (lists, details, dashboard; bench/locustfile.py), then
the same number of `HealthUser`s against /healthz for the ceiling. Prints and writes
bench/results/<date>-load-scale<N>.json: requests, failures, median and p95 per page,
and throughput as a ratio of /healthz.
"""

import argparse
import csv
import datetime
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import prepare  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_sessions(count: int) -> list[dict]:
    """Sessions of `count` generated users: mostly officers, spread over the stations."""
    from activities.models import Activity
    from gifu_taisaku.accounts.models import User
    from gifu_taisaku.accounts.roles import Role
    from gifu_taisaku.core.synthetic import USERNAME_PREFIX
    from tests.clients import Client

    generated = User.objects.filter(username__startswith=USERNAME_PREFIX)
    admins = list(generated.filter(memberships__role=Role.ADMIN)[: max(1, count // 10)])
    officers = list(
        generated.filter(memberships__role=Role.OFFICER)
        .order_by("memberships__unit__code", "pk")
        .distinct()
    )
    step = max(1, len(officers) // max(1, count - len(admins)))
    chosen = admins + officers[::step][: count - len(admins)]
    sessions = []
    for user in chosen:
        client = Client()
        client.force_login(user)
        ids = list(
            Activity.objects.visible_to(user).order_by("-date").values_list("pk", flat=True)[:200]
        )
        sessions.append({"cookie": client.cookies["sessionid"].value, "ids": ids})
    return sessions


def locust(user_class: str, host: str, users: int, seconds: int, prefix: str) -> None:
    subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "locust"),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            user_class,
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{seconds}s",
            "--host",
            host,
            "--csv",
            prefix,
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        check=False,
        env=os.environ,
    )


def number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def warm_up(port: int, cookie: str, workers: int) -> None:
    """Until every worker has booted and served a page (booting is not what is measured)."""
    import http.client

    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                break
        except OSError:
            time.sleep(1)
    for _ in range(workers * 3):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        connection.request("GET", "/activities/", headers={"Cookie": f"sessionid={cookie}"})
        connection.getresponse().read()


def read_stats(prefix: str) -> dict:
    rows = {}
    with open(f"{prefix}_stats.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            rows[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "median_ms": number(row["Median Response Time"]),
                "p95_ms": number(row["95%"]),
                "rps": float(row["Requests/s"]),
            }
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    info = prepare.prepare(args.scale)
    env = os.environ | {
        "DATABASE_URL": info["url"],
        "DJANGO_SETTINGS_MODULE": "gifu_taisaku.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        # One fixed key, so that the events the runs record keep the bench trail verifiable.
        "AUDIT_CHAIN_KEY": "gifu-bench-audit-chain-key",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "DB_CONN_MAX_AGE": "600",
    }
    env.pop("DEBUG", None)
    os.environ.update(env)
    os.environ.pop("DEBUG", None)
    import django

    django.setup()
    sessions = make_sessions(args.users)
    work = Path(tempfile.mkdtemp(prefix="gifu-load-"))
    (work / "sessions.json").write_text(json.dumps(sessions))
    os.environ["BENCH_SESSIONS"] = str(work / "sessions.json")
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "gifu_taisaku.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--access-logfile",
            "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=os.environ,
    )
    try:
        warm_up(port, sessions[-1]["cookie"], args.workers)
        locust("StaffUser", host, args.users, args.seconds, str(work / "pages"))
        locust("HealthUser", host, args.users, max(20, args.seconds // 2), str(work / "health"))
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=90)
        except subprocess.TimeoutExpired:
            server.kill()
    pages, health = read_stats(str(work / "pages")), read_stats(str(work / "health"))
    total, ceiling = pages["Aggregated"], health["Aggregated"]
    result = {
        "date": datetime.date.today().isoformat(),
        "scale": args.scale,
        "users": args.users,
        "seconds": args.seconds,
        "gunicorn_workers": args.workers,
        "pages": pages,
        "healthz": ceiling,
        "throughput_ratio": total["rps"] / ceiling["rps"] if ceiling["rps"] else None,
        "errors": total["failures"],
        "load_average": os.getloadavg(),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{result['date']}-load-scale{args.scale:g}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    for name, row in pages.items():
        print(
            f"{name:<32} requests {row['requests']:>6}  failures {row['failures']:>4}  "
            f"median {row['median_ms']:>7.0f} ms  p95 {row['p95_ms']:>7.0f} ms  "
            f"{row['rps']:.1f} req/s"
        )
    print(
        f"/healthz ceiling: {ceiling['rps']:.1f} req/s (p95 {ceiling['p95_ms']:.0f} ms); "
        f"pages/healthz throughput ratio {result['throughput_ratio']:.2f}; "
        f"errors {result['errors']}"
    )
    print(f"load: wrote {out}")


if __name__ == "__main__":
    main()

"""Prepare the benchmark database for a scale: create it, migrate, generate, vacuum.

Each scale has its own database in the bench cluster (scripts/bench-pg): gifu_bench_s1,
gifu_bench_s0_01 … A marker file next to the cluster's password records that the data of
a database was generated completely (and how long it took), so a second `make bench` at
the same scale reuses it.

    .venv/bin/python bench/prepare.py --scale 1
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATE = ROOT / "var" / "bench-pg"


def database_name(scale: float) -> str:
    return "gifu_bench_s" + f"{scale:g}".replace(".", "_")


def marker(scale: float) -> Path:
    return STATE / f"{database_name(scale)}.json"


def cluster_url(name: str) -> str:
    url = subprocess.run(
        [ROOT / "scripts" / "bench-pg", "start"], check=True, capture_output=True, text=True
    ).stdout.strip()
    return url.rsplit("/", 1)[0] + "/" + name


def psql(*sql: str) -> None:
    args = [str(ROOT / "scripts" / "bench-pg"), "psql", "-d", "postgres"]
    for statement in sql:
        args += ["-c", statement]
    subprocess.run(args, check=True)


def prepare(scale: float, *, log=print) -> dict:
    """The database URL for `scale`, with its data generated (reused when complete)."""
    name = database_name(scale)
    url = cluster_url(name)
    done = marker(scale)
    if done.exists():
        info = json.loads(done.read_text())
        log(f"bench: reusing {name} (generated in {info['generate_seconds']:.0f} s)")
        return info | {"url": url}
    log(f"bench: creating {name}")
    psql(
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
        f'CREATE DATABASE "{name}" OWNER gifu TEMPLATE template0',
    )
    env = os.environ | {"DATABASE_URL": url, "DEBUG": "1"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], check=True, env=env, cwd=ROOT)
    started = time.monotonic()
    subprocess.run([*manage, "generate_data", "--scale", str(scale)], check=True, env=env, cwd=ROOT)
    generated = time.monotonic() - started
    started = time.monotonic()
    args = [str(ROOT / "scripts" / "bench-pg"), "psql", "-d", name, "-c", "VACUUM ANALYZE"]
    subprocess.run(args, check=True)
    vacuumed = time.monotonic() - started
    info = {
        "database": name,
        "scale": scale,
        "generate_seconds": round(generated, 1),
        "vacuum_seconds": round(vacuumed, 1),
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    done.write_text(json.dumps(info, indent=2))
    log(f"bench: generated {name} in {generated:.0f} s, VACUUM ANALYZE {vacuumed:.0f} s")
    return info | {"url": url}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.01)
    print(prepare(parser.parse_args().scale)["database"])

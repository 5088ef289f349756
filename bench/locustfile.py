"""Locust users for bench/load.py: signed-in staff browsing lists, details and the dashboard.

Sessions are made beforehand by bench/load.py (generated users cannot sign in with a
password) and passed in BENCH_SESSIONS, a JSON file: [{"cookie": …, "ids": [activity ids
the user may open], "hq": bool}, …]. `HealthUser` only asks /healthz, the ceiling the
pages' throughput is compared with.
"""

import itertools
import json
import os
import random

from locust import HttpUser, between, task

SESSIONS = json.loads(open(os.environ["BENCH_SESSIONS"]).read())  # noqa: SIM115
_next = itertools.cycle(SESSIONS)


class StaffUser(HttpUser):
    wait_time = between(0.5, 1.5)
    weight = 1

    def on_start(self):
        self.session_info = next(_next)
        self.client.cookies.set("sessionid", self.session_info["cookie"])

    @task(4)
    def activity_list(self):
        page = random.choice(("", "?page=2", "?status=approved"))  # noqa: S311
        self.client.get(f"/activities/{page}", name="/activities/ (list)")

    @task(3)
    def activity_detail(self):
        pk = random.choice(self.session_info["ids"])  # noqa: S311
        self.client.get(f"/activities/{pk}/", name="/activities/<pk>/ (detail)")

    @task(1)
    def liaison_list(self):
        self.client.get("/liaison/", name="/liaison/ (list)")

    @task(1)
    def dashboard(self):
        self.client.get("/reports/dashboard/", name="/reports/dashboard/")


class HealthUser(HttpUser):
    wait_time = between(0.5, 1.5)
    weight = 1

    @task
    def healthz(self):
        self.client.get("/healthz", name="/healthz")

"""Read replicas for reports, dashboards and exports (docs/deployment.md, issue 9).

Active only when the environment sets REPLICA_DATABASE_URL (settings.py then adds the
"replica" database, this router and `ReplicaReadsMiddleware`). Everything else — sign-in,
sessions, lists, detail pages, every write, and every read inside a transaction — stays on
the primary, so nobody ever reads their own change from a replica that has not replayed it.

Only the heavy, read-only work is sent to the replica:
- requests whose path starts with one of `REPLICA_READ_PATHS` (the dashboard, the annual
  report, exports), set by the middleware;
- code wrapped in `replica_reads()` (the background report task).
Even then only the programme data (`REPLICA_APPS`) is read there; the user, their
memberships, the session and the report-file bookkeeping come from the primary.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"
_use_replica: ContextVar[bool] = ContextVar("use_replica", default=False)

DEFAULT_READ_PATHS = ("/reports/dashboard/", "/reports/annual/", "/activities/export.",
                      "/liaison/export.", "/training/export.", "/intel/export.")  # fmt: skip
DEFAULT_APPS = ("activities", "liaison", "intel", "training", "orgs", "commendations")


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def replica_reads() -> Iterator[None]:
    """Send the programme data reads inside this block to the replica (when there is one)."""
    token = _use_replica.set(True)
    try:
        yield
    finally:
        _use_replica.reset(token)


class ReplicaRouter:
    """Reads of programme data go to "replica" inside `replica_reads()`; all else to "default"."""

    def db_for_read(self, model, **hints):
        if not (_use_replica.get() and replica_configured()):
            return None
        if model._meta.app_label not in getattr(settings, "REPLICA_APPS", DEFAULT_APPS):
            return None
        if connections["default"].in_atomic_block:
            return None  # read your own writes
        return REPLICA

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both: a replica is a copy of the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReplicaReadsMiddleware:
    """Marks report, dashboard and export requests for `ReplicaRouter`."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.paths = tuple(getattr(settings, "REPLICA_READ_PATHS", DEFAULT_READ_PATHS))

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and request.path.startswith(self.paths):
            with replica_reads():
                return self.get_response(request)
        return self.get_response(request)

"""Per-request context the audit trail needs: a request id and the client address."""

import uuid
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

_current_request: ContextVar[HttpRequest | None] = ContextVar("current_request", default=None)


def current_request() -> HttpRequest | None:
    """The request being served on this thread or task, if any (for audit events)."""
    return _current_request.get()


class RequestContextMiddleware:
    """Gives each request an id (echoed as X-Request-ID) and makes it reachable to audit code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.request_id = uuid.uuid4().hex
        token = _current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _current_request.reset(token)
        response["X-Request-ID"] = request.request_id
        return response

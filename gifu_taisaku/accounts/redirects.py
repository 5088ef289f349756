"""Redirects that also work for htmx requests."""

from django.http import HttpResponse, HttpResponseRedirect
from django_htmx.http import HttpResponseClientRedirect


def redirect_response(request, url: str) -> HttpResponse:
    """A redirect; for an htmx request, one the browser follows as a whole page.

    A plain 302 would be followed by htmx itself and the login or OTP page swapped into
    whatever fragment was being refreshed.
    """
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)

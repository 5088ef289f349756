"""Ask for the password again before a sensitive operation ("sudo mode").

Reading a 秘 intel report, exporting intel or contacts, granting access and changing
MFA need the password to have been entered within settings.REAUTH_MAX_AGE (5 minutes).
Otherwise the user is sent to the re-authentication page and then back.

    @require_recent_auth                            # a function view
    class V(PermissionMixin, RecentAuthRequiredMixin, FormView)   # after the permission check
    if response := recent_auth_response(request):   # when only some objects need it
        return response

A GET comes back to the same URL (query string included, so an export resumes). A POST
cannot be replayed after a redirect: the user returns to the page the form was on and
submits again.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from gifu_taisaku.accounts.redirects import redirect_response
from gifu_taisaku.accounts.session_policy import has_recent_auth


def _return_path(request) -> str:
    """Where to come back to after the password: this URL for a GET, else the form's page."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.headers.get("referer", "")
    if url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return reverse("core:home")


def reauth_url(request) -> str:
    return f"{reverse('accounts:reauth')}?{urlencode({'next': _return_path(request)})}"


def recent_auth_response(request) -> HttpResponse | None:
    """A redirect to the password page when the last password entry is too old, else None."""
    if has_recent_auth(request.session):
        return None
    return redirect_response(request, reauth_url(request))


def require_recent_auth(view_func):
    """Decorator for function views: the password must have been entered recently."""

    @wraps(view_func)
    def wrapper(request, *args, **kwargs):
        return recent_auth_response(request) or view_func(request, *args, **kwargs)

    return wrapper


class RecentAuthRequiredMixin:
    """Class-based views: put it after the permission mixins, so that a user who may not
    use the view gets 403/404 rather than a password prompt."""

    def dispatch(self, request, *args, **kwargs):
        return recent_auth_response(request) or super().dispatch(request, *args, **kwargs)

"""Every URL of the project, read from the resolver, for the security scans in this package.

The scans (IDOR, fuzzing, export injection) walk this list rather than a hand-written
one, so a new page is scanned as soon as it is routed, and a page the scans do not know
how to handle fails their coverage test instead of going unscanned.
"""

from dataclasses import dataclass
from functools import cache

from django.urls import URLPattern, URLResolver, get_resolver

# Function views cannot be introspected for their methods; say them here.
FUNCTION_VIEW_METHODS = {
    "healthz": frozenset({"get"}),
    "core:notification_read": frozenset({"post"}),
}


@dataclass(frozen=True)
class Endpoint:
    """One named URL pattern with its view class, `as_view()` arguments and methods."""

    name: str
    pattern: URLPattern

    @property
    def view_class(self):
        return getattr(self.pattern.callback, "view_class", None)

    @property
    def initkwargs(self) -> dict:
        return getattr(self.pattern.callback, "view_initkwargs", {}) or {}

    @property
    def arguments(self) -> tuple[str, ...]:
        """The URL's keyword arguments ("pk", "attachment_pk", …) in the order they appear."""
        return tuple(self.pattern.pattern.regex.groupindex)

    @property
    def converters(self) -> dict:
        return getattr(self.pattern.pattern, "converters", {})

    @property
    def methods(self) -> frozenset[str]:
        """GET and/or POST, the methods the view answers (PUT, OPTIONS… are not scanned)."""
        if self.view_class is None:
            return FUNCTION_VIEW_METHODS[self.name]
        allowed = {m for m in self.view_class.http_method_names if hasattr(self.view_class, m)}
        return frozenset(allowed & {"get", "post"})

    @property
    def model(self):
        """The model the view is configured with (as_view(model=…) or a class attribute)."""
        view = self.view_class
        model = self.initkwargs.get("model") or getattr(view, "model", None)
        if model is None and getattr(view, "queryset", None) is not None:
            model = view.queryset.model
        return model


def _walk(patterns, namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            yield Endpoint(f"{namespace}{entry.name}", entry)


@cache
def endpoints() -> tuple[Endpoint, ...]:
    """Every named URL of the project's URLconf."""
    return tuple(_walk(get_resolver().url_patterns))


def endpoint(name: str) -> Endpoint:
    return next(e for e in endpoints() if e.name == name)

"""Walk every URL of the project, as tests/test_authorization_matrix.py does, and read
everything a response gives away: body, headers, and the sheets inside an xlsx file."""

import io
import itertools
import logging
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

# Values for string URL arguments; any other string argument gets a harmless "x".
STRING_VALUES = {"kind": ("user", "unit"), "fmt": ("xlsx", "csv")}


def routes(patterns=None, namespace: str = "", inherited: tuple = ()) -> Iterator[tuple]:
    """(name, ((kwarg, is_int), …)) of every named URL, arguments of enclosing includes too."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        pattern = entry.pattern
        converters = getattr(pattern, "converters", {})
        kwargs = inherited + tuple(
            (name, isinstance(converters.get(name), IntConverter))
            for name in pattern.regex.groupindex
        )
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from routes(entry.url_patterns, inner, kwargs)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", kwargs


def urls(ids: Iterable[int], **ids_of: Iterable[int]) -> list[str]:
    """Every URL of the project, with each int argument filled by each of `ids`, or by each
    of `ids_of[name]` for the argument `name` (attachment_pk=…: only attachments' ids)."""
    ids = sorted(set(ids))

    def candidates(kwarg: str, is_int: bool):
        if is_int:
            return sorted(set(ids_of[kwarg])) if kwarg in ids_of else ids
        return STRING_VALUES.get(kwarg, ("x",))

    found = []
    for name, kwargs in routes():
        names = [kwarg for kwarg, _ in kwargs]
        choices = [candidates(kwarg, is_int) for kwarg, is_int in kwargs]
        for values in itertools.product(*choices):
            try:
                found.append(reverse(name, kwargs=dict(zip(names, values, strict=True))))
            except NoReverseMatch:
                continue
    return sorted(set(found))


@contextmanager
def quiet_requests() -> Iterator[None]:
    """Without Django logging every 403/404 of a crawl with its traceback (slow, and noise)."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def exposed(response) -> bytes:
    """All a client receives: headers, body (streamed or not), and an xlsx's inner XML."""
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    parts = [f"{key}: {value}".encode() for key, value in response.headers.items()]
    parts.append(body)
    if body.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            parts.extend(archive.read(member) for member in archive.namelist())
    return b"\n".join(parts)

"""Read a page's forms the way a browser would submit them, for the fuzzing tests.

A form rendered for an existing record holds a valid submission: every field's current
value, the hidden `version` and the formsets' management fields. Fuzzing starts from it
and breaks one part at a time, so a bad value reaches as deep as a real user's would.
"""

from html.parser import HTMLParser
from urllib.parse import quote


class _FormParser(HTMLParser):
    """Collects (name, value) pairs of each form of `method` on the page, as a browser sends
    them."""

    def __init__(self, method: str = "post"):
        super().__init__(convert_charrefs=True)
        self.method = method
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == self.method:
            self._form = {"action": attrs.get("action") or "", "pairs": [], "files": set()}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            self._input(name, attrs)
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
            self._multiple = "multiple" in attrs
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in attrs:
                self._form["pairs"].append((self._select, value))
                self._select_chosen = True
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def _input(self, name, attrs):
        kind = (attrs.get("type") or "text").lower()
        if kind in {"submit", "button", "reset", "image"}:
            return
        if kind == "file":
            self._form["files"].add(name)
        elif kind in {"checkbox", "radio"}:
            if "checked" in attrs:
                self._form["pairs"].append((name, attrs.get("value", "on")))
        else:
            self._form["pairs"].append((name, attrs.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select:
            if not self._select_chosen and not self._multiple and self._select_first is not None:
                self._form["pairs"].append((self._select, self._select_first))
            self._select = None
        elif tag == "textarea" and self._textarea:
            self._form["pairs"].append((self._textarea, "".join(self._text)))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def post_form(html: str, url: str) -> tuple[list[tuple[str, str]], set[str]] | None:
    """The (name, value) pairs and file fields of the page's POST form that posts to `url`
    (or to the page itself); None if the page has no such form."""
    parser = _FormParser()
    parser.feed(html)
    for form in parser.forms:
        if form["action"] in ("", url):
            pairs = [(k, v) for k, v in form["pairs"] if k != "csrfmiddlewaretoken"]
            return pairs, form["files"]
    return None


def query_fields(html: str) -> list[str]:
    """The names of every field of the page's GET forms (filters, sorting, date ranges)."""
    parser = _FormParser(method="get")
    parser.feed(html)
    return sorted({name for form in parser.forms for name, _value in form["pairs"]})


def urlencode_raw(pairs: list[tuple[str, str]]) -> bytes:
    """application/x-www-form-urlencoded, letting lone surrogates through as the bytes a
    broken client would send (invalid UTF-8), which Django's client cannot encode."""
    encoded = (
        f"{quote(k.encode('utf-8', 'surrogatepass'))}={quote(v.encode('utf-8', 'surrogatepass'))}"
        for k, v in pairs
    )
    return "&".join(encoded).encode("ascii")

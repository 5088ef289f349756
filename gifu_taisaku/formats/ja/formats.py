"""Japanese formats: Django's own, plus input formats officers type (2025/04/01 and 2025-04-01)."""

from django.conf.locale.ja.formats import *  # noqa: F403

DATE_INPUT_FORMATS = ["%Y/%m/%d", "%Y-%m-%d"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S"]
DATETIME_INPUT_FORMATS = [
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
]

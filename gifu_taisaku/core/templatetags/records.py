"""Template helpers for the generic record templates (available in every template)."""

from django import template

register = template.Library()


@register.filter
def verbose_name_of(obj) -> str:
    """The model's Japanese name: {{ record|verbose_name_of }} → 各種警察活動."""
    return str(obj._meta.verbose_name)


@register.filter
def attr(obj, path: str):
    """Follow a dotted attribute path for a list column ("owning_unit.label"); calls methods."""
    value = obj
    for name in path.split("."):
        display = getattr(value, f"get_{name}_display", None)
        value = display() if callable(display) else getattr(value, name, "")
        if callable(value):
            value = value()
    return value

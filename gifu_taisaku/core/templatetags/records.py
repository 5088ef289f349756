"""Template helpers for the generic record templates (available in every template)."""

from django import template
from django.utils.html import format_html

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


@register.filter
def field_block(bound_field) -> str:
    """A field in its design-system wrapper: {{ form.title|field_block }} (label, control,
    help and error, with the error styling on the wrapper)."""
    error_class = " form-field--error" if bound_field.errors else ""
    return format_html(
        '<div class="form-field{}">{}</div>', error_class, bound_field.as_field_group()
    )

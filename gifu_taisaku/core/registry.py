"""The programme record models installed: every concrete subclass of RecordBase."""

from django.apps import apps

from gifu_taisaku.core.models import RecordBase


def record_models() -> list[type[RecordBase]]:
    """Concrete programme record models (historical copies excluded), in app order."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, RecordBase) and not model.__name__.startswith("Historical")
    ]

"""System checks of the core app (run by `manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def audit_chain_key_is_set(app_configs, **kwargs):
    """Production keys the audit chain with its own key, not with SECRET_KEY."""
    if settings.AUDIT_CHAIN_KEY:
        return []
    return [
        Warning(
            "AUDIT_CHAIN_KEY is not set: the audit hash chain is keyed with SECRET_KEY, so "
            "rotating SECRET_KEY would make every recorded event fail verify_audit.",
            hint="Set AUDIT_CHAIN_KEY to a long random value kept apart from the database.",
            id="core.W001",
        )
    ]

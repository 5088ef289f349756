"""The audit hash chain becomes keyed (HMAC-SHA-256, see core.audit_chain).

Every existing event is re-sealed with the key, in id order, after its unkeyed chain has been
checked: a chain that is already broken stops the migration instead of being laundered.
"""

from django.db import migrations


def _models(apps):
    return apps.get_model("core", "AuditEvent"), apps.get_model("core", "AuditChainHead")


def seal_with_key(apps, schema_editor):
    from gifu_taisaku.core.audit_chain import reseal_with_key

    reseal_with_key(*_models(apps), schema_editor.connection.alias)


def seal_without_key(apps, schema_editor):
    from gifu_taisaku.core.audit_chain import reseal_without_key

    reseal_without_key(*_models(apps), schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0008_auditevent_hash_chain"),
    ]

    operations = [
        migrations.RunPython(seal_with_key, seal_without_key),
    ]

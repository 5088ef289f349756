"""Purged reports stay purged when an older backup is restored (core.backup calls these).

The tombstones (PurgedReport) are the purge log. They are read before the restore and
re-applied after it: a report the backup still holds is purged again, its tombstone keeps
the original date, purger and reason, and a tombstone the backup lacks is written back.
"""

from django.contrib.auth import get_user_model
from django.db import connections, transaction

from gifu_taisaku.orgs.models import OrgUnit
from intel.models import IntelReport, PurgedReport
from intel.purge import report_purge

REAPPLIED = "バックアップからの復元後に消去を再適用"


def before_restore(*, using: str = "default") -> list[dict]:
    """Every tombstone of the current database, as plain values (none if it has no table:
    an empty or wiped database)."""
    if PurgedReport._meta.db_table not in connections[using].introspection.table_names():
        return []
    return list(PurgedReport.objects.using(using).order_by("purged_at", "pk").values())


def _restore_tombstone(tombstone: PurgedReport, values: dict, using: str) -> None:
    users = get_user_model().objects.using(using)
    purged_by = values["purged_by_id"]
    if purged_by is not None and not users.filter(pk=purged_by).exists():
        purged_by = None  # the account is younger than the backup
    PurgedReport.objects.using(using).filter(pk=tombstone.pk).update(
        purged_at=values["purged_at"], purged_by_id=purged_by, reason=values["reason"]
    )


def after_restore(tombstones: list[dict], *, using: str = "default") -> list[str]:
    """Re-apply each purge; return one line per report for the operator."""
    lines = []
    for values in tombstones:
        number = values["report_id"]
        with transaction.atomic(using=using):
            report = (
                IntelReport.objects.using(using)
                .select_related("measure", "owning_unit")
                .filter(pk=number)
                .first()
            )
            if report is not None:
                existing = PurgedReport.objects.using(using).filter(report_id=number)
                existing.delete()  # purge writes the tombstone afresh
                tombstone = report_purge(
                    actor=None, report=report, reason=f"{REAPPLIED}（{values['reason']}）"[:200]
                )
                _restore_tombstone(tombstone, values, using)
                lines.append(f"実態把握 第{number}号: 復元したデータから再び消去しました。")
            elif not PurgedReport.objects.using(using).filter(report_id=number).exists():
                if not OrgUnit.objects.using(using).filter(pk=values["owning_unit_id"]).exists():
                    lines.append(f"実態把握 第{number}号: 所属がないため消去記録を戻せません。")
                    continue
                fields = {k: v for k, v in values.items() if k not in ("id", "purged_by_id")}
                tombstone = PurgedReport.objects.using(using).create(**fields)
                _restore_tombstone(tombstone, values, using)
                lines.append(f"実態把握 第{number}号: 消去記録を戻しました。")
    return lines

"""The intel list's order as an index (issue 9: no scan over all reports for an analyst)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("intel", "0002_source_liaison")]

    operations = [
        migrations.AddIndex(
            model_name="intelreport",
            index=models.Index(fields=["-information_date", "-id"], name="intel_report_list_idx"),
        ),
    ]

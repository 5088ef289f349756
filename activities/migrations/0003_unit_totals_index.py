"""A covering index for a station's activity list: count, totals and first page (issue 9)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("activities", "0002_text_search_bigrams")]

    operations = [
        migrations.AddIndex(
            model_name="activity",
            index=models.Index(
                fields=[
                    "owning_unit",
                    "-date",
                    "-id",
                    "participants_total",
                    "participants_foreign",
                    "participants_children",
                ],
                name="activity_unit_totals_idx",
            ),
        ),
    ]

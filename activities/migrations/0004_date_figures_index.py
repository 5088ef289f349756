"""A covering index for the yearly aggregates of reports and commendation scoring (issue 9)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("activities", "0003_unit_totals_index")]

    operations = [
        migrations.AddIndex(
            model_name="activity",
            index=models.Index(
                fields=[
                    "date",
                    "status",
                    "owning_unit",
                    "measure",
                    "id",
                    "participants_total",
                    "participants_foreign",
                    "participants_children",
                    "interpreter_used",
                    "cases_built",
                    "persons_arrested",
                ],
                name="activity_date_figures_idx",
            ),
        ),
    ]

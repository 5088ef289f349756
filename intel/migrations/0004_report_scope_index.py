"""A narrow index with the columns of the need-to-know test, for the list's count (issue 9).

An analyst's list counts every report but the 秘 ones not theirs or granted (94,954 of
100,000 at scale 1). Without it the count read the whole table (190–230 ms on the loaded
bench machine); with it, an index-only scan (55–70 ms in the same minutes).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("intel", "0003_report_list_index")]

    operations = [
        migrations.AddIndex(
            model_name="intelreport",
            index=models.Index(
                fields=["secrecy", "created_by", "id"], name="intel_report_scope_idx"
            ),
        ),
    ]

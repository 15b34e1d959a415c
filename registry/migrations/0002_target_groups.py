import csv
import datetime
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "target_groups.csv"


def load(apps, schema_editor):
    TargetGroup = apps.get_model("registry", "TargetGroup")
    with open(DATA, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            TargetGroup.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name": row["name"],
                    "valid_from": datetime.date.fromisoformat(row["valid_from"]) if row["valid_from"] else None,
                    "valid_to": datetime.date.fromisoformat(row["valid_to"]) if row["valid_to"] else None,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

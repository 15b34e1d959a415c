"""Load the dated code lists from pathways/data/codelists.csv (see pathways/codelists.py)."""

from django.db import migrations


def load_codelists(apps, schema_editor):
    from pathways.codelists import load

    load(apps.get_model("pathways", "CodeList"))


class Migration(migrations.Migration):
    dependencies = [("pathways", "0001_initial")]

    operations = [migrations.RunPython(load_codelists, migrations.RunPython.noop)]

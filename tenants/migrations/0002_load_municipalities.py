from django.db import migrations


def load(apps, schema_editor):
    from tenants.reference_data import load_tenants

    load_tenants(apps)


class Migration(migrations.Migration):
    dependencies = [("tenants", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

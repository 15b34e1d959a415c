"""TRUNCATE refused on settlement runs, ledger entries and contract versions too (the function
is audit's 0003: see there for the test-only session setting)."""

from django.db import migrations

TABLES = ("contracts_settlementrun", "contracts_ledgerentry", "contracts_contractversion")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION brobyg_refuse_truncate();",
            params=None,
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};", params=None)


class Migration(migrations.Migration):
    dependencies = [("contracts", "0002_append_only_trigger"), ("audit", "0003_refuse_truncate")]
    operations = [migrations.RunPython(forwards, backwards)]

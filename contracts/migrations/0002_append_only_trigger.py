"""On PostgreSQL the database itself refuses to change or delete settlement runs, their ledger
entries and contract versions (the models refuse it in Python on every backend)."""

from django.db import migrations

TABLES = ("contracts_settlementrun", "contracts_ledgerentry", "contracts_contractversion")

FUNCTION = """
CREATE OR REPLACE FUNCTION contracts_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_no_update_delete BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION contracts_append_only();",
            params=None,
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update_delete ON {table};", params=None)
    schema_editor.execute("DROP FUNCTION IF EXISTS contracts_append_only();", params=None)


class Migration(migrations.Migration):
    dependencies = [("contracts", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]

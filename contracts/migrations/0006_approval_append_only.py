"""Payment approvals are append-only like the runs they approve: on PostgreSQL the database
refuses UPDATE, DELETE and TRUNCATE (the functions of contracts 0002 and audit 0003)."""

from django.db import migrations

TABLE = "contracts_paymentapproval"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE TRIGGER {TABLE}_no_update_delete BEFORE UPDATE OR DELETE ON {TABLE} "
        "FOR EACH ROW EXECUTE FUNCTION contracts_append_only();", params=None)
    schema_editor.execute(
        f"CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE} "
        "FOR EACH STATEMENT EXECUTE FUNCTION brobyg_refuse_truncate();", params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_update_delete ON {TABLE};", params=None)
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE};", params=None)


class Migration(migrations.Migration):
    dependencies = [("contracts", "0005_payment_approval")]
    operations = [migrations.RunPython(forwards, backwards)]

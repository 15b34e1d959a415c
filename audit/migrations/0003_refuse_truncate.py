"""A statement-level trigger refuses TRUNCATE of the audit log (the row triggers of 0002 do not
fire on TRUNCATE). The serving role has no TRUNCATE privilege at all (manage.py
create_db_roles); this guards the owner role against a mistaken `flush` or TRUNCATE.

Only a session that sets brobyg.allow_truncate = 'on' may truncate: the test settings do, so
Django can empty the test database between transactional tests. Any role with the TRUNCATE
privilege could set it, as it could drop the trigger: the privilege is the real barrier."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION brobyg_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('brobyg.allow_truncate', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '% only grows (TRUNCATE refused)', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    schema_editor.execute(
        "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_auditevent "
        "FOR EACH STATEMENT EXECUTE FUNCTION brobyg_refuse_truncate();",
        params=None,
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_auditevent;", params=None)
    schema_editor.execute("DROP FUNCTION IF EXISTS brobyg_refuse_truncate();", params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]
    operations = [migrations.RunPython(forwards, backwards)]

"""On PostgreSQL the database itself refuses to change an adopted strategy version or the
goals, preconditions and initiatives in it (an initiative's status may still move: it is the
progress of the adopted plan). Deleting stays possible, for the whole strategy only: the
services never delete from an adopted version."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION plans_refuse_adopted_version() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'adopted' THEN
        RAISE EXCEPTION 'plans: an adopted strategy version cannot be changed';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER plans_version_adopted_immutable
    BEFORE UPDATE ON plans_strategyversion
    FOR EACH ROW EXECUTE FUNCTION plans_refuse_adopted_version();

CREATE OR REPLACE FUNCTION plans_refuse_in_adopted_version() RETURNS trigger AS $$
DECLARE version_id bigint;
BEGIN
    IF TG_TABLE_NAME = 'plans_initiative' THEN
        SELECT g.version_id INTO version_id FROM plans_strategicgoal g WHERE g.id = NEW.goal_id;
        IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'status') = (to_jsonb(OLD) - 'status') THEN
            RETURN NEW;
        END IF;
    ELSE
        version_id := NEW.version_id;
    END IF;
    IF EXISTS (SELECT 1 FROM plans_strategyversion v WHERE v.id = version_id AND v.status = 'adopted') THEN
        RAISE EXCEPTION 'plans: an adopted strategy version cannot be changed';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER plans_goal_adopted_immutable BEFORE INSERT OR UPDATE ON plans_strategicgoal
    FOR EACH ROW EXECUTE FUNCTION plans_refuse_in_adopted_version();
CREATE TRIGGER plans_precondition_adopted_immutable BEFORE INSERT OR UPDATE ON plans_precondition
    FOR EACH ROW EXECUTE FUNCTION plans_refuse_in_adopted_version();
CREATE TRIGGER plans_initiative_adopted_immutable BEFORE INSERT OR UPDATE ON plans_initiative
    FOR EACH ROW EXECUTE FUNCTION plans_refuse_in_adopted_version();
"""
DROP = """
DROP TRIGGER IF EXISTS plans_version_adopted_immutable ON plans_strategyversion;
DROP TRIGGER IF EXISTS plans_goal_adopted_immutable ON plans_strategicgoal;
DROP TRIGGER IF EXISTS plans_precondition_adopted_immutable ON plans_precondition;
DROP TRIGGER IF EXISTS plans_initiative_adopted_immutable ON plans_initiative;
DROP FUNCTION IF EXISTS plans_refuse_adopted_version();
DROP FUNCTION IF EXISTS plans_refuse_in_adopted_version();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]

"""A partial index on the open (active or paused) enrolments by citizen, for the caseload
filter (pathways.selectors.caseload: citizens with an open referral or an open enrolment).

Without it the filter's enrolment subquery reads every enrolment of the country to find the
open ones (a sequential scan: at 40,000 citizens 46,000 rows for 7,000 open ones); with it the
subquery is an index-only scan of the open ones. Open referrals by citizen need no new index:
the partial unique index `one_open_referral_per_programme` (citizen, programme) WHERE status
IN ('sent', 'waiting') already serves them (migration 0007). Measured in docs/performance.md,
"Citizen pathways (national scale)".

The index carries programme_id as well, because the caseload's visibility scope joins the
programme (so the scan needs no heap access). It is SQL rather than Meta.indexes so that
the model module, which other work edits, stays as it is; the autodetector does not see it.
"""

from django.db import migrations

OPEN_ENROLMENT_STATUSES = "('active', 'paused')"  # pathways.models.OPEN_ENROLMENT


class Migration(migrations.Migration):
    dependencies = [("pathways", "0007_open_referral_includes_waiting")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX enrolment_open_by_citizen ON pathways_enrolment (citizen_id, programme_id) "
            f"WHERE status IN {OPEN_ENROLMENT_STATUSES}",
            "DROP INDEX enrolment_open_by_citizen",
        ),
    ]

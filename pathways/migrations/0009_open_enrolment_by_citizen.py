"""A partial index on the open (active or paused) enrolments by citizen, for the caseload
filter (pathways.selectors.caseload: citizens with an open referral or an open enrolment).

Without it the filter's enrolment subquery reads every enrolment of the country to find the
open ones (a sequential scan: at 40,000 citizens 46,000 rows for 7,000 open ones); with it the
subquery is an index-only scan of the open ones. Open referrals by citizen need no new index:
the partial unique index `one_open_referral_per_programme` (citizen, programme) WHERE status
IN ('sent', 'waiting') already serves them (migration 0007). Measured in docs/performance.md,
"Citizen pathways (national scale)"."""

from django.db import migrations, models
from django.db.models import Q


class Migration(migrations.Migration):
    dependencies = [("pathways", "0008_encrypt_justification")]

    operations = [
        migrations.AddIndex(
            model_name="enrolment",
            index=models.Index(
                condition=Q(status__in=("active", "paused")),
                fields=["citizen", "programme"],
                name="enrolment_open_by_citizen",
            ),
        ),
    ]

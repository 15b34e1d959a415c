"""An index on the citizens by (municipality, id), for the caseload filter
(pathways.access.caseload_citizens).

The filter counts a municipality's citizens with an open referral or an open enrolment, each
subquery joined to the municipality's citizens. With this index those joins (and the outer
scan) read the municipality's citizen ids from the index alone (index-only scans) instead of
the citizen table's pages; at 175,000 citizens the largest municipality's count went from 2×
the hand-written EXISTS count to below it. Measured in docs/performance.md, "The caseload
filter: the scope once per part, and citizens by municipality"."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("pathways", "0009_open_enrolment_by_citizen")]

    operations = [
        migrations.AddIndex(
            model_name="citizen",
            index=models.Index(fields=["municipality", "id"], name="citizen_municipality_id"),
        ),
    ]

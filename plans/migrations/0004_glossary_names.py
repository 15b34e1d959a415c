"""The glossary's names: a phase's budget line is `BudgetLine` (agreements already has an
`Activity`), the work plan's milestone `WorkPlanMilestone` (pathways already has a `Milestone`)."""

from django.conf import settings
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0003_pipeline_and_mapping_inputs"),
        ("registry", "__first__"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]
    operations = [
        migrations.RenameModel("Activity", "BudgetLine"),
        migrations.RenameModel("Milestone", "WorkPlanMilestone"),
    ]

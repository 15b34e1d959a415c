from django.conf import settings
from django.db import migrations, models


def withdraw_duplicate_open_referrals(apps, schema_editor):
    """Before the constraint: of several open referrals of one citizen to one programme (left by
    concurrent requests before it existed), keep the oldest open and withdraw the rest."""
    Referral = apps.get_model("pathways", "Referral")
    seen = set()
    for referral in Referral.objects.filter(status="sent").order_by("created_at", "pk").only(
        "pk", "citizen_id", "programme_id"
    ):
        key = (referral.citizen_id, referral.programme_id)
        if key in seen:
            Referral.objects.filter(pk=referral.pk).update(status="withdrawn")
        seen.add(key)


class Migration(migrations.Migration):
    dependencies = [
        ("pathways", "0003_running"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(withdraw_duplicate_open_referrals, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="referral",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "sent")),
                fields=("citizen", "programme"),
                name="one_open_referral_per_programme",
            ),
        ),
    ]

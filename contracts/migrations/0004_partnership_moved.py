"""Partnership now lives in partnerships/ (its migration 0001 took over the model's state):
the contract's foreign key points there, and contracts forget the model. No SQL runs."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contracts", "0003_refuse_truncate"),
        ("partnerships", "0001_take_partnership_from_contracts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="outcomecontract",
                    name="partnership",
                    field=models.ForeignKey(
                        blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                        related_name="contracts", to="partnerships.partnership", verbose_name="partnerskab",
                    ),
                ),
                migrations.DeleteModel(name="Partnership"),
            ],
            database_operations=[],
        ),
    ]

"""Partnership moves from contracts/ to partnerships/: state only. The table stays
contracts_partnership until 0002 renames it, so no row moves and contracts' foreign key keeps
pointing at the same rows."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contracts", "0003_refuse_truncate"),
        ("registry", "0003_importjob"),
        ("tenants", "0002_load_municipalities"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Partnership",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ("name", models.CharField(max_length=200, verbose_name="navn")),
                        ("start", models.DateField(verbose_name="fra")),
                        ("end", models.DateField(blank=True, null=True, verbose_name="til")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "members",
                            models.ManyToManyField(
                                blank=True, related_name="partnerships", to="registry.organisation",
                                verbose_name="partnere", db_table="contracts_partnership_members",
                            ),
                        ),
                        (
                            "municipality",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                to="tenants.municipality", verbose_name="kommune",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "partnerskab",
                        "verbose_name_plural": "partnerskaber",
                        "ordering": ["-start", "name"],
                        "db_table": "contracts_partnership",
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("end__isnull", True), ("end__gte", models.F("start")), _connector="OR"),
                                name="partnership_ends_after_start",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]

"""Drop the varchar_pattern_ops copies that db_index=True adds on kind and sector: they serve
LIKE 'x%', and no query does LIKE on a choice field (the planner used them for equality only,
which the plain indexes do as well; each index costs every imported row). The plain indexes
stay, renamed org_kind and org_sector now that the model declares them in Meta.indexes.
Measured in docs/performance.md, "Import at 50,000 rows, third pass" (which also says why the
single-column municipality index stays). Only indexes change; no table is rewritten."""

from django.db import migrations, models

FORWARD = """
DROP INDEX IF EXISTS registry_organisation_kind_1ee35c56_like;
DROP INDEX IF EXISTS registry_organisation_sector_65ca2d1b_like;
ALTER INDEX registry_organisation_kind_1ee35c56 RENAME TO org_kind;
ALTER INDEX registry_organisation_sector_65ca2d1b RENAME TO org_sector;
"""
BACKWARD = """
ALTER INDEX org_kind RENAME TO registry_organisation_kind_1ee35c56;
ALTER INDEX org_sector RENAME TO registry_organisation_sector_65ca2d1b;
CREATE INDEX registry_organisation_kind_1ee35c56_like ON registry_organisation (kind varchar_pattern_ops);
CREATE INDEX registry_organisation_sector_65ca2d1b_like ON registry_organisation (sector varchar_pattern_ops);
"""


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_importjob")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(FORWARD, BACKWARD)],
            state_operations=[
                migrations.AlterField(
                    model_name="organisation",
                    name="kind",
                    field=models.CharField(
                        choices=[
                            ("social_enterprise", "Socialøkonomisk virksomhed"),
                            ("company", "Almindelig virksomhed"),
                            ("voluntary", "Frivillig forening"),
                            ("folkeoplysende", "Folkeoplysende forening / daghøjskole"),
                            ("employment_actor", "Beskæftigelsesaktør"),
                            ("municipal_unit", "Kommunal enhed"),
                            ("council", "Råd eller forum"),
                            ("education", "Uddannelsesinstitution"),
                            ("fund", "Fond, investor eller bank"),
                            ("incubator", "Inkubator, videnscenter eller netværk"),
                        ],
                        max_length=30,
                        verbose_name="aktørtype",
                    ),
                ),
                migrations.AlterField(
                    model_name="organisation",
                    name="sector",
                    field=models.CharField(
                        choices=[("private", "Privat"), ("public", "Offentlig"), ("civil", "Civilsamfund")],
                        max_length=10,
                        verbose_name="sektor",
                    ),
                ),
                migrations.AddIndex(model_name="organisation", index=models.Index(fields=["kind"], name="org_kind")),
                migrations.AddIndex(model_name="organisation", index=models.Index(fields=["sector"], name="org_sector")),
            ],
        ),
    ]

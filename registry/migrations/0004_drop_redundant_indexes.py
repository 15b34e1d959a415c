"""Drop the indexes of registry_organisation that duplicate another one (each index costs
every imported row; docs/performance.md, "Import at 50,000 rows, third pass", which also says
why the single-column municipality index stays):

- the varchar_pattern_ops copies db_index=True adds on kind and sector: they serve LIKE 'x%',
  and no query does LIKE on a choice field (the planner used them for equality only, which the
  plain indexes do as well). The plain ones stay, renamed org_kind and org_sector now that the
  model declares them in Meta.indexes;
- the plain index on cvr: the only query on cvr alone is the search's cvr LIKE 'digits%', which
  only the varchar_pattern_ops copy can serve (it serves equality too); that copy stays, renamed
  org_cvr_pattern. Lookups by municipality and CVR use unique_cvr_p_per_municipality.

Only indexes change; on PostgreSQL no table is rewritten. The statements are PostgreSQL's (the
database of record); on another database (SQLite, the demo's default, which has no pattern
copies) the same end state is reached through the schema editor: the single-column indexes
db_index made on kind, sector and cvr are dropped, whatever they are named, and the three
indexes of the model's Meta are made."""

from django.db import migrations, models

INDEXES = [
    models.Index(fields=["kind"], name="org_kind"),
    models.Index(fields=["sector"], name="org_sector"),
    models.Index(fields=["cvr"], name="org_cvr_pattern", opclasses=["varchar_pattern_ops"]),
]

FORWARD = """
DROP INDEX IF EXISTS registry_organisation_kind_1ee35c56_like;
DROP INDEX IF EXISTS registry_organisation_sector_65ca2d1b_like;
ALTER INDEX registry_organisation_kind_1ee35c56 RENAME TO org_kind;
ALTER INDEX registry_organisation_sector_65ca2d1b RENAME TO org_sector;
DROP INDEX IF EXISTS registry_organisation_cvr_0fff97db;
ALTER INDEX registry_organisation_cvr_0fff97db_like RENAME TO org_cvr_pattern;
"""
BACKWARD = """
ALTER INDEX org_kind RENAME TO registry_organisation_kind_1ee35c56;
ALTER INDEX org_sector RENAME TO registry_organisation_sector_65ca2d1b;
CREATE INDEX registry_organisation_kind_1ee35c56_like ON registry_organisation (kind varchar_pattern_ops);
CREATE INDEX registry_organisation_sector_65ca2d1b_like ON registry_organisation (sector varchar_pattern_ops);
ALTER INDEX org_cvr_pattern RENAME TO registry_organisation_cvr_0fff97db_like;
CREATE INDEX registry_organisation_cvr_0fff97db ON registry_organisation (cvr);
"""


COLUMNS = (["kind"], ["sector"], ["cvr"])


def _run(schema_editor, script: str) -> None:
    for statement in schema_editor.connection.ops.prepare_sql_script(script):  # as RunSQL runs it
        schema_editor.execute(statement, params=None)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _run(schema_editor, FORWARD)
        return
    organisation = apps.get_model("registry", "Organisation")
    table = organisation._meta.db_table
    with schema_editor.connection.cursor() as cursor:
        constraints = schema_editor.connection.introspection.get_constraints(cursor, table)
    for name, info in constraints.items():  # the db_index=True ones, whatever they are named
        if info["index"] and not info["unique"] and not info["primary_key"] and info["columns"] in COLUMNS:
            schema_editor.execute(schema_editor.sql_delete_index % {"table": schema_editor.quote_name(table), "name": schema_editor.quote_name(name)})
    for index in INDEXES:
        schema_editor.add_index(organisation, index)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _run(schema_editor, BACKWARD)
        return
    organisation = apps.get_model("registry", "Organisation")
    table = organisation._meta.db_table
    for index in INDEXES:
        schema_editor.remove_index(organisation, index)
    for columns in COLUMNS:
        name = schema_editor._create_index_name(table, columns)
        schema_editor.add_index(organisation, models.Index(fields=columns, name=name))


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_importjob")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forward, backward)],
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
                migrations.AlterField(
                    model_name="organisation",
                    name="cvr",
                    field=models.CharField(blank=True, max_length=8, verbose_name="CVR-nummer"),
                ),
                *(migrations.AddIndex(model_name="organisation", index=index) for index in INDEXES),
            ],
        ),
    ]

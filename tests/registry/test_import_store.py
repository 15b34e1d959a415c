"""The COPY-based storing (registry.import_store) gives what the services give: derived fields
equal to refresh_derived after creates and after updates, assessments keep their evidence when
updated, and a created organisation's audit row lists every value the file gave it."""

import datetime

from audit.models import AuditEvent
from registry import services
from registry.import_apply import apply_plan
from registry.import_plan import creation_changes
from registry.models import CriterionAssessment, Organisation
from registry.testing import IMPORT_HEADER, csv_file, import_plan, import_row, import_stored, valid_cvr
from tests.registry import SAMPLE

DERIVED = [
    "rsv_status",
    "criteria_met",
    "staffing_year",
    "employees_total",
    "employees_special",
    "special_share",
]


def _agrees_with_refresh_derived(orgs) -> None:
    for org in orgs:
        stored = [getattr(org, name) for name in DERIVED]
        services.refresh_derived(org)  # the per-row reference implementation
        org.refresh_from_db()
        assert stored == [getattr(org, name) for name in DERIVED], org.name


def test_derived_fields_after_an_update_match_refresh_derived(world):
    existing = list(Organisation.objects.values_list("pk", flat=True))
    import_stored(world, SAMPLE.read_bytes())
    changed = (
        SAMPLE.read_bytes()
        .replace(
            b";opfyldt;opfyldt;opfyldt;opfyldt;opfyldt;", b";opfyldt;ikke opfyldt;opfyldt;opfyldt;opfyldt;"
        )
        .replace(b";2024;14;3;1;2;0;2", b";2025;20;8;1;2;0;2")
        .replace(b";ja;15-03-2021;", b";nej;;")
    )
    assert changed != SAMPLE.read_bytes()
    result = import_stored(world, changed)
    assert result["updated"] >= 1
    imported = Organisation.objects.exclude(pk__in=existing)
    assert imported.count() == 8
    _agrees_with_refresh_derived(imported)
    org = imported.get(name="Café Fjordudsigt ApS")
    assert list(org.staffing.values_list("year", flat=True)) == [2025, 2024]  # other years are kept
    assert org.staffing_year == 2025


def test_an_updated_assessment_keeps_its_evidence_and_a_new_one_gets_the_import_note(world):
    cvr = valid_cvr(801)
    import_stored(
        world, csv_file([IMPORT_HEADER, import_row(navn="Vurderet ApS", cvr=cvr, kriterie_1="opfyldt")])
    )
    org = Organisation.objects.get(cvr=cvr)
    first = org.assessments.get(criterion=1)
    assert first.evidence.startswith("Importeret fra test.csv den ")
    CriterionAssessment.objects.filter(pk=first.pk).update(evidence="Set på besøg")
    import_stored(
        world,
        csv_file(
            [
                IMPORT_HEADER,
                import_row(navn="Vurderet ApS", cvr=cvr, kriterie_1="ikke opfyldt", kriterie_2="opfyldt"),
            ]
        ),
    )
    assessments = {a.criterion: a for a in org.assessments.all()}
    assert (assessments[1].pk, assessments[1].status, assessments[1].evidence) == (
        first.pk,
        "not_met",
        "Set på besøg",
    )
    assert assessments[2].status == "met" and assessments[2].evidence.startswith("Importeret fra")
    _agrees_with_refresh_derived([org])


def test_the_audit_row_of_a_created_organisation_lists_every_value_given(world):
    cvr = valid_cvr(802)
    import_stored(
        world,
        csv_file(
            [
                IMPORT_HEADER,
                import_row(
                    navn="Revideret ApS",
                    cvr=cvr,
                    maalgrupper="handicap",
                    tags="b, a",
                    rsv_registreret="ja",
                    rsv_dato="01-02-2020",
                    kriterie_1="opfyldt",
                    kriterie_2="ukendt",
                    personale_aar="2024",
                    ansatte_i_alt="5",
                    fleksjob="1",
                    skaanejob="0",
                    loentilskud="",
                ),
            ]
        ),  # fmt: skip
    )
    org = Organisation.objects.get(cvr=cvr)
    event = AuditEvent.objects.get(event="registry.organisation.import_create", object_id=str(org.pk))
    assert (event.object_label, event.municipality_id, event.actor) == (
        "Revideret ApS",
        world.kolding.pk,
        world.users["consultant"],
    )
    assert event.changes == {
        "name": [None, "Revideret ApS"],
        "kind": [None, "social_enterprise"],
        "sector": [None, "private"],
        "cvr": [None, cvr],
        "rsv_registered": [None, True],
        "rsv_registered_on": [None, str(datetime.date(2020, 2, 1))],
        "target_groups": [None, ["handicap"]],
        "tags": [None, ["a", "b"]],
        "criterion_1": [None, "met"],
        **{
            f"staffing_2024_{key}": [None, value]
            for key, value in {
                "employees_total": 5,
                "fleksjob": 1,
                "skaanejob": 0,
                "wage_subsidy": 0,
                "other_special": 0,
                "interns": 0,
            }.items()
        },
        "_import": {"file": "test.csv", "row": 2},
    }


def test_the_audit_rows_built_in_sql_equal_creation_changes(world):
    """The created organisations' audit changes are built by PostgreSQL from the staging
    tables; they hold exactly what import_plan.creation_changes makes of the same rows (also
    for tags whose order depends on case and æøå, and rows without lists or staffing)."""
    mixed = csv_file(
        [
            IMPORT_HEADER,
            import_row(navn="Øst & Vest", cvr=valid_cvr(803), tags="Zeta, alfa, Øst, æble, Beta"),
            import_row(navn="Tom", cvr=valid_cvr(804), kriterie_1="ukendt", rsv_registreret="nej"),
        ]
    )
    for content, count in ((SAMPLE.read_bytes(), 8), (mixed, 2)):
        plan = import_plan(world, content)
        apply_plan(plan, by=world.users["consultant"], file_name="test.csv", municipality_id=world.kolding.pk)
        events = {
            int(e.object_id): e.changes
            for e in AuditEvent.objects.filter(
                event="registry.organisation.import_create", object_id__in=[str(r.existing_id) for r in plan.rows]
            )
        }
        assert len(events) == len(plan.rows) == count
        for row in plan.rows:
            assert events[row.existing_id] == {
                **creation_changes(row),
                "_import": {"file": "test.csv", "row": row.row},
            }, row.row

"""The import checks and stages a file batch by batch (settings.IMPORT_BATCH_ROWS), so that its
memory does not grow with the file: a file staged in several small batches stores exactly
what one batch stores, duplicates are found across batches, an error in a late batch stores
nothing, the errors listed are capped; and the migration that drops the redundant indexes."""

from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from accounts.access import Access
from audit.models import AuditEvent
from registry import import_parse
from registry import import_plan as import_plan_module
from registry.import_apply import apply_content
from registry.importing import validate_content
from registry.models import Organisation
from registry.testing import IMPORT_HEADER, csv_file, import_row, valid_cvr
from tests.registry import SAMPLE


def _apply(world, content: bytes, file_name: str = "x.csv"):
    consultant = world.users["consultant"]
    return apply_content(
        content, "csv", access=Access(consultant), default_municipality_id=world.kolding.pk, by=consultant,
        file_name=file_name, municipality_id=world.kolding.pk,
    )  # fmt: skip


def _changed_sample() -> bytes:
    """SAMPLE with changes to import over it: a new name, other tags, criteria and staffing."""
    return (
        SAMPLE.read_bytes()
        .replace("Kolding Tømrerlaug A/S".encode(), "Kolding Tømrerlaug ApS".encode())
        .replace("café, køkken".encode(), "café, bageri".encode())
        .replace(b";opfyldt;", b";ukendt;")
        .replace(b";2024;14;", b";2024;15;")
    )


def _mixed_rows() -> bytes:
    """New organisations with links, criteria and staffing, some without."""
    rows = [IMPORT_HEADER]
    for i in range(7):
        rows.append(
            import_row(navn=f"Batch {i}", cvr=valid_cvr(900 + i), maalgrupper="handicap" if i % 2 else "",
                       tags=f"t{i % 3}, fælles" if i % 3 else "", kriterie_1="opfyldt" if i % 2 else "ukendt",
                       personale_aar="2024" if i != 3 else "", ansatte_i_alt="10" if i != 3 else "",
                       fleksjob="1" if i != 3 else "")
        )  # fmt: skip
    return csv_file(rows)


def _snapshot() -> dict:
    """The stored organisations of Kolding with their links, assessments and staffing, and the
    import's audit rows, without ids and times (which differ between two runs)."""
    ignored = {"id", "public_id", "created_at", "updated_at"}
    fields = [f.attname for f in Organisation._meta.concrete_fields if f.attname not in ignored]
    orgs = {}
    for org in Organisation.objects.filter(municipality__code="0621").prefetch_related(
        "target_groups", "tags", "assessments", "staffing"
    ):
        orgs[org.pk] = (org.cvr, org.name)
    stored = {
        orgs[org.pk]: (
            tuple(getattr(org, f) for f in fields),
            sorted(t.code for t in org.target_groups.all()),
            sorted(t.name for t in org.tags.all()),
            sorted((a.criterion, a.status, a.evidence, a.assessed_on) for a in org.assessments.all()),
            sorted((s.year, s.employees_total, s.fleksjob, s.skaanejob, s.wage_subsidy) for s in org.staffing.all()),
        )
        for org in Organisation.objects.filter(pk__in=orgs).prefetch_related(
            "target_groups", "tags", "assessments", "staffing"
        )
    }
    audit = sorted(
        (e.event, e.action, e.object_label, str(orgs.get(int(e.object_id), "")), repr(sorted(e.changes.items())))
        for e in AuditEvent.objects.filter(event__startswith="registry.organisation.import_")
    )
    return {"stored": stored, "audit": audit}


def _import_twice(world, settings, batch_rows: int) -> tuple[dict, int]:
    """Import SAMPLE, the mixed rows and then SAMPLE changed (creates, then updates) with
    `batch_rows` per batch, inside a transaction that is rolled back. Returns the snapshot and
    the number of batches in which new organisations were staged (one id query each)."""
    settings.IMPORT_BATCH_ROWS = batch_rows
    with transaction.atomic():
        with CaptureQueriesContext(connection) as ctx:
            for content in (SAMPLE.read_bytes(), _mixed_rows(), _changed_sample()):
                plan, result = _apply(world, content)
                assert result is not None, plan.errors
        snapshot = _snapshot()
        transaction.set_rollback(True)
    id_queries = sum("nextval(pg_get_serial_sequence" in q["sql"] for q in ctx.captured_queries)
    return snapshot, id_queries


def test_a_file_staged_in_several_batches_stores_what_one_batch_stores(world, settings):
    whole, one_batch = _import_twice(world, settings, 5000)
    batched, several = _import_twice(world, settings, 3)
    assert (one_batch, several) == (2, 6)  # SAMPLE's 8 new rows in 3 batches, the 7 mixed ones in 3
    assert batched == whole
    assert len(whole["stored"]) >= 15
    assert any(event == "registry.organisation.import_update" for event, *_rest in whole["audit"])


def test_the_plan_of_a_preview_keeps_only_its_first_rows_but_counts_all(world, settings):
    settings.IMPORT_BATCH_ROWS = 3
    plan = validate_content(
        SAMPLE.read_bytes(), "csv", access=Access(world.users["consultant"]),
        default_municipality_id=world.kolding.pk, keep_rows=2,
    )  # fmt: skip
    assert plan.valid
    assert [r.row for r in plan.rows] == [2, 3]
    assert plan.counts() == {"rows": 8, "to_create": 8, "to_update": 0, "unchanged": 0}


def test_the_same_organisation_in_two_batches_is_an_error_naming_both_rows(world, settings):
    settings.IMPORT_BATCH_ROWS = 2
    cvr = valid_cvr(950)
    rows = [IMPORT_HEADER] + [import_row(navn=f"Række {i}", cvr=valid_cvr(960 + i)) for i in range(4)]
    rows.append(import_row(navn="Igen", cvr=cvr))
    rows.insert(2, import_row(navn="Først", cvr=cvr))
    before = Organisation.objects.count()
    plan, result = _apply(world, csv_file(rows))
    assert result is None
    assert plan.errors == [
        {"row": 7, "column": "cvr", "reason": f"CVR {cvr} står både i række 3 og række 7."},
    ]
    assert Organisation.objects.count() == before


def test_an_error_in_the_last_batch_stores_nothing_of_the_earlier_ones(world, settings):
    settings.IMPORT_BATCH_ROWS = 2
    rows = [IMPORT_HEADER] + [import_row(navn=f"Tidlig {i}", cvr=valid_cvr(980 + i)) for i in range(5)]
    rows.append(import_row(navn="Forkert", cvr=valid_cvr(990), type="rumskib"))
    before = (Organisation.objects.count(), AuditEvent.objects.count())
    plan, result = _apply(world, csv_file(rows))
    assert result is None
    assert [(e["row"], e["column"]) for e in plan.errors] == [(7, "type")]
    assert plan.counts()["rows"] == 6
    assert (Organisation.objects.count(), AuditEvent.objects.count()) == before
    # the staging tables went with the rollback: the same rows, corrected, import at once
    plan, result = _apply(world, csv_file(rows[:-1]))
    assert result == {"created": 5, "updated": 0, "unchanged": 0}


def test_the_errors_listed_are_capped_and_the_rest_counted(world, settings, monkeypatch):
    monkeypatch.setattr(import_plan_module, "MAX_ERRORS", 3)
    settings.IMPORT_BATCH_ROWS = 2
    rows = [IMPORT_HEADER] + [import_row(navn=f"Org {i}", cvr="123") for i in range(5)]
    plan = validate_content(
        csv_file(rows), "csv", access=Access(world.users["consultant"]), default_municipality_id=world.kolding.pk
    )
    assert [e["row"] for e in plan.errors] == [2, 3, 4, 4]
    assert plan.errors[-1] == {
        "row": 4,
        "column": "",
        "reason": "… og 2 fejl mere. Ret fejlene ovenfor, og prøv igen.",
    }


def test_the_memos_of_distinct_cells_start_again_when_full_without_changing_a_row(world, monkeypatch):
    def rows():
        plan = validate_content(
            SAMPLE.read_bytes(), "csv", access=Access(world.users["consultant"]), default_municipality_id=world.kolding.pk
        )
        return [(r.values, r.target_groups, r.tags, r.criteria, r.staffing) for r in plan.rows]

    remembered = rows()
    monkeypatch.setattr(import_parse, "MEMO_MAX", 2)
    assert rows() == remembered


# The migration dropping the redundant indexes (registry 0004)

KEPT = {
    "org_kind", "org_sector", "org_cvr_pattern", "org_municipality_kind", "org_municipality_name",
    "org_municipality_rsv", "registry_organisation_municipality_id_53022242", "registry_organisation_pkey",
    "registry_organisation_public_id_key", "unique_cvr_p_per_municipality",
}  # fmt: skip
RENAMED = {
    "org_kind": "registry_organisation_kind_1ee35c56",
    "org_sector": "registry_organisation_sector_65ca2d1b",
    "org_cvr_pattern": "registry_organisation_cvr_0fff97db_like",
}
DROPPED = {
    "registry_organisation_kind_1ee35c56_like",
    "registry_organisation_sector_65ca2d1b_like",
    "registry_organisation_cvr_0fff97db",
}


def _indexes() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'registry_organisation'")
        return dict(cursor.fetchall())


def test_the_migration_drops_exactly_the_duplicate_indexes_and_back(db):
    after = _indexes()
    assert set(after) == KEPT
    assert "varchar_pattern_ops" not in after["org_kind"] + after["org_sector"]
    assert "varchar_pattern_ops" in after["org_cvr_pattern"]
    executor = MigrationExecutor(connection)
    executor.migrate([("registry", "0003_importjob")])
    before = _indexes()
    assert set(before) == (KEPT - set(RENAMED)) | set(RENAMED.values()) | DROPPED
    assert "varchar_pattern_ops" in before["registry_organisation_kind_1ee35c56_like"]
    assert "varchar_pattern_ops" not in before["registry_organisation_cvr_0fff97db"]
    executor.loader.build_graph()
    executor.migrate([("registry", "0004_drop_redundant_indexes")])
    assert _indexes() == after

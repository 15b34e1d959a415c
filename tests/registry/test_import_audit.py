"""The import's audit trail, all-or-nothing storing, set-based queries and progress."""

import csv
import io

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from accounts.access import Access
from audit.models import AuditAction, AuditEvent
from registry.import_apply import apply_plan
from registry.importing import validate_content
from registry.models import CriterionAssessment, Organisation, Staffing
from registry.testing import (
    IMPORT_HEADER,
    csv_file,
    import_plan,
    import_row,
    import_stored,
    make_organisation,
    valid_cvr,
)
from tests.registry import SAMPLE

# Audit


def test_the_import_writes_one_audit_row_per_changed_organisation_and_a_summary(world):
    import_stored(world, SAMPLE.read_bytes())
    created = AuditEvent.objects.filter(event="registry.organisation.import_create")
    imported_ids = set(Organisation.objects.filter(cvr__in=_sample_cvrs()).values_list("pk", flat=True))
    assert created.count() == 8
    assert {int(e.object_id) for e in created if e.object_type == "registry.organisation"} >= imported_ids
    assert all(e.action == AuditAction.CREATE and e.actor == world.users["consultant"] for e in created)
    summary = AuditEvent.objects.get(event="registry.organisation.import")
    assert summary.action == AuditAction.IMPORT
    assert (summary.changes["created"], summary.changes["updated"], summary.changes["rows"]) == (8, 0, 8)

    import_stored(world, SAMPLE.read_bytes())  # unchanged: only a summary row
    assert AuditEvent.objects.filter(event__startswith="registry.organisation.import_").count() == 8
    assert AuditEvent.objects.filter(event="registry.organisation.import").count() == 2

    import_stored(
        world,
        SAMPLE.read_bytes().replace("Kolding Tømrerlaug A/S".encode(), "Kolding Tømrerlaug ApS".encode()),
    )
    update = AuditEvent.objects.get(event="registry.organisation.import_update")
    assert update.action == AuditAction.UPDATE
    assert update.changes["name"] == ["Kolding Tømrerlaug A/S", "Kolding Tømrerlaug ApS"]
    assert update.changes["_import"]["row"] == 4


def _sample_cvrs() -> list[str]:
    rows = list(csv.reader(io.StringIO(SAMPLE.read_text(encoding="utf-8-sig")), delimiter=";"))
    position = rows[0].index("cvr")
    return [r[position] for r in rows[1:] if r[position]]


# All or nothing, and no query per row


def test_if_storing_fails_nothing_is_stored(world):
    content = SAMPLE.read_bytes()
    plan = import_plan(world, content)
    assert plan.valid
    # Someone registers one of the file's organisations after the preview: the stale plan
    # collides with the unique (municipality, cvr, p-number) constraint half-way through.
    make_organisation(world.kolding, name="Kom først", cvr=_sample_cvrs()[-1])
    before = (
        Organisation.objects.count(),
        AuditEvent.objects.count(),
        Staffing.objects.count(),
        CriterionAssessment.objects.count(),
    )
    with pytest.raises(IntegrityError):
        apply_plan(plan, by=world.users["consultant"], file_name="x.csv", municipality_id=world.kolding.pk)
    after = (
        Organisation.objects.count(),
        AuditEvent.objects.count(),
        Staffing.objects.count(),
        CriterionAssessment.objects.count(),
    )
    assert after == before


def _many_rows(n: int, offset: int) -> bytes:
    rows = [IMPORT_HEADER]
    for i in range(n):
        rows.append(
            import_row(navn=f"Org {offset + i}", cvr=valid_cvr(offset + i), maalgrupper="handicap", tags=f"t{i % 3}",
                kriterie_1="opfyldt", personale_aar="2024", ansatte_i_alt="10", fleksjob="1")
        )  # fmt: skip
    return csv_file(rows)


def test_the_number_of_queries_does_not_grow_with_rows(world):
    def queries(content: bytes) -> int:
        with CaptureQueriesContext(connection) as ctx:
            import_stored(world, content)
        return len(ctx.captured_queries)

    small, large = queries(_many_rows(5, 2000)), queries(_many_rows(120, 3000))
    assert small == large
    # and a re-import (all updates) is set-based too
    assert queries(_many_rows(5, 2000).replace(b"opfyldt", b"ukendt")) == queries(
        _many_rows(120, 3000).replace(b"opfyldt", b"ukendt")
    )


def test_validation_reports_progress_every_500_rows(world):
    calls = []
    plan = validate_content(
        _many_rows(1100, 5000),
        "csv",
        access=Access(world.users["consultant"]),
        default_municipality_id=world.kolding.pk,
        progress=lambda d, t: calls.append((d, t)),
    )
    assert plan.valid
    assert calls == [(500, 1100), (1000, 1100), (1100, 1100)]

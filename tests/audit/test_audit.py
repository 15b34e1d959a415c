"""The audit log: one row per change, written in the change's transaction, append-only (in Python
and in PostgreSQL), browsed and filtered by an administrator of the municipality."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from audit.models import AppendOnlyError, AuditAction, AuditEvent
from audit.services import record
from registry import services
from registry.choices import Criterion, CriterionStatus, Kind, RelationKind, Sector
from registry.models import Organisation

CPH = ZoneInfo("Europe/Copenhagen")


def only_event(**filters) -> AuditEvent:
    events = list(AuditEvent.objects.filter(**filters))
    assert len(events) == 1, events
    return events[0]


@pytest.fixture
def consultant(world):
    return world.users[Role.CONSULTANT]


def test_creating_an_organisation_writes_one_row(world, consultant):
    before = AuditEvent.objects.count()
    org = services.organisation_create(
        by=consultant,
        data={
            "municipality": world.kolding,
            "name": "Ny Café",
            "kind": Kind.SOCIAL_ENTERPRISE,
            "sector": Sector.PRIVATE,
        },
    )
    assert AuditEvent.objects.count() == before + 1
    event = only_event(event="registry.organisation.create")
    assert (event.actor, event.actor_label, event.action) == (
        consultant,
        "kolding_consultant",
        AuditAction.CREATE,
    )
    assert (event.object_type, event.object_id, event.object_label) == (
        "registry.organisation",
        str(org.pk),
        "Ny Café",
    )
    assert event.municipality == world.kolding
    assert event.changes["name"] == [None, "Ny Café"]
    assert event.channel == "command" and event.ip is None  # outside a request


def test_updating_writes_one_row_with_only_the_changed_fields(world, consultant):
    org = world.company
    services.organisation_update(
        by=consultant, organisation=org, data={"city": "Kolding", "purpose": "Tømrer"}
    )
    event = only_event(event="registry.organisation.update", object_id=str(org.pk))
    assert event.action == AuditAction.UPDATE
    assert event.changes == {"city": ["", "Kolding"], "purpose": ["", "Tømrer"]}


def test_an_update_that_changes_nothing_writes_no_row(world, consultant):
    services.organisation_update(
        by=consultant, organisation=world.company, data={"name": "Kolding Tømrer A/S"}
    )
    assert not AuditEvent.objects.filter(event="registry.organisation.update").exists()


def test_deleting_writes_one_row_that_outlives_the_organisation(world, consultant):
    org_pk = world.company.pk
    services.organisation_delete(by=consultant, organisation=world.company)
    assert not Organisation.objects.filter(pk=org_pk).exists()
    event = only_event(event="registry.organisation.delete")
    assert (event.action, event.object_id, event.object_label) == (
        AuditAction.DELETE,
        str(org_pk),
        "Kolding Tømrer A/S",
    )
    assert event.municipality == world.kolding and event.changes["name"] == ["Kolding Tømrer A/S", None]


def test_assessing_writes_one_row_for_all_five_criteria(world, consultant):
    rows = [
        {"criterion": c.value, "status": CriterionStatus.MET, "evidence": "vedtægter", "assessed_on": None}
        for c in Criterion
    ]
    services.assessments_set(by=consultant, organisation=world.social_enterprise, rows=rows)
    event = only_event(event="registry.assessment.update")
    assert event.object_id == str(world.social_enterprise.pk) and event.municipality == world.kolding
    assert sorted(event.changes) == [f"criterion_{c.value}" for c in Criterion]
    assert event.changes["criterion_1"]["status"] == [None, "met"]


def test_staffing_writes_a_create_then_an_update_row(world, consultant):
    org = world.social_enterprise
    services.staffing_set(
        by=consultant, organisation=org, year=2024, data={"employees_total": 10, "fleksjob": 2}
    )
    services.staffing_set(
        by=consultant, organisation=org, year=2024, data={"employees_total": 12, "fleksjob": 2}
    )
    events = list(AuditEvent.objects.filter(event="registry.staffing.set").order_by("id"))
    assert [e.action for e in events] == [AuditAction.CREATE, AuditAction.UPDATE]
    assert events[1].changes == {"2024": {"employees_total": [10, 12]}}


def test_contacts_write_create_update_and_delete_rows(world, consultant):
    org = world.company
    contact = services.contact_save(
        by=consultant, organisation=org, contact=None, data={"name": "Ida", "email": "ida@example.dk"}
    )
    services.contact_save(
        by=consultant, organisation=org, contact=contact, data={"name": "Ida", "email": "ida@kt.dk"}
    )
    services.contact_delete(by=consultant, contact=contact)
    events = list(AuditEvent.objects.filter(event__startswith="registry.contact").order_by("id"))
    assert [(e.event, e.action) for e in events] == [
        ("registry.contact.save", AuditAction.CREATE),
        ("registry.contact.save", AuditAction.UPDATE),
        ("registry.contact.delete", AuditAction.DELETE),
    ]
    assert all(e.municipality == world.kolding and e.object_type == "registry.contact" for e in events)
    assert events[1].changes == {"email": ["ida@example.dk", "ida@kt.dk"]}


def test_relations_write_create_and_delete_rows(world, consultant):
    relation = services.relation_create(
        by=consultant, source=world.company, target=world.provider, kind=RelationKind.PARTNER_OF
    )
    services.relation_delete(by=consultant, relation=relation)
    created, deleted = AuditEvent.objects.filter(event__startswith="registry.relation").order_by("id")
    assert (created.action, deleted.action) == (AuditAction.CREATE, AuditAction.DELETE)
    assert created.changes == {
        "source": "Kolding Tømrer A/S",
        "kind": "partner_of",
        "target": "Job & Vækst Kolding ApS",
    }


def test_a_change_through_a_page_records_the_ip_path_and_user_agent(world, client_for, consultant):
    client = client_for(consultant)
    url = reverse("registry:contact_add", args=[world.company.public_id])
    response = client.post(url, {"name": "Bo"}, REMOTE_ADDR="192.0.2.17", HTTP_USER_AGENT="Testbrowser/1.0")
    assert response.status_code == 302
    event = only_event(event="registry.contact.save")
    assert (event.ip, event.path, event.user_agent, event.channel) == (
        "192.0.2.17",
        url,
        "Testbrowser/1.0",
        "web",
    )
    assert event.actor == consultant


def test_a_rolled_back_change_leaves_no_audit_row(world, consultant):
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError, match="later step failed"), transaction.atomic():
        services.organisation_create(
            by=consultant,
            data={
                "municipality": world.kolding,
                "name": "Rulles tilbage",
                "kind": Kind.COMPANY,
                "sector": Sector.PRIVATE,
            },
        )
        assert AuditEvent.objects.count() == before + 1
        raise RuntimeError("later step failed")
    assert AuditEvent.objects.count() == before
    assert not Organisation.objects.filter(name="Rulles tilbage").exists()


def test_a_record_followed_by_a_failure_inside_atomic_leaves_nothing(world, consultant):
    with pytest.raises(ValueError), transaction.atomic():
        record(actor=consultant, action=AuditAction.UPDATE, event="test.change", obj=world.company)
        raise ValueError
    assert not AuditEvent.objects.filter(event="test.change").exists()


def test_a_failing_service_writes_no_row(world, consultant):
    with pytest.raises(Exception):  # noqa: B017 - the duplicate relation is refused by validation or the database
        services.relation_create(
            by=consultant, source=world.company, target=world.company, kind=RelationKind.PARTNER_OF
        )
    assert not AuditEvent.objects.filter(event="registry.relation.create").exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_record_for_a_write_refuses_to_run_outside_a_transaction():
    assert not connection.in_atomic_block
    with pytest.raises(RuntimeError, match="inside transaction.atomic"):
        record(actor=None, action=AuditAction.UPDATE, event="test.outside")
    record(actor=None, action=AuditAction.SEARCH, event="test.read")  # reads need no transaction
    assert not AuditEvent.objects.filter(event="test.outside").exists()
    assert AuditEvent.objects.filter(event="test.read").count() == 1


def test_an_audit_row_cannot_be_saved_again_or_deleted(world, consultant):
    with transaction.atomic():
        event = record(actor=consultant, action=AuditAction.UPDATE, event="test.append", obj=world.company)
    event.event = "tampered"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).event == "test.append"


def test_postgresql_refuses_raw_update_and_delete(world, consultant):
    with transaction.atomic():
        event = record(actor=consultant, action=AuditAction.UPDATE, event="test.raw", obj=world.company)
    for sql in (
        "UPDATE audit_auditevent SET event = 'tampered' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk, event="test.raw").exists()


def test_queryset_update_and_delete_are_refused_too(world, consultant):
    with transaction.atomic():
        event = record(actor=consultant, action=AuditAction.UPDATE, event="test.bulk", obj=world.company)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(event="tampered")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk)._raw_delete(connection.alias)
    assert AuditEvent.objects.filter(pk=event.pk, event="test.bulk").exists()


# The audit log page.


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2025, 3, day, hour, 0, tzinfo=CPH)


@pytest.fixture
def trail(world):
    """Events on three days in Kolding and one in Aarhus, by different people."""
    kolding_actor, other_actor = world.users[Role.CONSULTANT], world.users[Role.PROVIDER]
    rows = [
        (at(1), kolding_actor, AuditAction.CREATE, "registry.organisation.create", world.company),
        (at(2), other_actor, AuditAction.UPDATE, "registry.organisation.update", world.provider),
        (at(3), kolding_actor, AuditAction.EXPORT, "registry.export", None),
        (
            at(2),
            world.outsiders[Role.CONSULTANT],
            AuditAction.UPDATE,
            "registry.organisation.update",
            world.aarhus_company,
        ),
    ]
    for when, actor, action, event, obj in rows:
        with time_machine.travel(when, tick=False), transaction.atomic():
            municipality = obj.municipality_id if obj else world.kolding.pk
            record(actor=actor, action=action, event=event, obj=obj, municipality_id=municipality)
    return world


def audit_rows(client, **params) -> list[tuple[str, str]]:
    response = client.get(reverse("audit:list"), params)
    assert response.status_code == 200
    return [
        (e.actor_label, e.event)
        for e in response.context["page"].object_list
        if e.event.startswith("registry.")
    ]


def test_the_administrator_sees_only_the_own_municipalitys_rows_newest_first(trail, client_for):
    rows = audit_rows(client_for(trail.users[Role.ADMIN]))
    assert rows == [
        ("kolding_consultant", "registry.export"),
        ("kolding_provider", "registry.organisation.update"),
        ("kolding_consultant", "registry.organisation.create"),
    ]


def test_the_aarhus_administrator_sees_only_aarhus(trail, client_for):
    assert audit_rows(client_for(trail.outsiders[Role.ADMIN])) == [
        ("aarhus_consultant", "registry.organisation.update")
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"actor": "provider"}, [("kolding_provider", "registry.organisation.update")]),
        ({"action": "export"}, [("kolding_consultant", "registry.export")]),
        (
            {"event": "registry.organisation"},
            [
                ("kolding_provider", "registry.organisation.update"),
                ("kolding_consultant", "registry.organisation.create"),
            ],
        ),
        ({"object_label": "tømrer"}, [("kolding_consultant", "registry.organisation.create")]),
        (
            {"date_from": "2025-03-02", "date_to": "2025-03-02"},
            [("kolding_provider", "registry.organisation.update")],
        ),
        (
            {"date_from": "2025-03-02"},
            [("kolding_consultant", "registry.export"), ("kolding_provider", "registry.organisation.update")],
        ),
        (
            {"date_to": "2025-03-01", "actor": "consultant"},
            [("kolding_consultant", "registry.organisation.create")],
        ),
    ],
)
def test_the_administrator_filters_the_log(trail, client_for, params, expected):
    assert audit_rows(client_for(trail.users[Role.ADMIN]), **params) == expected


def test_dates_are_days_in_danish_time(trail, client_for):
    with time_machine.travel(datetime(2025, 3, 5, 0, 30, tzinfo=CPH), tick=False), transaction.atomic():
        record(
            actor=None, action=AuditAction.UPDATE, event="registry.midnight", municipality_id=trail.kolding.pk
        )
    assert audit_rows(client_for(trail.users[Role.ADMIN]), date_from=date(2025, 3, 5).isoformat()) == [
        ("system", "registry.midnight")
    ]


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMIN])
def test_everybody_but_the_administrator_gets_404(trail, client_for, role):
    assert client_for(trail.users[role]).get(reverse("audit:list")).status_code == 404


def test_the_log_page_query_count_does_not_grow_with_rows(trail, client_for):
    client = client_for(trail.users[Role.ADMIN])
    client.get(reverse("audit:list"))

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("audit:list"))
        return len(ctx.captured_queries)

    few = count()
    with transaction.atomic():
        for i in range(40):
            record(
                actor=trail.users[Role.PROVIDER],
                action=AuditAction.UPDATE,
                event=f"registry.bulk.{i}",
                obj=trail.company,
            )
    assert count() == few


def test_the_log_page_offers_no_way_to_change_rows(trail, client_for):
    client = client_for(trail.users[Role.ADMIN])
    assert (
        '<form method="post"' not in client.get(reverse("audit:list")).content.decode().split("<main", 1)[1]
    )
    count = AuditEvent.objects.count()
    client.post(reverse("audit:list"), {"delete": "1"})
    assert AuditEvent.objects.count() == count

"""Exports of the caseload and of a provider's participants: no CPR, formula-safe, audited,
a constant number of queries."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditAction, AuditEvent
from pathways.models import ReferralStatus
from pathways.testing import enrol, history, make_citizen, make_programme, refer

pytestmark = pytest.mark.django_db

CPRS = ["0102851234", "0203861234", "0304871234"]


@pytest.fixture
def programme(world):
    return make_programme(provider=world.provider, capacity=None)


def _people(world, programme, n: int, start: int = 0):
    caseworker = world.users[Role.CASEWORKER]
    out = []
    for i in range(start, start + n):
        citizen = make_citizen(municipality=world.kolding, by=caseworker, caseworker=caseworker, name=f"Borger {i:03d}")
        if i % 2:
            refer(citizen=citizen, programme=programme, by=caseworker)
        else:
            enrolment = enrol(citizen=citizen, programme=programme, caseworker=caseworker, accepted_by=world.users[Role.PROVIDER])
            history(enrolment, by=world.users[Role.PROVIDER], weeks=3)
        out.append(citizen)
    return out


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_the_caseload_csv_has_one_row_per_open_item_and_no_cpr(world, programme, client_for):
    caseworker = world.users[Role.CASEWORKER]
    citizens = [
        make_citizen(municipality=world.kolding, by=caseworker, caseworker=caseworker, cpr=cpr, name=f"=HYPERLINK(\"x\") {i}")
        for i, cpr in enumerate(CPRS)
    ]
    refer(citizen=citizens[0], programme=programme, by=caseworker)
    enrolment = enrol(citizen=citizens[1], programme=programme, caseworker=caseworker, accepted_by=world.users[Role.PROVIDER])
    history(enrolment, by=world.users[Role.PROVIDER], weeks=2, attended=Decimal(20), excused=Decimal(3), unexcused=Decimal(2))
    response = client_for(caseworker).get(reverse("pathways:caseload_export", args=["csv"]))
    assert response.status_code == 200
    rows = _csv(response)
    body = "\n".join(";".join(r) for r in rows)
    for cpr in CPRS:
        assert cpr not in body and cpr[:6] not in body
    assert rows[0] == ["navn", "sagsbehandler", "forloeb", "hold", "status", "start", "fremmoede_pct"]
    assert len(rows) == 3  # header + the referral + the enrolment; the third citizen has nothing open
    assert all(r[0].startswith("'=") for r in rows[1:])  # formula-safe
    enrolled = next(r for r in rows[1:] if r[3])
    assert enrolled[6] == "80,0"  # 40 ÷ (40 + 10)


def test_the_caseload_export_is_audited_with_criteria_and_row_count(world, programme, client_for):
    _people(world, programme, 6)
    client = client_for(world.users[Role.CASEWORKER])
    response = client.get(reverse("pathways:caseload_export", args=["csv"]), {"status": ReferralStatus.SENT})
    rows = _csv(response)
    row = AuditEvent.objects.get(event="pathways.caseload.export")
    assert row.action == AuditAction.EXPORT
    assert row.changes == {"format": "csv", "criteria": {"status": "sent"}, "rows": len(rows) - 1}
    assert len(rows) - 1 == 3


def test_the_caseload_xlsx_matches_the_csv(world, programme, client_for):
    _people(world, programme, 4)
    client = client_for(world.users[Role.CASEWORKER])
    csv_rows = _csv(client.get(reverse("pathways:caseload_export", args=["csv"])))
    response = client.get(reverse("pathways:caseload_export", args=["xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.iter_rows(values_only=True))
    assert [v[0] for v in values] == [r[0] for r in csv_rows]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_the_caseload_export_runs_a_constant_number_of_queries(world, programme, client_for):
    client = client_for(world.users[Role.CASEWORKER])
    url = reverse("pathways:caseload_export", args=["csv"])
    _people(world, programme, 3)
    with CaptureQueriesContext(connection) as small:
        small_rows = _csv(client.get(url))
    _people(world, programme, 20, start=3)
    with CaptureQueriesContext(connection) as large:
        large_rows = _csv(client.get(url))
    assert len(large_rows) > len(small_rows)
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.parametrize("role", [Role.PROVIDER, Role.ANALYST, Role.COMPANY, Role.CONSULTANT, Role.PROCUREMENT])
def test_only_citizen_export_holders_export_the_caseload(world, client_for, role):
    assert client_for(world.users[role]).get(reverse("pathways:caseload_export", args=["csv"])).status_code == 404


def test_an_unknown_format_is_404(world, client_for):
    assert client_for(world.users[Role.CASEWORKER]).get(reverse("pathways:caseload_export", args=["pdf"])).status_code == 404


def test_the_provider_exports_its_own_participants_without_cpr(world, programme, client_for):
    _people(world, programme, 4)
    other = make_programme(provider=world.social_enterprise)
    caseworker = world.users[Role.CASEWORKER]
    stranger = make_citizen(municipality=world.kolding, by=caseworker, name="Fremmed Deltager")
    refer(citizen=stranger, programme=other, by=caseworker)
    response = client_for(world.users[Role.PROVIDER]).get(reverse("pathways:participants_export", args=["csv"]))
    rows = _csv(response)
    names = [r[0] for r in rows[1:]]
    assert names == ["Borger 000", "Borger 002"]
    assert rows[1][5:8] == ["60,00", "15,00", "80,0"]  # 3 weeks of 20 h attended, 3 + 2 h absent
    assert AuditEvent.objects.get(event="pathways.enrolment.export").changes["rows"] == 2
    assert client_for(caseworker).get(reverse("pathways:participants_export", args=["csv"])).status_code == 404

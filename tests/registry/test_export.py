"""Export of the registry to CSV and Excel: the list's filters, real numbers and dates, safe
against formula injection, one municipality's rows only, a constant number of queries, audited."""

import datetime
import io
import zipfile

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.access import Access
from audit.models import AuditAction, AuditEvent
from registry import services
from registry.choices import Criterion, CriterionStatus, Kind
from registry.columns import EXPORT_HEADERS
from registry.importing import validate_content
from registry.models import Contact, CriterionAssessment, Organisation, Staffing, Tag, TargetGroup
from registry.testing import make_organisation

XLSX = "registry:export"


def rich(org, *, n: int = 0) -> Organisation:
    """Give an organisation target groups, a tag, assessments, two years of staffing and a contact."""
    org.target_groups.set(TargetGroup.objects.filter(code__in=["handicap", "fleksjob"]))
    org.tags.set([Tag.objects.get_or_create(municipality=org.municipality, name=f"tag{n % 2}")[0]])
    for criterion in Criterion:
        CriterionAssessment.objects.create(organisation=org, criterion=criterion, status=CriterionStatus.MET)
    Staffing.objects.create(organisation=org, year=2023, employees_total=8, fleksjob=1)
    Staffing.objects.create(organisation=org, year=2024, employees_total=10, fleksjob=2, skaanejob=1)
    Contact.objects.create(
        organisation=org, name=f"Kontakt {n}", email=f"kontakt{n}@example.dk", phone="+45 12345678"
    )
    services.refresh_derived(org)
    return org


@pytest.fixture
def data(world):
    se = world.social_enterprise
    se.rsv_registered, se.rsv_registered_on, se.industry_code, se.postcode = (
        True,
        datetime.date(2021, 3, 15),
        "011100",
        "0800",
    )
    se.save()
    rich(se)
    rich(world.aarhus_company, n=9)
    return world


def get_csv(client, query: str = "") -> list[list[str]]:
    response = client.get(reverse(XLSX, args=["csv"]) + query)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return [line.split(";") for line in text.lstrip("\ufeff").splitlines()]


def get_xlsx(client, query: str = "") -> bytes:
    response = client.get(reverse(XLSX, args=["xlsx"]) + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return b"".join(response.streaming_content)


def by_name(rows: list[list], name: str) -> dict:
    header = rows[0]
    return next(dict(zip(header, r, strict=True)) for r in rows[1:] if r[0] == name)


def test_xlsx_has_numbers_as_numbers_dates_as_dates_and_a_frozen_bold_filtered_header(data, client_for):
    workbook = openpyxl.load_workbook(io.BytesIO(get_xlsx(client_for(data.users["consultant"]))))
    sheet = workbook["Organisationer"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert tuple(rows[0]) == EXPORT_HEADERS
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    assert sheet["A1"].font.b
    se = by_name(rows, "Café Bro ApS")
    assert se["ansatte_i_alt"] == 10 and isinstance(se["ansatte_i_alt"], int)
    assert (se["personale_aar"], se["fleksjob"], se["skaanejob"], se["kriterier_opfyldt"]) == (2024, 2, 1, 5)
    assert se["andel_saerlige_pct"] == pytest.approx(30.0)
    assert se["rsv_dato"] == datetime.datetime(2021, 3, 15)
    date_cell = sheet.cell(row=rows.index([*se.values()]) + 1, column=EXPORT_HEADERS.index("rsv_dato") + 1)
    assert date_cell.number_format == "dd-mm-yyyy"
    # codes with leading zeros stay text
    assert (se["kommunekode"], se["postnr"], se["branchekode"], se["cvr"]) == (
        "0621",
        "0800",
        "011100",
        data.social_enterprise.cvr,
    )
    assert (se["type"], se["maalgrupper"], se["rsv_registreret"], se["kriterie_1"]) == (
        "Socialøkonomisk virksomhed",
        "fleksjob, handicap",
        "ja",
        "Opfyldt",
    )


def test_csv_is_utf8_with_bom_semicolons_decimal_comma_and_danish_dates(data, client_for):
    rows = get_csv(client_for(data.users["consultant"]))
    assert tuple(rows[0]) == EXPORT_HEADERS
    se = by_name(rows, "Café Bro ApS")
    assert (se["andel_saerlige_pct"], se["rsv_dato"], se["kommunekode"], se["ansatte_i_alt"]) == (
        "30,00",
        "15-03-2021",
        "0621",
        "10",
    )


FORMULAS = {
    "name": '=HYPERLINK("http://evil.example","klik")',
    "city": "+45 Kolding",
    "street": "-2+3",
    "purpose": "@SUM(A1)",
}


def test_csv_neutralises_formula_injection(world, client_for):
    make_organisation(world.kolding, **FORMULAS)
    rows = get_csv(client_for(world.users["consultant"]), "?q=Kolding")
    header = rows[0]
    evil = next(dict(zip(header, r, strict=False)) for r in rows[1:] if "HYPERLINK" in ";".join(r))
    assert evil["by"] == "'+45 Kolding" and evil["adresse"] == "'-2+3" and evil["formaal"] == "'@SUM(A1)"
    assert evil["navn"].startswith("\"'=HYPERLINK") or evil["navn"].startswith("'=HYPERLINK")


def test_xlsx_writes_formula_like_text_as_text(world, client_for):
    make_organisation(world.kolding, **FORMULAS)
    content = get_xlsx(client_for(world.users["consultant"]))
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    rows = list(openpyxl.load_workbook(io.BytesIO(content))["Organisationer"].iter_rows(values_only=True))
    assert any(r[0] == FORMULAS["name"] for r in rows)


def test_an_export_re_imports_without_changes(data, client_for):
    client = client_for(data.users["consultant"])
    access = Access(data.users["consultant"])
    for fmt, content in (
        ("csv", b"".join(client.get(reverse(XLSX, args=["csv"])).streaming_content)),
        ("xlsx", get_xlsx(client)),
    ):
        plan = validate_content(content, fmt, access=access, default_municipality_id=data.kolding.pk)
        assert plan.errors == [] and plan.warnings == []
        expected = Organisation.objects.filter(municipality=data.kolding).count()
        assert plan.counts() == {"rows": expected, "to_create": 0, "to_update": 0, "unchanged": expected}, fmt


def test_the_export_of_one_municipality_never_contains_anothers_rows(data, client_for):
    kolding = client_for(data.users["consultant"])
    aarhus_names = set(Organisation.objects.filter(municipality=data.aarhus).values_list("name", flat=True))
    kolding_names = set(Organisation.objects.filter(municipality=data.kolding).values_list("name", flat=True))
    for query in ("", f"?municipality={data.aarhus.pk}"):
        names = {r[0] for r in get_csv(kolding, query)[1:]}
        assert names == kolding_names
        workbook = openpyxl.load_workbook(io.BytesIO(get_xlsx(kolding, query)))
        assert {
            r[0] for r in list(workbook["Organisationer"].iter_rows(values_only=True))[1:]
        } == kolding_names
        assert {r[3] for r in list(workbook["Kontakter"].iter_rows(values_only=True))[1:]} == {"Kontakt 0"}
    assert {r[0] for r in get_csv(client_for(data.outsiders["consultant"]))[1:]} == aarhus_names


def test_the_export_uses_the_lists_filters(data, client_for):
    rows = get_csv(client_for(data.users["procurement"]), f"?kind={Kind.COMPANY}")
    expected = set(
        Organisation.objects.filter(municipality=data.kolding, kind=Kind.COMPANY).values_list(
            "name", flat=True
        )
    )
    assert {r[0] for r in rows[1:]} == expected and expected


@pytest.mark.parametrize("role", ["caseworker", "provider", "company"])
def test_it_requires_export_permission(world, client_for, role):
    client = client_for(world.users[role])
    for fmt in ("csv", "xlsx"):
        assert client.get(reverse(XLSX, args=[fmt])).status_code == 404
        assert client.get(reverse(XLSX, args=[fmt]) + "?skabelon=1").status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_an_unknown_format_answers_404(world, client_for):
    assert client_for(world.users["consultant"]).get(reverse(XLSX, args=["pdf"])).status_code == 404


def test_contacts_are_exported_only_to_registry_editors_and_never_in_csv(data, client_for):
    procurement = openpyxl.load_workbook(io.BytesIO(get_xlsx(client_for(data.users["procurement"]))))
    assert procurement.sheetnames == ["Organisationer"]
    consultant = openpyxl.load_workbook(io.BytesIO(get_xlsx(client_for(data.users["consultant"]))))
    contacts = list(consultant["Kontakter"].iter_rows(values_only=True))
    # an empty role is an empty cell
    assert contacts[1][3:] == ("Kontakt 0", None, "kontakt0@example.dk", "+45 12345678")
    csv_text = ";".join(";".join(r) for r in get_csv(client_for(data.users["consultant"])))
    assert "kontakt0@example.dk" not in csv_text and "Kontakt 0" not in csv_text


def test_the_export_is_audited_with_filters_and_row_count(data, client_for):
    get_csv(client_for(data.users["analyst"]), f"?kind={Kind.SOCIAL_ENTERPRISE}&q=Café")
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    expected = Organisation.objects.filter(
        municipality=data.kolding, kind=Kind.SOCIAL_ENTERPRISE, name__icontains="Café"
    ).count()
    assert (event.actor, event.event, event.municipality) == (
        data.users["analyst"],
        "registry.organisation.export",
        data.kolding,
    )
    assert event.changes["filters"] == {"kind": "social_enterprise", "q": "Café"}
    assert (event.changes["rows"], event.changes["format"], event.changes["municipalities"]) == (
        expected,
        "csv",
        ["0621"],
    )


def test_the_template_is_an_export_without_rows_and_is_not_audited(data, client_for):
    client = client_for(data.users["consultant"])
    assert get_csv(client, "?skabelon=1") == [list(EXPORT_HEADERS)]
    rows = list(
        openpyxl.load_workbook(io.BytesIO(get_xlsx(client, "?skabelon=1"))).active.iter_rows(values_only=True)
    )
    assert rows == [EXPORT_HEADERS]
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_number_of_queries_does_not_grow_with_rows(world, client_for, fmt):
    client = client_for(world.users["consultant"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse(XLSX, args=[fmt]))
            b"".join(response.streaming_content)
        return len(ctx.captured_queries)

    for n in range(3):
        rich(make_organisation(world.kolding, name=f"Lille {n}"), n=n)
    few = queries()
    for n in range(3, 40):
        rich(make_organisation(world.kolding, name=f"Stor {n}"), n=n)
    assert queries() == few

"""The export's exact output, pinned against a reference computed here from the model objects:
every column of every row in CSV and XLSX (headers, Danish labels, blanks, formula protection,
number and date types), whatever the user's UI language."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from registry import exporting, services
from registry.choices import CriterionStatus, Kind, LegalForm, Sector, Subkind
from registry.models import Contact, CriterionAssessment, Organisation, Staffing, Tag, TargetGroup
from registry.testing import make_organisation

EXPORT = "registry:export"
HEADERS = (  # noqa: SIM905 (a list literal would take 34 lines)
    "navn type undertype cvr p_nummer virksomhedsform sektor branchekode adresse postnr by kommunekode "
    "hjemmeside formaal maalgrupper tags rsv_registreret rsv_dato kriterie_1 kriterie_2 kriterie_3 "
    "kriterie_4 kriterie_5 personale_aar ansatte_i_alt fleksjob skaanejob loentilskud andre_saerlige "
    "praktik kommune rsv_status kriterier_opfyldt andel_saerlige_pct"
).split()
TEXT_CODES = {"cvr", "p_nummer", "branchekode", "postnr", "kommunekode"}


def staffing(org, year: int, total: int, *counts: int) -> None:
    fields = dict(
        zip(("fleksjob", "skaanejob", "wage_subsidy", "other_special", "interns"), counts, strict=False)
    )
    Staffing.objects.create(organisation=org, year=year, employees_total=total, **fields)


def assess(org, statuses: dict[int, str]) -> None:
    for criterion, status in statuses.items():
        CriterionAssessment.objects.create(
            organisation=org, criterion=criterion, status=status, evidence="Lang dokumentation " * 20
        )


@pytest.fixture
def varied(world):
    """Kolding organisations covering every column: full, blank, formula-like, partly filled."""
    k = world.kolding
    groups = [
        TargetGroup.objects.create(code=c, name=c.title()) for c in ("zz-unge", "aa-ledige", "mm-handicap")
    ]
    tags = [Tag.objects.create(municipality=k, name=n) for n in ("Værksted", "-minus", "café", "Øko")]
    full = make_organisation(
        k,
        name='Fuld "Udfyldt"; Værksted',
        kind=Kind.MUNICIPAL_UNIT,
        subkind=Subkind.JOB_CENTRE,
        sector=Sector.PUBLIC,
        legal_form=LegalForm.PUBLIC,
        p_number="1003456789",
        industry_code="011100",
        street="Østergade 1, 2. th.",
        postcode="0800",
        city="Kolding",
        website="https://fuld.example.dk",
        purpose="Formål over\nto linjer; med semikolon",
        rsv_registered=True,
        rsv_registered_on=datetime.date(2021, 3, 5),
    )
    full.target_groups.set(groups)
    full.tags.set(tags[:3])
    assess(
        full,
        {1: CriterionStatus.MET, 2: CriterionStatus.NOT_MET, 3: CriterionStatus.UNKNOWN, 4: "met", 5: "met"},
    )
    staffing(full, 2022, 5, 1)
    staffing(full, 2024, 12, 1, 1, 1, 1, 3)
    staffing(full, 2023, 9, 2)
    Contact.objects.create(organisation=full, name="Åse Ærø", role="Leder", email="ase@example.dk", phone="1")
    Contact.objects.create(organisation=full, name="=Bo", email="", phone="+45 2")
    make_organisation(k, name="Blank", kind=Kind.VOLUNTARY, sector=Sector.CIVIL, cvr="")
    evil = make_organisation(
        k,
        name='=HYPERLINK("http://evil.example","klik")',
        kind=Kind.SOCIAL_ENTERPRISE,
        legal_form=LegalForm.APS,
        street="-2+3",
        city="+45 Kolding",
        website="@evil",
        purpose="\tfane",
    )
    evil.tags.set([tags[1], tags[3]])
    evil.target_groups.set(groups[1:2])
    assess(evil, {2: CriterionStatus.MET, 5: CriterionStatus.NOT_MET})
    staffing(evil, 2024, 3, 1)
    partly = make_organisation(k, name="Delvis", kind=Kind.COMPANY, rsv_registered=False)
    staffing(partly, 2020, 0)
    assess(partly, dict.fromkeys(range(1, 6), CriterionStatus.MET))
    aarhus = make_organisation(world.aarhus, name="Aarhus Fuld", kind=Kind.COMPANY)
    aarhus.tags.set([Tag.objects.create(municipality=world.aarhus, name="aarhus")])
    staffing(aarhus, 2024, 4, 1)
    for org in Organisation.objects.all():
        services.refresh_derived(org)
    return world


def reference_values(org: Organisation) -> list:
    """One organisation as typed values, straight from the model instance."""
    with translation.override("da"):
        labels = [
            org.get_kind_display(),
            org.get_subkind_display() if org.subkind else "",
            org.get_legal_form_display() if org.legal_form else "",
            org.get_sector_display(),
            org.get_rsv_status_display(),
        ]
        by_criterion = {a.criterion: a.get_status_display() for a in org.assessments.all()}
        criteria = [by_criterion.get(n, "") for n in range(1, 6)]
    kind, subkind, legal_form, sector, rsv_status = (str(label) for label in labels)
    years = sorted(org.staffing.all(), key=lambda s: s.year)
    latest = years[-1] if years else None
    counts = ("year", "employees_total", "fleksjob", "skaanejob", "wage_subsidy", "other_special", "interns")
    share = org.special_share
    return [
        org.name,
        kind,
        subkind,
        org.cvr,
        org.p_number,
        legal_form,
        sector,
        org.industry_code,
        org.street,
        org.postcode,
        org.city,
        org.municipality.code,
        org.website,
        org.purpose,
        ", ".join(sorted(g.code for g in org.target_groups.all())),
        ", ".join(sorted(t.name for t in org.tags.all())),
        org.rsv_registered,
        org.rsv_registered_on,
        *criteria,
        *(getattr(latest, c) if latest else None for c in counts),
        org.municipality.name,
        rsv_status,
        org.criteria_met,
        (share * 100).quantize(Decimal("0.01")) if share is not None else None,
    ]


def reference_orgs(world) -> list[Organisation]:
    return list(Organisation.objects.filter(municipality=world.kolding).order_by("name", "pk"))


def reference_csv(orgs: list[Organisation]) -> str:
    def cell(value) -> str:
        if value is None:
            return ""
        if value is True or value is False:
            return {True: "ja", False: "nej"}[value]
        if isinstance(value, datetime.date):
            return f"{value.day:02d}-{value.month:02d}-{value.year}"
        if isinstance(value, Decimal):
            return str(value).replace(".", ",")
        if isinstance(value, int):
            return str(value)
        return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value

    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for org in orgs:
        writer.writerow([cell(v) for v in reference_values(org)])
    return "\ufeff" + out.getvalue()


def reference_xlsx_cell(header: str, value):
    """(value openpyxl reads back, its data type) for one typed value."""
    if value is None or value == "":
        return None, "n"
    if value is True or value is False:
        return ("ja" if value else "nej"), "s"
    if isinstance(value, datetime.date):
        return datetime.datetime(value.year, value.month, value.day), "d"
    if isinstance(value, Decimal):
        return float(value), "n"
    if isinstance(value, int):
        return (str(value), "s") if header in TEXT_CODES else (value, "n")
    return value, "s"


def download(client, fmt: str) -> bytes:
    response = client.get(reverse(EXPORT, args=[fmt]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_csv_equals_the_reference_from_the_models_in_every_ui_language(varied, client_for, language):
    client = client_for(varied.users["consultant"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    orgs = reference_orgs(varied)
    assert len(orgs) == 10
    assert download(client, "csv").decode("utf-8") == reference_csv(orgs)


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_xlsx_cells_equal_the_reference_from_the_models(varied, client_for, language):
    client = client_for(varied.users["consultant"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    workbook = openpyxl.load_workbook(io.BytesIO(download(client, "xlsx")))
    sheet = workbook["Organisationer"]
    assert [c.value for c in sheet[1]] == HEADERS
    orgs = reference_orgs(varied)
    assert sheet.max_row == len(orgs) + 1
    for row, org in enumerate(orgs, start=2):
        for col, (header, value) in enumerate(zip(HEADERS, reference_values(org), strict=True), start=1):
            cell = sheet.cell(row=row, column=col)
            expected, data_type = reference_xlsx_cell(header, value)
            assert (cell.value, cell.data_type) == (expected, data_type), (org.name, header)
            if data_type == "d":
                assert cell.number_format == "dd-mm-yyyy"
            if isinstance(value, Decimal):
                assert cell.number_format == "#,##0.00"  # thousands grouped


def test_the_xlsx_contacts_sheet_equals_the_reference_from_the_models(varied, client_for):
    workbook = openpyxl.load_workbook(io.BytesIO(download(client_for(varied.users["consultant"]), "xlsx")))
    rows = [list(r) for r in workbook["Kontakter"].iter_rows(values_only=True)]
    contacts = Contact.objects.filter(organisation__municipality=varied.kolding)
    expected = [
        [
            c.organisation.name,
            c.organisation.cvr or None,
            "0621",
            c.name,
            c.role or None,
            c.email or None,
            c.phone,
        ]
        for c in sorted(contacts, key=lambda c: (c.organisation.name, c.organisation_id, c.name))
    ]
    assert rows == [
        ["organisation", "cvr", "kommunekode", "kontaktperson", "rolle", "e_mail", "telefon"],
        *expected,
    ]
    assert len(expected) == 2


def test_rows_are_the_same_in_any_chunk_size_at_four_queries_per_chunk(varied, monkeypatch):
    qs = Organisation.objects.filter(municipality=varied.kolding).order_by("name", "pk")
    whole = list(exporting.organisation_rows(qs))
    assert whole == [reference_values(org) for org in reference_orgs(varied)]
    monkeypatch.setattr(exporting, "CHUNK", 3)
    with CaptureQueriesContext(connection) as ctx:
        chunked = list(exporting.organisation_rows(qs))
    assert chunked == whole
    # one query for the organisations, then target groups, tags, assessments, staffing per chunk
    assert len(ctx.captured_queries) == 1 + 4 * 4

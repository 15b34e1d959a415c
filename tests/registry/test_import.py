"""Import of the registry from CSV and Excel: validation lists every error with row and column
and stores nothing; a valid file is stored in one go, audited, and a re-import updates instead
of duplicating."""

import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from accounts.access import Access
from audit.models import AuditEvent
from registry import services
from registry.choices import CriterionStatus, Kind, RsvStatus, Sector
from registry.import_apply import apply_plan
from registry.importing import validate_content
from registry.models import Organisation
from tests import factories as f

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "registry_import_sample.csv"
HEADER = [
    "navn", "type", "undertype", "cvr", "p_nummer", "sektor", "kommunekode", "maalgrupper", "tags",
    "rsv_registreret", "rsv_dato", "kriterie_1", "kriterie_2", "personale_aar", "ansatte_i_alt",
    "fleksjob", "skaanejob", "loentilskud",
]  # fmt: skip


def csv_file(rows: list[list], *, delimiter: str = ";", encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_file(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row(**values) -> list:
    """A valid data row for HEADER; keyword arguments override cells."""
    defaults = {
        "navn": "Café Test ApS",
        "type": "Socialøkonomisk virksomhed",
        "sektor": "Privat",
        "kommunekode": "0621",
        "rsv_registreret": "nej",
    }
    defaults.update(values)
    return [defaults.get(h, "") for h in HEADER]


def plan_for(world, content: bytes, fmt: str = "csv", role: str = "consultant"):
    return validate_content(
        content, fmt, access=Access(world.users[role]), default_municipality_id=world.kolding.pk
    )


def store(world, content: bytes, fmt: str = "csv"):
    plan = plan_for(world, content, fmt)
    assert plan.errors == []
    return apply_plan(
        plan, by=world.users["consultant"], file_name="test.csv", municipality_id=world.kolding.pk
    )


def bad_checksum(cvr: str) -> str:
    return cvr[:-1] + str((int(cvr[-1]) + 1) % 10)


# A valid file


def test_it_imports_a_valid_file_with_all_its_parts(world):
    cvr = f.valid_cvr(700)
    content = csv_file(
        [
            HEADER,
            row(navn="Værkstedet Bro ApS", cvr=cvr, maalgrupper="handicap; fleksjob", tags="værksted, cykler",
                rsv_registreret="ja", rsv_dato="15-03-2021", kriterie_1="opfyldt", kriterie_2="Ikke opfyldt",
                personale_aar="2024", ansatte_i_alt="10", fleksjob="2", skaanejob="1", loentilskud="0"),
            row(navn="Frivilligcenter", type="voluntary", sektor="civil"),
        ]
    )  # fmt: skip
    result = store(world, content)

    assert result == {"created": 2, "updated": 0, "unchanged": 0}
    org = Organisation.objects.get(cvr=cvr)
    assert (org.municipality, org.kind, org.sector, org.rsv_registered) == (
        world.kolding,
        Kind.SOCIAL_ENTERPRISE,
        Sector.PRIVATE,
        True,
    )
    assert org.rsv_registered_on == datetime.date(2021, 3, 15)
    assert sorted(org.target_groups.values_list("code", flat=True)) == ["fleksjob", "handicap"]
    assert sorted(org.tags.values_list("name", flat=True)) == ["cykler", "værksted"]
    assert dict(org.assessments.values_list("criterion", "status")) == {
        1: CriterionStatus.MET,
        2: CriterionStatus.NOT_MET,
    }
    staffing = org.staffing.get()
    assert (staffing.year, staffing.employees_total, staffing.fleksjob, staffing.skaanejob) == (
        2024,
        10,
        2,
        1,
    )
    assert (org.rsv_status, org.staffing_year, org.employees_total, org.employees_special) == (
        RsvStatus.REGISTERED,
        2024,
        10,
        3,
    )
    assert org.special_share == Decimal("0.3000")
    voluntary = Organisation.objects.get(name="Frivilligcenter")
    assert (voluntary.kind, voluntary.sector, voluntary.cvr, voluntary.rsv_status) == (
        Kind.VOLUNTARY,
        Sector.CIVIL,
        "",
        RsvStatus.NOT_ASSESSED,
    )


def test_the_set_based_derived_fields_match_refresh_derived(world):
    existing = list(Organisation.objects.values_list("pk", flat=True))
    store(world, SAMPLE.read_bytes())
    imported = Organisation.objects.exclude(pk__in=existing)
    fields = [
        "rsv_status",
        "criteria_met",
        "staffing_year",
        "employees_total",
        "employees_special",
        "special_share",
    ]
    assert imported.count() == 8
    for org in imported:
        stored = [getattr(org, name) for name in fields]
        services.refresh_derived(org)  # the per-row reference implementation
        org.refresh_from_db()
        assert stored == [getattr(org, name) for name in fields], org.name


def test_it_reads_excel_with_numbers_codes_and_dates(world):
    cvr = f.valid_cvr(701)
    header = [
        "Navn",
        "Type",
        "Sektor",
        "CVR",
        "Kommunekode",
        "Postnr",
        "Branchekode",
        "RSV registreret",
        "RSV dato",
        "Personale år",
        "Ansatte i alt",
        "Fleksjob",
    ]
    content = xlsx_file(
        [
            header,
            [
                "Excel ApS",
                "company",
                "private",
                int(cvr),
                621,
                6000,
                11100,
                True,
                datetime.datetime(2022, 5, 1),
                2024,
                12.0,
                3,
            ],
        ]
    )
    store(world, content, "xlsx")
    org = Organisation.objects.get(cvr=cvr)
    assert (org.municipality, org.postcode, org.industry_code) == (world.kolding, "6000", "011100")
    assert (org.rsv_registered, org.rsv_registered_on) == (True, datetime.date(2022, 5, 1))
    assert (org.employees_total, org.employees_special) == (12, 3)


def test_it_reads_windows_1252_with_commas_and_english_headers(world):
    content = csv_file(
        [
            ["name", "kind", "sector", "municipality_code", "target_groups"],
            ["Ældresagen Øst", "Frivillig forening", "Civilsamfund", "621", "Hjemløse"],
        ],
        delimiter=",",
        encoding="cp1252",
    )
    store(world, content)
    org = Organisation.objects.get(name="Ældresagen Øst")
    assert org.kind == Kind.VOLUNTARY
    assert list(org.target_groups.values_list("code", flat=True)) == ["hjemloese"]


def test_an_unknown_column_is_a_warning_not_an_error(world):
    plan = plan_for(world, csv_file([HEADER + ["farve"], row() + ["blå"]]))
    assert plan.errors == []
    assert plan.warnings == [
        {"row": 1, "column": "farve", "reason": "Ukendt kolonne: den bliver ikke importeret."}
    ]


def test_blank_rows_are_skipped_and_row_numbers_stay_those_of_the_file(world):
    plan = plan_for(world, csv_file([[], HEADER, row(navn="A"), [], row(navn="", cvr="")]))
    assert plan.errors == [{"row": 5, "column": "navn", "reason": "Navnet mangler."}]


# A file with errors


def test_it_lists_every_error_with_row_and_column_and_stores_nothing(world):
    cvr = f.valid_cvr(702)
    rows = [
        HEADER,
        row(navn="Gyldig ApS", cvr=cvr),  # 2
        row(navn="Forkert kontrolciffer", cvr=bad_checksum(f.valid_cvr(703))),  # 3
        row(navn="Bogstaver", cvr="1234ABCD"),  # 4
        row(navn="For kort", cvr="1234567"),  # 5
        row(navn="Ukendt type", type="bageri"),  # 6
        row(navn="Ukendt sektor", sektor="halvoffentlig"),  # 7
        row(navn="Ukendt kommune", kommunekode="9999"),  # 8
        row(navn="Fremmed kommune", kommunekode="0751"),  # 9
        row(navn=""),  # 10
        row(navn="Dårlig dato", rsv_dato="31-02-2024"),  # 11
        row(navn="Negativ", personale_aar="2024", ansatte_i_alt="-3"),  # 12
        row(navn="Ikke heltal", personale_aar="2024", ansatte_i_alt="10", fleksjob="2,5"),  # 13
        row(
            navn="For mange særlige", personale_aar="2024", ansatte_i_alt="2", fleksjob="2", skaanejob="1"
        ),  # 14
        row(navn="Ukendt målgruppe", maalgrupper="handicap; ukendt-gruppe"),  # 15
        row(navn="Forkert undertype", type="company", undertype="job_centre"),  # 16
        row(navn="Dublet", cvr=cvr),  # 17
        row(navn="Ukendt vurdering", kriterie_1="måske"),  # 18
        row(navn="Mangler år", ansatte_i_alt="4"),  # 19
    ]
    before = (Organisation.objects.count(), AuditEvent.objects.count())
    plan = plan_for(world, csv_file(rows))

    found = {(e["row"], e["column"]) for e in plan.errors}
    assert found == {
        (3, "cvr"), (4, "cvr"), (5, "cvr"), (6, "type"), (7, "sektor"), (8, "kommunekode"), (9, "kommunekode"),
        (10, "navn"), (11, "rsv_dato"), (12, "ansatte_i_alt"), (13, "fleksjob"), (14, "ansatte_i_alt"),
        (15, "maalgrupper"), (16, "undertype"), (17, "cvr"), (18, "kriterie_1"), (19, "personale_aar"),
    }  # fmt: skip
    reasons = {(e["row"], e["column"]): e["reason"] for e in plan.errors}
    assert reasons[(3, "cvr")] == "CVR-nummeret har et forkert kontrolciffer."
    assert "Aarhus" in reasons[(9, "kommunekode")]
    assert "række 2" in reasons[(17, "cvr")] and "række 17" in reasons[(17, "cvr")]
    assert "ukendt-gruppe" in reasons[(15, "maalgrupper")]
    assert not plan.valid
    with pytest.raises(ValueError):
        apply_plan(plan, by=world.users["consultant"], file_name="x.csv", municipality_id=world.kolding.pk)
    assert (Organisation.objects.count(), AuditEvent.objects.count()) == before


def test_the_column_name_in_an_error_is_the_header_as_written_in_the_file(world):
    plan = plan_for(
        world, csv_file([["Navn", "Type", "Sektor", "CVR-nummer"], ["X", "company", "private", "1234"]])
    )
    assert plan.errors == [{"row": 2, "column": "CVR-nummer", "reason": "CVR-nummeret skal have 8 cifre."}]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "Filen er tom."),
        (b"\xef\xbb\xbf\r\n;;\r\n", "Filen er tom: der er hverken en overskriftsrække eller data."),
        (b"navn;type;sektor\r\n", "Filen har ingen rækker med data."),
    ],
)
def test_it_refuses_an_empty_file_or_one_without_rows(world, content, expected):
    plan = plan_for(world, content)
    assert [e["reason"] for e in plan.errors] == [expected]


def test_it_requires_the_name_type_and_sector_columns(world):
    plan = plan_for(world, csv_file([["navn", "cvr"], ["X", ""]]))
    assert {(e["row"], e["column"]) for e in plan.errors} == {(1, "type"), (1, "sektor")}


def test_a_column_given_twice_is_an_error(world):
    plan = plan_for(world, csv_file([["navn", "name", "type", "sektor"], ["X", "Y", "company", "private"]]))
    assert plan.errors == [
        {"row": 1, "column": "name", "reason": "Kolonnen står to gange (også som 'navn')."}
    ]


def test_a_user_without_import_permission_cannot_import_anywhere(world):
    plan = plan_for(world, csv_file([HEADER, row()]), role="procurement")
    assert [(e["row"], e["column"]) for e in plan.errors] == [(2, "kommunekode")]


# Re-import and matching


def test_a_reimport_updates_and_never_duplicates(world):
    content = SAMPLE.read_bytes()
    store(world, content)
    count = Organisation.objects.count()

    again = plan_for(world, content)
    assert again.counts() == {"rows": 8, "to_create": 0, "to_update": 0, "unchanged": 8}
    apply_plan(again, by=world.users["consultant"], file_name="igen.csv", municipality_id=world.kolding.pk)
    assert Organisation.objects.count() == count

    changed = content.replace("Grøn Genbrug Kolding".encode(), "Grøn Genbrug Kolding og Vejle".encode())
    result = store(world, changed)
    assert result == {"created": 0, "updated": 1, "unchanged": 7}
    assert Organisation.objects.count() == count
    assert Organisation.objects.filter(name="Grøn Genbrug Kolding og Vejle").count() == 1


def test_rows_without_cvr_are_matched_on_kind_and_exact_name(world):
    content = csv_file([HEADER, row(navn="Frivilligcenter", type="voluntary", sektor="civil", tags="a")])
    store(world, content)
    store(world, csv_file([HEADER, row(navn="Frivilligcenter", type="voluntary", sektor="civil", tags="b")]))
    org = Organisation.objects.get(name="Frivilligcenter")
    assert list(org.tags.values_list("name", flat=True)) == ["b"]


def test_an_organisation_without_cvr_gets_its_cvr_from_the_file(world):
    existing = f.organisation(world.kolding, name="Uden CVR", kind=Kind.COMPANY, cvr="")
    cvr = f.valid_cvr(704)
    result = store(world, csv_file([HEADER, row(navn="Uden CVR", type="company", cvr=cvr)]))
    assert result["updated"] == 1
    existing.refresh_from_db()
    assert existing.cvr == cvr


def test_the_same_organisation_twice_by_name_names_both_rows(world):
    plan = plan_for(world, csv_file([HEADER, row(navn="Samme"), row(navn="Andet"), row(navn="Samme")]))
    assert plan.errors == [
        {
            "row": 4,
            "column": "navn",
            "reason": "navnet 'Samme' uden CVR-nummer står både i række 2 og række 4.",
        }
    ]


def test_a_blank_cell_clears_the_field_and_a_missing_column_keeps_it(world):
    cvr = f.valid_cvr(705)
    store(
        world,
        csv_file(
            [
                HEADER,
                row(
                    cvr=cvr,
                    maalgrupper="handicap",
                    kriterie_1="opfyldt",
                    personale_aar="2024",
                    ansatte_i_alt="5",
                ),
            ]
        ),
    )
    store(world, csv_file([HEADER, row(cvr=cvr, maalgrupper="", kriterie_1="")]))
    org = Organisation.objects.get(cvr=cvr)
    assert list(org.target_groups.all()) == []
    assert org.assessments.get(criterion=1).status == CriterionStatus.UNKNOWN
    store(
        world,
        csv_file(
            [["navn", "type", "sektor", "cvr"], ["Nyt navn", "Socialøkonomisk virksomhed", "Privat", cvr]]
        ),
    )
    org.refresh_from_db()
    assert (org.name, org.employees_total, org.staffing.count()) == ("Nyt navn", 5, 1)

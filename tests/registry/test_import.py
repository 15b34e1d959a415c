"""Import of the registry from CSV and Excel: validation lists every error with row and column
and stores nothing; a valid file is stored in one go, audited, and a re-import updates instead
of duplicating."""

import datetime
from decimal import Decimal

import pytest

from audit.models import AuditEvent
from registry import services
from registry.choices import CriterionStatus, Kind, RsvStatus, Sector
from registry.import_apply import apply_plan
from registry.models import Organisation
from registry.testing import (
    IMPORT_HEADER,
    csv_file,
    import_plan,
    import_row,
    import_stored,
    make_organisation,
    valid_cvr,
    xlsx_file,
)
from tests.registry import SAMPLE


def bad_checksum(cvr: str) -> str:
    return cvr[:-1] + str((int(cvr[-1]) + 1) % 10)


# A valid file


def test_it_imports_a_valid_file_with_all_its_parts(world):
    cvr = valid_cvr(700)
    content = csv_file(
        [
            IMPORT_HEADER,
            import_row(navn="Værkstedet Bro ApS", cvr=cvr, maalgrupper="handicap; fleksjob", tags="værksted, cykler",
                rsv_registreret="ja", rsv_dato="15-03-2021", kriterie_1="opfyldt", kriterie_2="Ikke opfyldt",
                personale_aar="2024", ansatte_i_alt="10", fleksjob="2", skaanejob="1", loentilskud="0"),
            import_row(navn="Frivilligcenter", type="voluntary", sektor="civil"),
        ]
    )  # fmt: skip
    result = import_stored(world, content)

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
    import_stored(world, SAMPLE.read_bytes())
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
    cvr = valid_cvr(701)
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
    import_stored(world, content, "xlsx")
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
    import_stored(world, content)
    org = Organisation.objects.get(name="Ældresagen Øst")
    assert org.kind == Kind.VOLUNTARY
    assert list(org.target_groups.values_list("code", flat=True)) == ["hjemloese"]


def test_an_unknown_column_is_a_warning_not_an_error(world):
    plan = import_plan(world, csv_file([IMPORT_HEADER + ["farve"], import_row() + ["blå"]]))
    assert plan.errors == []
    assert plan.warnings == [
        {"row": 1, "column": "farve", "reason": "Ukendt kolonne: den bliver ikke importeret."}
    ]


def test_blank_rows_are_skipped_and_row_numbers_stay_those_of_the_file(world):
    plan = import_plan(world, csv_file([[], IMPORT_HEADER, import_row(navn="A"), [], import_row(navn="", cvr="")]))
    assert plan.errors == [{"row": 5, "column": "navn", "reason": "Navnet mangler."}]


# A file with errors


def test_it_lists_every_error_with_row_and_column_and_stores_nothing(world):
    cvr = valid_cvr(702)
    rows = [
        IMPORT_HEADER,
        import_row(navn="Gyldig ApS", cvr=cvr),  # 2
        import_row(navn="Forkert kontrolciffer", cvr=bad_checksum(valid_cvr(703))),  # 3
        import_row(navn="Bogstaver", cvr="1234ABCD"),  # 4
        import_row(navn="For kort", cvr="1234567"),  # 5
        import_row(navn="Ukendt type", type="bageri"),  # 6
        import_row(navn="Ukendt sektor", sektor="halvoffentlig"),  # 7
        import_row(navn="Ukendt kommune", kommunekode="9999"),  # 8
        import_row(navn="Fremmed kommune", kommunekode="0751"),  # 9
        import_row(navn=""),  # 10
        import_row(navn="Dårlig dato", rsv_dato="31-02-2024"),  # 11
        import_row(navn="Negativ", personale_aar="2024", ansatte_i_alt="-3"),  # 12
        import_row(navn="Ikke heltal", personale_aar="2024", ansatte_i_alt="10", fleksjob="2,5"),  # 13
        import_row(
            navn="For mange særlige", personale_aar="2024", ansatte_i_alt="2", fleksjob="2", skaanejob="1"
        ),  # 14
        import_row(navn="Ukendt målgruppe", maalgrupper="handicap; ukendt-gruppe"),  # 15
        import_row(navn="Forkert undertype", type="company", undertype="job_centre"),  # 16
        import_row(navn="Dublet", cvr=cvr),  # 17
        import_row(navn="Ukendt vurdering", kriterie_1="måske"),  # 18
        import_row(navn="Mangler år", ansatte_i_alt="4"),  # 19
    ]
    before = (Organisation.objects.count(), AuditEvent.objects.count())
    plan = import_plan(world, csv_file(rows))

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
    plan = import_plan(
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
    plan = import_plan(world, content)
    assert [e["reason"] for e in plan.errors] == [expected]


def test_it_requires_the_name_type_and_sector_columns(world):
    plan = import_plan(world, csv_file([["navn", "cvr"], ["X", ""]]))
    assert {(e["row"], e["column"]) for e in plan.errors} == {(1, "type"), (1, "sektor")}


def test_a_column_given_twice_is_an_error(world):
    plan = import_plan(world, csv_file([["navn", "name", "type", "sektor"], ["X", "Y", "company", "private"]]))
    assert plan.errors == [
        {"row": 1, "column": "name", "reason": "Kolonnen står to gange (også som 'navn')."}
    ]


def test_a_user_without_import_permission_cannot_import_anywhere(world):
    plan = import_plan(world, csv_file([IMPORT_HEADER, import_row()]), role="procurement")
    assert [(e["row"], e["column"]) for e in plan.errors] == [(2, "kommunekode")]


# Re-import and matching


def test_a_reimport_updates_and_never_duplicates(world):
    content = SAMPLE.read_bytes()
    import_stored(world, content)
    count = Organisation.objects.count()

    again = import_plan(world, content)
    assert again.counts() == {"rows": 8, "to_create": 0, "to_update": 0, "unchanged": 8}
    apply_plan(again, by=world.users["consultant"], file_name="igen.csv", municipality_id=world.kolding.pk)
    assert Organisation.objects.count() == count

    changed = content.replace("Grøn Genbrug Kolding".encode(), "Grøn Genbrug Kolding og Vejle".encode())
    result = import_stored(world, changed)
    assert result == {"created": 0, "updated": 1, "unchanged": 7}
    assert Organisation.objects.count() == count
    assert Organisation.objects.filter(name="Grøn Genbrug Kolding og Vejle").count() == 1


def test_rows_without_cvr_are_matched_on_kind_and_exact_name(world):
    content = csv_file([IMPORT_HEADER, import_row(navn="Frivilligcenter", type="voluntary", sektor="civil", tags="a")])
    import_stored(world, content)
    import_stored(world, csv_file([IMPORT_HEADER, import_row(navn="Frivilligcenter", type="voluntary", sektor="civil", tags="b")]))
    org = Organisation.objects.get(name="Frivilligcenter")
    assert list(org.tags.values_list("name", flat=True)) == ["b"]


def test_an_organisation_without_cvr_gets_its_cvr_from_the_file(world):
    existing = make_organisation(world.kolding, name="Uden CVR", kind=Kind.COMPANY, cvr="")
    cvr = valid_cvr(704)
    result = import_stored(world, csv_file([IMPORT_HEADER, import_row(navn="Uden CVR", type="company", cvr=cvr)]))
    assert result["updated"] == 1
    existing.refresh_from_db()
    assert existing.cvr == cvr


def test_the_same_organisation_twice_by_name_names_both_rows(world):
    plan = import_plan(world, csv_file([IMPORT_HEADER, import_row(navn="Samme"), import_row(navn="Andet"), import_row(navn="Samme")]))
    assert plan.errors == [
        {
            "row": 4,
            "column": "navn",
            "reason": "navnet 'Samme' uden CVR-nummer står både i række 2 og række 4.",
        }
    ]


def test_a_blank_cell_clears_the_field_and_a_missing_column_keeps_it(world):
    cvr = valid_cvr(705)
    import_stored(
        world,
        csv_file(
            [
                IMPORT_HEADER,
                import_row(
                    cvr=cvr,
                    maalgrupper="handicap",
                    kriterie_1="opfyldt",
                    personale_aar="2024",
                    ansatte_i_alt="5",
                ),
            ]
        ),
    )
    import_stored(world, csv_file([IMPORT_HEADER, import_row(cvr=cvr, maalgrupper="", kriterie_1="")]))
    org = Organisation.objects.get(cvr=cvr)
    assert list(org.target_groups.all()) == []
    assert org.assessments.get(criterion=1).status == CriterionStatus.UNKNOWN
    import_stored(
        world,
        csv_file(
            [["navn", "type", "sektor", "cvr"], ["Nyt navn", "Socialøkonomisk virksomhed", "Privat", cvr]]
        ),
    )
    org.refresh_from_db()
    assert (org.name, org.employees_total, org.staffing.count()) == ("Nyt navn", 5, 1)

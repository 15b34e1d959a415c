"""manage.py import_organisations: the same import from the command line."""

import io

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEvent
from registry.models import Organisation
from registry.testing import IMPORT_HEADER, csv_file, import_row
from tests.registry import SAMPLE


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_organisations", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_imports_a_valid_file(world):
    before = Organisation.objects.count()
    out, err = run(str(SAMPLE), "--user", "kolding_consultant")
    assert "Importeret: 8 oprettet, 0 opdateret, 0 uændrede." in out
    assert "Gemmer" in err  # the progress bars go to stderr
    assert Organisation.objects.count() == before + 8
    summary = AuditEvent.objects.get(event="registry.organisation.import")
    assert (summary.actor, summary.channel, summary.changes["created"]) == (
        world.users["consultant"],
        "command",
        8,
    )


def test_a_second_run_updates_nothing_and_duplicates_nothing(world):
    run(str(SAMPLE), "--user", "kolding_consultant")
    count = Organisation.objects.count()
    out, _err = run(str(SAMPLE), "--user", "kolding_consultant")
    assert "0 oprettet, 0 opdateret, 8 uændrede" in out
    assert Organisation.objects.count() == count


def test_an_invalid_file_prints_every_error_exits_non_zero_and_writes_nothing(world, tmp_path):
    path = tmp_path / "fejl.csv"
    path.write_bytes(
        csv_file(
            [IMPORT_HEADER, import_row(navn=""), import_row(navn="B", sektor="halvoffentlig"), import_row(navn="C", kommunekode="0751")]
        )
    )
    before = (Organisation.objects.count(), AuditEvent.objects.count())
    err = io.StringIO()
    with pytest.raises(CommandError, match="Filen har 3 fejl. Intet er gemt."):
        call_command(
            "import_organisations",
            str(path),
            "--user",
            "kolding_consultant",
            stdout=io.StringIO(),
            stderr=err,
        )
    lines = err.getvalue()
    assert "Række 2, kolonne navn: Navnet mangler." in lines
    assert "Række 3, kolonne sektor: Ukendt sektor 'halvoffentlig'" in lines
    assert (
        "Række 4, kolonne kommunekode: Du har ikke ret til at importere til Aarhus Kommune (0751)." in lines
    )
    assert (Organisation.objects.count(), AuditEvent.objects.count()) == before


def test_dry_run_checks_but_stores_nothing(world):
    before = Organisation.objects.count()
    out, _err = run(str(SAMPLE), "--user", "kolding_consultant", "--dry-run")
    assert "Prøvekørsel, intet gemt. 8 rækker: 8 oprettes, 0 opdateres, 0 uændrede." in out
    assert Organisation.objects.count() == before


def test_it_refuses_a_user_without_import_permission(world):
    with pytest.raises(CommandError, match="har ikke ret til at importere"):
        run(str(SAMPLE), "--user", "kolding_procurement")


def test_it_refuses_an_unknown_user_or_missing_file(world, tmp_path):
    with pytest.raises(CommandError, match="findes ikke"):
        run(str(SAMPLE), "--user", "nobody-here")
    with pytest.raises(CommandError, match="findes ikke"):
        run(str(tmp_path / "mangler.csv"), "--user", "kolding_consultant")


def test_the_municipality_option_must_be_one_the_user_may_import_into(world):
    with pytest.raises(CommandError, match="0751"):
        run(str(SAMPLE), "--user", "kolding_consultant", "--municipality", "751")

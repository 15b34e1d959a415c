"""The import pages: upload, preview with every error, progress for large files, confirm; only
for users with registry.import in the job's municipality."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registry.models import ImportJob, Organisation
from registry.testing import IMPORT_HEADER, csv_file, import_row, xlsx_file
from tests.registry import SAMPLE


def upload(client, content: bytes, name: str = "aktoerer.csv"):
    return client.post(reverse("registry:import"), {"file": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize("role", ["caseworker", "provider", "company", "procurement", "analyst"])
def test_it_requires_import_permission(world, client_for, role):
    assert client_for(world.users[role]).get(reverse("registry:import")).status_code == 404


def test_the_upload_page_offers_the_template_downloads(world, client_for):
    body = client_for(world.users["consultant"]).get(reverse("registry:import")).content.decode()
    assert reverse("registry:export", args=["xlsx"]) + "?skabelon=1" in body
    assert reverse("registry:export", args=["csv"]) + "?skabelon=1" in body
    assert 'enctype="multipart/form-data"' in body


def test_a_valid_file_is_previewed_then_stored_on_confirmation(world, client_for):
    client = client_for(world.users["consultant"])
    before = Organisation.objects.count()
    response = upload(client, SAMPLE.read_bytes())
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "registry:import_preview", args=[job.public_id]
    )
    assert job.status == ImportJob.Status.VALID
    assert (job.summary["to_create"], job.summary["to_update"], job.rows_total) == (8, 0, 8)
    assert Organisation.objects.count() == before  # validation never writes

    body = client.get(response["Location"]).content.decode()
    assert "Café Fjordudsigt ApS" in body and "Socialøkonomisk virksomhed" in body and "15-03-2021" in body
    assert "Godkend og importér" in body

    response = client.post(reverse("registry:import_confirm", args=[job.public_id]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert (job.summary["created"], job.summary["updated"]) == (8, 0)
    assert bytes(job.content) == b""  # the raw file is not kept after the import
    assert Organisation.objects.count() == before + 8
    assert "8 oprettet" in client.get(response["Location"]).content.decode()


def test_the_preview_shows_the_first_20_rows(world, client_for):
    client = client_for(world.users["consultant"])
    upload(client, csv_file([IMPORT_HEADER] + [import_row(navn=f"Række {i:02d}") for i in range(25)]))
    job = ImportJob.objects.get()
    body = client.get(reverse("registry:import_preview", args=[job.public_id])).content.decode()
    assert "Række 19" in body and "Række 20" not in body
    assert len(job.summary["preview"]) == 20


def test_an_invalid_file_shows_every_error_and_cannot_be_confirmed(world, client_for):
    client = client_for(world.users["consultant"])
    upload(
        client, csv_file([IMPORT_HEADER, import_row(navn=""), import_row(navn="B", cvr="12345678"), import_row(navn="C", type="bageri")])
    )
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.INVALID
    body = client.get(reverse("registry:import_preview", args=[job.public_id])).content.decode()
    assert "Filen har 3 fejl. Intet er gemt." in body
    for reason in (
        "Navnet mangler.",
        "CVR-nummeret har et forkert kontrolciffer.",
        "Ukendt type &#x27;bageri&#x27;",
    ):
        assert reason in body
    assert "Godkend og importér" not in body

    before = Organisation.objects.count()
    client.post(reverse("registry:import_confirm", args=[job.public_id]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.INVALID and Organisation.objects.count() == before


def test_all_errors_can_be_downloaded_as_csv(world, client_for):
    client = client_for(world.users["consultant"])
    upload(client, csv_file([IMPORT_HEADER] + [import_row(navn="") for _ in range(3)]))
    job = ImportJob.objects.get()
    response = client.get(reverse("registry:import_preview", args=[job.public_id]) + "?fejl=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines() == [
        "raekke;kolonne;fejl",
        "2;navn;Navnet mangler.",
        "3;navn;Navnet mangler.",
        "4;navn;Navnet mangler.",
    ]


def test_an_excel_file_can_be_uploaded(world, client_for):
    client = client_for(world.users["consultant"])
    upload(
        client, xlsx_file([["navn", "type", "sektor"], ["Fra Excel", "company", "private"]]), name="fil.xlsx"
    )
    assert ImportJob.objects.get().status == ImportJob.Status.VALID


def test_an_unreadable_file_type_is_refused_in_the_form(world, client_for):
    response = upload(client_for(world.users["consultant"]), b"%PDF-1.7", name="aktoerer.pdf")
    assert response.status_code == 200
    assert "Filtypen .pdf understøttes ikke" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_another_municipalitys_job_answers_404(world, client_for):
    upload(client_for(world.users["consultant"]), SAMPLE.read_bytes())
    job = ImportJob.objects.get()
    outsider = client_for(world.outsiders["consultant"])
    for name in ("registry:import_preview", "registry:import_status"):
        assert outsider.get(reverse(name, args=[job.public_id]), HTTP_HX_REQUEST="true").status_code == 404
    assert outsider.post(reverse("registry:import_confirm", args=[job.public_id])).status_code == 404
    job.refresh_from_db()
    assert job.status == ImportJob.Status.VALID


def test_a_colleague_with_import_permission_may_confirm(world, client_for):
    upload(client_for(world.users["consultant"]), SAMPLE.read_bytes())
    job = ImportJob.objects.get()
    client_for(world.users["admin"]).post(reverse("registry:import_confirm", args=[job.public_id]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.summary["applied_by"] == "kolding_admin"


def test_confirm_is_post_only(world, client_for):
    upload(client_for(world.users["consultant"]), SAMPLE.read_bytes())
    job = ImportJob.objects.get()
    assert (
        client_for(world.users["consultant"])
        .get(reverse("registry:import_confirm", args=[job.public_id]))
        .status_code
        == 405
    )


# Large files: background job and progress


def test_a_large_file_runs_as_a_background_job(world, client_for, settings):
    settings.IMPORT_BACKGROUND_ROWS = 5  # the sample has 8 rows; tests run jobs immediately
    client = client_for(world.users["consultant"])
    upload(client, SAMPLE.read_bytes())
    job = ImportJob.objects.get()
    assert (job.status, job.rows_done, job.rows_total) == (ImportJob.Status.VALID, 8, 8)
    client.post(reverse("registry:import_confirm", args=[job.public_id]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE


def test_the_progress_partial_polls_while_running_and_stops_when_finished(world, client_for):
    job = ImportJob.objects.create(
        municipality=world.kolding, created_by=world.users["consultant"], file_name="stor.csv", format="csv",
        status=ImportJob.Status.VALIDATING, rows_total=1000, rows_done=250,
    )  # fmt: skip
    client = client_for(world.users["consultant"])
    url = reverse("registry:import_status", args=[job.public_id])
    body = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in body
    assert (
        '<progress id="import-progress" max="100" value="25"' in body
        and 'aria-labelledby="import-progress-label"' in body
    )
    assert "25 % (250 af 1000 rækker)" in body
    page = client.get(reverse("registry:import_preview", args=[job.public_id])).content.decode()
    assert 'hx-trigger="every 1s"' in page

    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.VALID, rows_done=1000)
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert "hx-trigger" not in response.content.decode()
    assert response["HX-Refresh"] == "true"

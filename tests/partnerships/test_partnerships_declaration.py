"""The signed partnership declaration: a PDF of at most 10 MB, checked by its first bytes;
served only to those who see the partnership."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from partnerships import services
from partnerships.testing import make_partnership

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, p, name="erklaering.pdf", content=PDF):
    return client.post(reverse("partnerships:declaration_upload", args=[p.public_id]),
                       {"declaration": SimpleUploadedFile(name, content, content_type="application/pdf")})


def test_the_consultant_uploads_the_declaration_and_members_download_it(world, client_for):
    p = make_partnership(world)
    assert upload(client_for(world.users["consultant"]), p).status_code == 302
    assert AuditEvent.objects.filter(event="partnerships.declaration.upload").exists()
    response = client_for(world.users["company"]).get(reverse("partnerships:declaration", args=[p.public_id]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client_for(world.outsiders["consultant"]).get(
        reverse("partnerships:declaration", args=[p.public_id])).status_code == 404


def test_a_file_that_is_not_a_pdf_is_refused_naming_the_field(world, client_for):
    p = make_partnership(world)
    response = upload(client_for(world.users["consultant"]), p, name="erklaering.pdf", content=b"MZ\x90\x00 not a pdf")
    assert response.status_code == 200 and "skal være en PDF-fil" in response.text
    p.refresh_from_db()
    assert not p.declaration


def test_a_file_over_the_limit_is_refused(world, monkeypatch):
    p = make_partnership(world)
    monkeypatch.setattr(services, "DECLARATION_MAX_BYTES", 10)
    with pytest.raises(services.ValidationError) as error:
        services.declaration_upload(by=world.users["consultant"], partnership=p,
                                    upload=SimpleUploadedFile("e.pdf", PDF, content_type="application/pdf"))
    assert "for stor" in error.value.message_dict["declaration"][0]


def test_only_editors_upload(world, client_for):
    p = make_partnership(world)
    assert upload(client_for(world.users["caseworker"]), p).status_code == 404

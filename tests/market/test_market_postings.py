"""Creating postings, lots, documents, clauses and Q&A: bad input gets a Danish error naming
the field, and nothing is half-stored."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from market import rules, services
from market.models import Document, Posting, Status
from market.testing import make_posting, posting_data

PDF = b"%PDF-1.7\n" + b"x" * 100


def test_a_tender_is_created_as_a_draft_with_value_as_decimal_and_an_audit_row(market):
    posting = services.posting_create(by=market.buyer_user, buyer=market.buyer, data=posting_data())
    assert posting.status == Status.DRAFT
    assert posting.estimated_value == Decimal("1250000")
    assert posting.municipality_id == market.world.kolding.pk
    assert AuditEvent.objects.filter(event="market.posting.create", object_id=str(posting.pk)).exists()


def test_a_cpv_code_that_does_not_exist_is_refused_on_its_field(market):
    with pytest.raises(ValidationError) as error:
        services.posting_create(by=market.buyer_user, buyer=market.buyer, data=posting_data(cpv_codes=["90911200-7"]))
    assert error.value.message_dict["cpv_codes"] == ["CPV-koden 90911200-7 findes ikke."]
    assert not Posting.objects.exists()


def test_a_value_with_letters_is_refused_in_danish_and_nothing_is_stored(market):
    with pytest.raises(ValidationError) as error:
        services.posting_create(by=market.buyer_user, buyer=market.buyer, data=posting_data(estimated_value="1,5 mio"))
    assert "Anslået værdi" in error.value.message_dict["estimated_value"][0]
    assert not Posting.objects.exists()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1.250.000", "1250000"), ("1.250.000,50", "1250000.50"), ("1250000.50", "1250000.50"), ("12 500 kr.", "12500"), ("", None)],
)
def test_kroner_are_read_the_danish_way(raw, expected):
    value = rules.parse_kroner(raw)
    assert (str(value) if value is not None else None) == expected


@pytest.mark.parametrize("raw", ["abc", "1.5e3", "12,345,6", "-100"])
def test_kroner_with_letters_or_nonsense_are_refused(raw):
    with pytest.raises(ValueError):
        rules.parse_kroner(raw)


def test_the_create_page_names_the_fields_in_danish(market, client_for):
    data = {
        "buyer": market.buyer.pk, "kind": "tender", "title": "Rengøring", "description": "Daglig",
        "cpv_codes": "99999999-9", "estimated_value": "mange penge", "bid_deadline": "2030-01-01T12:00",
    }  # fmt: skip
    response = client_for(market.buyer_user).post("/udbud/nyt/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "CPV-koden 99999999-9 findes ikke." in page
    assert "Anslået værdi (kr.): Beløbet må kun indeholde cifre" in page
    assert not Posting.objects.exists()


def test_the_create_page_stores_a_valid_tender(market, client_for):
    data = {
        "buyer": market.buyer.pk, "kind": "tender", "title": "Rengøring", "description": "Daglig",
        "cpv_codes": "90911200-8, 90919200-4", "estimated_value": "1.250.000,00", "bid_deadline": "2030-01-01T12:00",
        "reserved": "on",
    }  # fmt: skip
    response = client_for(market.buyer_user).post("/udbud/nyt/", data)
    posting = Posting.objects.get()
    assert response.status_code == 302 and posting.reserved and posting.cpv_codes == ["90911200-8", "90919200-4"]


def test_a_company_cannot_post_a_tender_and_procurement_not_a_csr_purchase(market):
    company, company_user = market.world.company, market.world.users["company"]
    with pytest.raises(ValidationError) as error:
        services.posting_create(by=company_user, buyer=company, data=posting_data(kind="tender"))
    assert "kind" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.posting_create(by=market.buyer_user, buyer=market.buyer, data=posting_data(kind="csr_purchase", cpv_codes=[]))
    csr = services.posting_create(by=company_user, buyer=company, data=posting_data(kind="csr_purchase", cpv_codes=[]))
    assert csr.kind == "csr_purchase"


def test_only_municipal_postings_can_be_reserved(market):
    with pytest.raises(ValidationError) as error:
        services.posting_create(
            by=market.world.users["company"], buyer=market.world.company,
            data=posting_data(kind="subcontract", reserved=True),
        )  # fmt: skip
    assert "reserved" in error.value.message_dict


def test_questions_must_end_before_bids(market):
    data = posting_data()
    data["question_deadline"] = data["bid_deadline"] + (data["bid_deadline"] - data["question_deadline"])
    with pytest.raises(ValidationError) as error:
        services.posting_create(by=market.buyer_user, buyer=market.buyer, data=data)
    assert "question_deadline" in error.value.message_dict


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("udbud.exe", b"MZ" * 10, "har en type, der ikke kan uploades"),
        ("udbud.pdf", b"PK\x03\x04rest", "er ikke det, filtypen siger"),
        ("udbud.pdf", b"%PDF-" + b"x" * (10 * 1024 * 1024), "er for stor"),
        ("tom.pdf", b"", "er tom"),
    ],
)
def test_a_wrong_or_oversized_upload_is_refused_and_nothing_is_stored(market, name, content, message):
    posting = make_posting(market.buyer, by=market.buyer_user, status=Status.DRAFT)
    with pytest.raises(ValidationError) as error:
        services.document_add(by=market.buyer_user, posting=posting, file_name=name, content=content)
    assert message in error.value.message_dict["file"][0]
    assert not Document.objects.exists()


def test_a_pdf_is_uploaded_and_downloaded_by_a_bidder(market, client_for):
    posting = make_posting(market.buyer, by=market.buyer_user, status=Status.DRAFT)
    client = client_for(market.buyer_user)
    upload = SimpleUploadedFile("udbudsbetingelser.pdf", PDF, content_type="application/pdf")
    client.post(f"/udbud/{posting.public_id}/dokumenter/", {"file": upload})
    document = Document.objects.get()
    services.posting_move(by=market.buyer_user, posting=posting, target=Status.PUBLISHED)
    response = client_for(market.eligible_user).get(f"/udbud/{posting.public_id}/dokumenter/{document.public_id}/")
    assert response.status_code == 200 and response.content == PDF


def test_the_upload_page_shows_the_danish_error(market, client_for):
    posting = make_posting(market.buyer, by=market.buyer_user, status=Status.DRAFT)
    upload = SimpleUploadedFile("virus.exe", b"MZ...", content_type="application/octet-stream")
    response = client_for(market.buyer_user).post(f"/udbud/{posting.public_id}/dokumenter/", {"file": upload}, follow=True)
    assert "har en type, der ikke kan uploades" in response.content.decode()


def test_lots_are_numbered_and_a_value_with_letters_names_the_field(market):
    posting = make_posting(market.buyer, by=market.buyer_user, status=Status.DRAFT)
    assert services.lot_add(by=market.buyer_user, posting=posting, data={"title": "Rådhuset"}).number == 1
    assert services.lot_add(by=market.buyer_user, posting=posting, data={"title": "Skolerne"}).number == 2
    with pytest.raises(ValidationError) as error:
        services.lot_add(by=market.buyer_user, posting=posting, data={"title": "X", "estimated_value": "ti tusind"})
    assert "estimated_value" in error.value.message_dict


def test_an_answer_is_visible_to_every_bidder_without_the_askers_name(market, client_for):
    posting = make_posting(market.buyer, by=market.buyer_user)
    question = services.question_ask(by=market.short_user, posting=posting, organisation=market.short, text="Hvor mange m²?")
    services.question_answer(by=market.buyer_user, question=question, answer="4.000 m².")
    page = client_for(market.eligible_user).get(f"/udbud/{posting.public_id}/").content.decode()
    assert "Hvor mange m²?" in page and "4.000 m²." in page
    assert market.short.name not in page


def test_a_social_clause_is_attached(market):
    posting = make_posting(market.buyer, by=market.buyer_user)
    clause = services.clause_add(by=market.buyer_user, posting=posting, data={"kind": "fleksjob_hours", "quantity": 500})
    assert posting.clauses.get() == clause

"""Published postings and their awards as Open Contracting Data Standard 1.1 release packages
(https://standard.open-contracting.org/1.1/): one release per posting, tagged by where it is
in its lifecycle. Only what the public pages show goes in; never a draft, never a bid's price
before the award. Money is Decimal inside and becomes a JSON number only here, at the edge."""

from decimal import Decimal

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from .models import Award, Document, Posting, Procedure, Status, public_q
from .rules import cpv_catalogue

OCID_PREFIX = "ocds-brobyg"  # register a prefix with the OCDS helpdesk before publishing widely
STATUS_TAG = {Status.PUBLISHED: "tender", Status.CLOSED: "tenderUpdate", Status.AWARDED: "award", Status.CANCELLED: "tenderCancellation"}
TENDER_STATUS = {Status.PUBLISHED: "active", Status.CLOSED: "active", Status.AWARDED: "complete", Status.CANCELLED: "cancelled"}
METHOD = {Procedure.OPEN: "open", Procedure.RESTRICTED: "selective", Procedure.NEGOTIATED: "limited", Procedure.DIRECT: "direct"}


def _money(amount: Decimal | None) -> dict | None:
    if amount is None:
        return None
    number = int(amount) if amount == amount.to_integral_value() else float(amount)
    return {"amount": number, "currency": "DKK"}


def _when(value) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


def _party(organisation, roles: list[str]) -> dict:
    party = {"id": _party_id(organisation), "name": organisation.name, "roles": roles}
    if organisation.cvr:
        party["identifier"] = {"scheme": "DK-CVR", "id": organisation.cvr, "legalName": organisation.name}
    address = {k: v for k, v in (("streetAddress", organisation.street), ("locality", organisation.city),
                                 ("postalCode", organisation.postcode)) if v}  # fmt: skip
    if address:
        party["address"] = {**address, "countryName": "Danmark"}
    return party


def _party_id(organisation) -> str:
    return f"DK-CVR-{organisation.cvr}" if organisation.cvr else f"brobyg-{organisation.public_id}"


def _compact(data: dict) -> dict:
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def release(posting: Posting, *, base_url: str = "") -> dict:
    """One OCDS release for a published (or later) posting; awards and prefetched parts used."""
    awards = list(posting.ocds_awards) if hasattr(posting, "ocds_awards") else []
    parties = {_party_id(posting.buyer): _party(posting.buyer, ["buyer", "procuringEntity"])}
    for award in awards:
        parties.setdefault(_party_id(award.bid.bidder), _party(award.bid.bidder, ["supplier"]))
    names = cpv_catalogue()
    items = [
        {"id": str(n), "classification": {"scheme": "CPV", "id": code[:8], "description": names.get(code, "")}}
        for n, code in enumerate(posting.cpv_codes, 1)
    ]
    tender = _compact({
        "id": str(posting.public_id), "title": posting.title, "description": posting.description,
        "status": TENDER_STATUS[posting.status], "value": _money(posting.estimated_value),
        "procurementMethod": METHOD.get(posting.procedure), "procurementMethodDetails": posting.get_procedure_display(),
        "mainProcurementCategory": "services", "items": items,
        "tenderPeriod": {"startDate": _when(posting.published_at or posting.created_at), "endDate": _when(posting.bid_deadline)},
        "enquiryPeriod": {"endDate": _when(posting.question_deadline)} if posting.question_deadline else None,
        "documents": [
            {"id": str(d.public_id), "documentType": "biddingDocuments", "title": d.file_name, "format": d.content_type,
             "url": f"{base_url}{reverse('market:public_document', args=[posting.public_id, d.public_id])}"}
            for d in posting.documents.all()
        ],
    })  # fmt: skip
    changed = max([posting.updated_at, *(a.awarded_at for a in awards)])
    return _compact({
        "ocid": f"{OCID_PREFIX}-{posting.public_id}",
        "id": f"{posting.public_id}-{posting.status}-{changed:%Y%m%d%H%M%S}",
        "date": _when(changed), "tag": [STATUS_TAG[posting.status]], "initiationType": "tender", "language": "da",
        "parties": list(parties.values()),
        "buyer": {"id": _party_id(posting.buyer), "name": posting.buyer.name},
        "tender": tender,
        "awards": [
            _compact({"id": str(a.pk), "title": posting.title if a.lot is None else str(a.lot), "description": a.justification,
                      "status": "active", "date": _when(a.awarded_at), "value": _money(a.bid.price),
                      "suppliers": [{"id": _party_id(a.bid.bidder), "name": a.bid.bidder.name}],
                      "contractPeriod": _compact({"startDate": posting.contract_start and f"{posting.contract_start}T00:00:00+00:00",
                                                  "endDate": posting.contract_end and f"{posting.contract_end}T00:00:00+00:00"})})
            for a in awards
        ],
    })  # fmt: skip


def public_postings_for_ocds():
    awards = Award.objects.select_related("bid__bidder", "lot")
    documents = Prefetch("documents", queryset=Document.objects.defer("content"))
    return (
        Posting.objects.filter(public_q())
        .select_related("buyer")
        .prefetch_related(Prefetch("awards", queryset=awards, to_attr="ocds_awards"), documents)
        .order_by("published_at", "pk")
    )


def release_package(postings, *, uri: str, base_url: str = "", now=None) -> dict:
    return {
        "uri": uri,
        "version": "1.1",
        "publishedDate": _when(now or timezone.now()),
        "publisher": {"name": "Brobyg"},
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "releases": [release(p, base_url=base_url) for p in postings],
    }

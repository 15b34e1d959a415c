"""Demo data for market (see docs/market.md): Kolding's procurement with a reserved cleaning
tender (udbudsloven § 20) bid on alone and by a consortium and awarded with social clauses,
a catering task below the threshold with a consortium bid, two subcontract tasks of the
accelerator company (special production and buffer capacity, seed 002 §8.8) and its CSR
purchase (seed 002 §8.7). Everything through the market's services, so the lifecycle, the
§ 20 check and the audit trail hold for demo rows too. Deadlines are set around today, so the
open postings stay open whenever the demo is loaded."""

import datetime

from django.utils import timezone

from accounts.models import User
from market import services, services_bids
from market.eligibility import eligibility_for
from market.models import Consortium, Posting, Status

KOLDING = "0621"


def clear_demo(municipalities) -> None:
    """Remove this app's demo rows before the organisations are reloaded."""
    postings = Posting.objects.filter(municipality__in=municipalities)
    consortia = list(Consortium.objects.filter(bid__posting__in=postings).values_list("pk", flat=True))
    postings.delete()
    Consortium.objects.filter(pk__in=consortia).delete()


def _post(buyer, by, *, status, publish_at, **data) -> Posting:
    posting = services.posting_create(by=by, buyer=buyer, data=data)
    if status != Status.DRAFT:
        posting = services.posting_move(by=by, posting=posting, target=Status.PUBLISHED, now=publish_at)
    return posting


def seed_demo(kolding, orgs, *, seed: int) -> dict[str, int]:
    """Load this app's demo rows for Kolding; returns counts for the seed summary."""
    org = {anchor: orgs[(KOLDING, anchor)] for code, anchor in orgs if code == KOLDING}
    buyer_user, bidder_user = User.objects.get(username="indkoeber"), User.objects.get(username="leverandoer")
    company_user = User.objects.get(username="virksomhed")
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    days = datetime.timedelta(days=1)
    bids = 0

    # 1. The reserved cleaning tender: published two months ago, bids in, awarded last week.
    deadline = now - 14 * days
    cleaning = _post(
        org["procurement"], buyer_user, status=Status.PUBLISHED, publish_at=deadline - 45 * days,
        kind="tender", title="Rengøring af kommunens skoler og daginstitutioner (forbeholdt § 20)",
        description="Daglig rengøring af 14 skoler og institutioner, ca. 38.000 m². Udbuddet er forbeholdt virksomheder, "
        "hvis hovedformål er social og faglig integration af handicappede eller udsatte personer (udbudsloven § 20).",
        cpv_codes=["90911200-8", "90919300-5"], keywords=["Rengøring", "Fleksjob"], estimated_value="2.400.000",
        procedure="open", reserved=True, question_deadline=deadline - 10 * days, bid_deadline=deadline,
        contract_start=(now + 14 * days).date().replace(day=1), contract_end=(now + 744 * days).date().replace(day=1),
    )  # fmt: skip
    for kind, quantity, text in (("fleksjob_hours", 2000, "Mindst 2.000 timer om året udført af medarbejdere i fleksjob"),
                                 ("placements", 4, "Fire praktik- eller jobtræningspladser til borgere fra jobcentret")):  # fmt: skip
        services.clause_add(by=buyer_user, posting=cleaning, data={"kind": kind, "quantity": quantity, "description": text})
    question = services.question_ask(by=bidder_user, posting=cleaning, organisation=org["cleaning"],
                                     text="Skal vinduespudsning indgå i tilbuddet?", now=deadline - 20 * days)  # fmt: skip
    services.question_answer(by=buyer_user, question=question, answer="Nej, vinduespudsning udbydes særskilt.")
    alone = services_bids.bid_submit(
        by=bidder_user, posting=cleaning, bidder=org["cleaning"], price="2.280.000",
        description="Rengøring med faste hold; 9 af 14 medarbejdere i fleksjob.", now=deadline - 3 * days,
    )  # fmt: skip
    bids += 1
    if eligibility_for([org["bicycle"].pk, org["reuse"].pk]).eligible:
        services_bids.bid_submit(
            by=bidder_user, posting=cleaning, bidder=org["bicycle"], members=[org["reuse"]], price="2.350.000",
            description="Cykelsmedjen og Genbrugsværkstedet byder sammen med fælles hold og arbejdsledelse.",
            consortium_name="Grøn Rengøring Kolding", now=deadline - 2 * days,
        )  # fmt: skip
        bids += 1
    services.posting_move(by=buyer_user, posting=cleaning, target=Status.CLOSED, now=deadline + datetime.timedelta(hours=1))
    services_bids.bid_evaluate(by=buyer_user, bid=alone, score=86, evaluation="Bedste pris og stærk plan for fleksjob.",
                               now=deadline + days)  # fmt: skip
    services_bids.award_bid(
        by=buyer_user, bid=alone, now=deadline + 7 * days,
        justification="Tilbuddet har den bedste pris og opfylder de sociale klausuler med 9 medarbejdere i fleksjob.",
    )  # fmt: skip

    # 2. The catering task below the threshold, open for bids: the kitchen and the café together.
    catering = _post(
        org["procurement"], buyer_user, status=Status.PUBLISHED, publish_at=now - 5 * days,
        kind="task", title="Frokostordning til jobcentrets aktiveringstilbud",
        description="Frokost til ca. 60 deltagere fire dage om ugen i et år.", cpv_codes=["55520000-1", "55523000-2"],
        keywords=["Café og mad"], estimated_value="450.000", procedure="direct", bid_deadline=now + 21 * days,
    )  # fmt: skip
    services_bids.bid_submit(
        by=bidder_user, posting=catering, bidder=org["training_kitchen"], members=[org["cafe"]], price="432.000",
        description="Træningskøkkenet laver maden, Café Bro leverer og serverer.", consortium_name="Mad fra Godset og Bro",
    )  # fmt: skip
    services_bids.interest_add(by=bidder_user, posting=catering, organisation=org["cafe"])
    bids += 1

    # 3–5. The accelerator company's subcontract tasks and CSR purchase.
    company = org["company"]
    special = _post(
        company, company_user, status=Status.PUBLISHED, publish_at=now - 3 * days, kind="subcontract",
        title="Afgratning og pakning af beslag (specialproduktion)",
        description="Ca. 4.000 beslag om måneden afgrates, kontrolleres og pakkes. Løbende opgave.",
        keywords=["Genbrug", "Industri"], estimated_value="180.000", bid_deadline=now + 30 * days,
    )  # fmt: skip
    services_bids.bid_submit(by=bidder_user, posting=special, bidder=org["reuse"], price="165.000",
                             description="Vi afgrater og pakker på værkstedet med seks medarbejdere.")  # fmt: skip
    bids += 1
    _post(
        company, company_user, status=Status.DRAFT, publish_at=None, kind="subcontract",
        title="Buffer-kapacitet til montage i spidsbelastning",
        description="Hjælp til simpel montage i perioder med mange ordrer; 2–3 personer i op til fire uger ad gangen.",
        estimated_value="120.000", bid_deadline=now + 40 * days,
    )  # fmt: skip
    csr = _post(
        company, company_user, status=Status.PUBLISHED, publish_at=now - 2 * days, kind="csr_purchase",
        title="Julegaver til 85 medarbejdere fra socialøkonomiske virksomheder",
        description="Gavekurve med lokale produkter; levering i uge 50.", keywords=["Café og mad"],
        estimated_value="42.500", bid_deadline=now + 10 * days,
    )  # fmt: skip
    services_bids.interest_add(by=bidder_user, posting=csr, organisation=org["training_kitchen"])
    return {"market_postings": 5, "market_bids": bids, "market_awards": 1}

"""The recruitment funnel by channel, computed in one SQL query, equals the direct counts."""

import datetime
import random

import pytest

from accelerator import selectors_recruitment as sel
from accelerator import services_recruitment as svc
from accelerator.models import Application, BootCampRegistration, CampaignContact, Decision
from accelerator.testing import application, cohort, company, system_user
from accounts.roles import Role


@pytest.fixture
def campaign_world(world):
    made = cohort(world.kolding, world.business)
    by = system_user()
    campaign = svc.campaign_create(
        by=by, cohort=made,
        data={"name": "Dobbelt bundlinje 2025", "start": datetime.date(2025, 9, 1), "end": datetime.date(2025, 10, 31)},
    )  # fmt: skip
    channels = [
        svc.channel_add(by=by, campaign=campaign, data={"kind": kind, "name": name})
        for kind, name in [("business_council", "Kolding Erhvervsråd"), ("growth_house", "Erhvervshus Sydjylland"),
                           ("network", "Netværk Trekanten"), ("direct", "Direkte")]
    ]  # fmt: skip
    boot_camp = svc.boot_camp_create(
        by=by, cohort=made, data={"start": datetime.date(2025, 11, 13), "venue": "Kolding"}
    )
    rng = random.Random(13)
    for n in range(30):
        org = company(world.kolding, f"Virksomhed {n}")
        for k in range(rng.randint(1, 3)):
            svc.contact_log(by=by, campaign=campaign, data={
                "organisation": org, "channel": rng.choice(channels), "method": "meeting",
                "contacted_on": datetime.date(2025, 9, 1) + datetime.timedelta(days=rng.randint(0, 50) + k),
                "outcome": rng.choice(["interested", "not_interested", "no_answer"]),
            })  # fmt: skip
        if rng.random() < 0.6:
            svc.boot_camp_register(by=by, boot_camp=boot_camp, organisation=org)
        if rng.random() < 0.5:
            applied = application(made, org)
            if rng.random() < 0.5:
                svc.application_decide(
                    by=by, application=applied, decision="selected", justification="Godt match"
                )
    # a company that applied without being contacted is not in the campaign's funnel
    application(made, company(world.kolding, "Uden kontakt ApS"))
    return campaign, channels


def _direct(campaign, channel) -> dict:
    """Counted the plain way: company by company, in Python."""
    firsts = {}
    for contact in CampaignContact.objects.filter(campaign=campaign).order_by("contacted_on", "pk"):
        firsts.setdefault(contact.organisation_id, contact.channel_id)
    orgs = [org for org, first in firsts.items() if first == channel.pk]
    cohort_id = campaign.cohort_id
    return {
        "contacted": len(orgs),
        "interested": sum(
            CampaignContact.objects.filter(
                campaign=campaign, organisation_id=o, outcome="interested"
            ).exists()
            for o in orgs
        ),
        "boot_camp": BootCampRegistration.objects.filter(
            boot_camp__cohort_id=cohort_id, organisation_id__in=orgs
        ).count(),
        "applied": Application.objects.filter(cohort_id=cohort_id, organisation_id__in=orgs).count(),
        "selected": Application.objects.filter(
            cohort_id=cohort_id, organisation_id__in=orgs, decision=Decision.SELECTED
        ).count(),
    }


@pytest.mark.django_db
def test_funnel_counts_by_channel_equal_the_direct_counts(campaign_world, django_assert_max_num_queries):
    campaign, _channels = campaign_world
    with django_assert_max_num_queries(2):
        rows, total = sel.funnel(campaign)
    for row, channel in zip(rows, campaign.channels.all(), strict=True):
        assert {s: getattr(row, s) for s in sel.STAGES} == _direct(campaign, channel), channel.name
    assert total.contacted == 30
    assert total.selected == sum(r.selected for r in rows)
    assert total.contacted >= total.interested and total.applied >= total.selected


@pytest.mark.django_db
def test_campaign_page_shows_the_funnel_to_the_consultant_and_not_to_a_company(
    campaign_world, world, client_for
):
    campaign, _channels = campaign_world
    response = client_for(world.users[Role.CONSULTANT]).get(f"/accelerator/kampagner/{campaign.public_id}/")
    assert response.status_code == 200 and "Kolding Erhvervsråd" in response.text
    assert (
        client_for(world.users[Role.COMPANY]).get(f"/accelerator/kampagner/{campaign.public_id}/").status_code
        == 404
    )
    assert (
        client_for(world.outsiders[Role.CONSULTANT])
        .get(f"/accelerator/kampagner/{campaign.public_id}/")
        .status_code
        == 404
    )


@pytest.mark.django_db
def test_a_contact_with_a_company_not_in_the_registry_is_refused(campaign_world, world, client_for):
    campaign, channels = campaign_world
    before = CampaignContact.objects.count()
    response = client_for(world.users[Role.CONSULTANT]).post(
        f"/accelerator/kampagner/{campaign.public_id}/",
        {"contact-organisation": world.aarhus_company.pk, "contact-channel": channels[0].pk,
         "contact-contacted_on": "2025-09-03", "contact-method": "phone", "contact-outcome": "interested"},
    )  # fmt: skip
    assert response.status_code == 200 and "Virksomhed" in response.text
    assert CampaignContact.objects.count() == before

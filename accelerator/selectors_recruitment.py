"""Reads of recruitment and selection: the campaign funnel by channel (one SQL query) and the
applications with their scores summarised in SQL."""

from dataclasses import dataclass

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from registry.models import Organisation

from . import rules
from .models import (
    Application,
    BootCampRegistration,
    CampaignContact,
    ContactOutcome,
    Criterion,
    Decision,
    RecruitmentCampaign,
    Score,
)

STAGES = ("contacted", "interested", "boot_camp", "applied", "selected")


@dataclass
class FunnelRow:
    label: str
    contacted: int = 0
    interested: int = 0
    boot_camp: int = 0
    applied: int = 0
    selected: int = 0

    def add(self, other: "FunnelRow") -> None:
        for stage in STAGES:
            setattr(self, stage, getattr(self, stage) + getattr(other, stage))


def _funnel_companies(campaign: RecruitmentCampaign) -> QuerySet[Organisation]:
    """The companies contacted in the campaign, each with the channel of its first contact and
    how far it came: interested (any contact), registered for the boot camp, applied, selected."""
    cohort_id = campaign.cohort_id
    contacts = CampaignContact.objects.filter(campaign=campaign, organisation=OuterRef("pk"))
    applications = Application.objects.filter(cohort_id=cohort_id, organisation=OuterRef("pk"))
    return Organisation.objects.filter(Exists(contacts)).annotate(
        first_channel=Subquery(contacts.order_by("contacted_on", "pk").values("channel_id")[:1]),
        was_interested=Exists(contacts.filter(outcome=ContactOutcome.INTERESTED)),
        at_boot_camp=Exists(
            BootCampRegistration.objects.filter(boot_camp__cohort_id=cohort_id, organisation=OuterRef("pk"))
        ),
        applied=Exists(applications),
        selected=Exists(applications.filter(decision=Decision.SELECTED)),
    )


def funnel(campaign: RecruitmentCampaign) -> tuple[list[FunnelRow], FunnelRow]:
    """Contacted → interested → boot camp → applied → selected, per channel (a company counts
    under the channel it was first contacted through) and in total. Two queries."""
    counted = (
        _funnel_companies(campaign)
        .values("first_channel")
        .annotate(
            contacted=Count("pk"),
            interested=Count("pk", filter=Q(was_interested=True)),
            boot_camp=Count("pk", filter=Q(at_boot_camp=True)),
            applied=Count("pk", filter=Q(applied=True)),
            selected=Count("pk", filter=Q(selected=True)),
        )
        .order_by()
    )
    by_channel = {row.pop("first_channel"): row for row in counted}
    rows = [
        FunnelRow(label=f"{channel.name} ({channel.get_kind_display()})", **by_channel.get(channel.pk, {}))
        for channel in campaign.channels.all()
    ]
    total = FunnelRow(label=_("I alt"))
    for row in rows:
        total.add(row)
    return rows, total


def contacts_of(campaign: RecruitmentCampaign) -> QuerySet[CampaignContact]:
    return campaign.contacts.select_related("organisation", "channel", "by")


def applications_of(cohort, visible: QuerySet[Application], *, with_scores: bool) -> list[Application]:
    """The cohort's applications the user may see, with the SME check from the registry's
    latest staffing; with_scores adds the mean per criterion and the number of assessors."""
    rows = visible.filter(cohort=cohort).select_related("organisation")
    if with_scores:
        rows = rows.annotate(
            assessors=Count("scores__assessor", distinct=True),
            mean=Avg("scores__score"),
            **{f"mean_{c}": Avg("scores__score", filter=Q(scores__criterion=c)) for c in Criterion.values},
        )
    result = list(rows)
    for application in result:
        application.sme = rules.is_sme(application.organisation.employees_total)
    return result


def scores_of(application: Application) -> QuerySet[Score]:
    return application.scores.select_related("assessor").order_by("criterion", "assessor__username")


def score_summary(application: Application) -> list[dict]:
    """Per criterion: the mean and the number of scores (one query)."""
    found = {
        row["criterion"]: row
        for row in application.scores.values("criterion")
        .annotate(mean=Avg("score"), n=Count("pk"))
        .order_by()
    }
    return [
        {"label": label, "mean": found.get(value, {}).get("mean"), "n": found.get(value, {}).get("n", 0)}
        for value, label in Criterion.choices
    ]

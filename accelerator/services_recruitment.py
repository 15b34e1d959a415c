"""Writes of recruitment and selection: the campaign with its channels and contact log, the
two-day boot camp and its registrations, applications, assessors' scores and the decision.
Keyword-only, taking the acting user, atomic, audited in the same transaction."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction
from core.lifecycle import IllegalTransition

from . import rules
from .models import (
    SCORE_MAX,
    SCORE_MIN,
    AcceleratorCohort,
    Application,
    BootCamp,
    BootCampRegistration,
    CampaignChannel,
    CampaignContact,
    ChannelKind,
    ContactMethod,
    ContactOutcome,
    Criterion,
    Decision,
    RecruitmentCampaign,
    Score,
)
from .services import _add_participant, _require, audit, registry_company, snapshot

BOOT_CAMP_DAYS = 2  # seed 001: "en todages opstarts boot camp"


def _choice(data: dict, field: str, choices) -> None:
    if data.get(field) not in choices.values:
        raise ValidationError({field: [_("Vælg en af mulighederne.")]})


# --- Campaign --------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(*, by, cohort: AcceleratorCohort, data: dict) -> RecruitmentCampaign:
    _require(data, "name", "start", "end")
    if data["end"] < data["start"]:
        raise ValidationError({"end": [_("Slutdatoen skal ligge efter startdatoen.")]})
    campaign = RecruitmentCampaign.objects.create(
        cohort=cohort,
        name=data["name"],
        start=data["start"],
        end=data["end"],
        description=data.get("description") or "",
    )
    audit(by=by, obj=campaign, event="campaign.create", municipality_id=cohort.municipality_id,
          after=snapshot(campaign, ("name", "start", "end")))  # fmt: skip
    return campaign


@transaction.atomic
def channel_add(*, by, campaign: RecruitmentCampaign, data: dict) -> CampaignChannel:
    _require(data, "kind", "name")
    _choice(data, "kind", ChannelKind)
    if campaign.channels.filter(name=data["name"]).exists():
        raise ValidationError({"name": [_("Kampagnen har allerede en kanal med det navn.")]})
    channel = CampaignChannel.objects.create(campaign=campaign, kind=data["kind"], name=data["name"])
    audit(by=by, obj=channel, event="campaign.channel.create", municipality_id=campaign.cohort.municipality_id,
          after=snapshot(channel, ("kind", "name")))  # fmt: skip
    return channel


@transaction.atomic
def contact_log(*, by, campaign: RecruitmentCampaign, data: dict) -> CampaignContact:
    """One entry of the contact log: when, how, by whom, the outcome."""
    _require(data, "organisation", "channel", "contacted_on", "method", "outcome")
    company = registry_company(data["organisation"], campaign.cohort.municipality_id)
    channel = campaign.channels.filter(pk=getattr(data["channel"], "pk", data["channel"])).first()
    if channel is None:
        raise ValidationError({"channel": [_("Kanalen hører ikke til kampagnen.")]})
    _choice(data, "method", ContactMethod)
    _choice(data, "outcome", ContactOutcome)
    contact = CampaignContact.objects.create(
        campaign=campaign, channel=channel, organisation=company, contacted_on=data["contacted_on"],
        method=data["method"], outcome=data["outcome"], note=data.get("note") or "", by=by,
    )  # fmt: skip
    audit(by=by, obj=contact, event="campaign.contact.create", municipality_id=campaign.cohort.municipality_id,
          after={"organisation": company.name, "channel": channel.name, "outcome": contact.outcome})  # fmt: skip
    return contact


# --- Boot camp -------------------------------------------------------------------------------


@transaction.atomic
def boot_camp_create(*, by, cohort: AcceleratorCohort, data: dict) -> BootCamp:
    _require(data, "start", "venue")
    end = data.get("end") or data["start"] + datetime.timedelta(days=BOOT_CAMP_DAYS - 1)
    if end < data["start"]:
        raise ValidationError({"end": [_("Slutdatoen skal ligge efter startdatoen.")]})
    if BootCamp.objects.filter(cohort=cohort).exists():
        raise ValidationError(_("Forløbet har allerede en boot camp."))
    boot_camp = BootCamp.objects.create(cohort=cohort, start=data["start"], end=end, venue=data["venue"])
    audit(by=by, obj=boot_camp, event="boot_camp.create", municipality_id=cohort.municipality_id,
          after=snapshot(boot_camp, ("start", "end", "venue")))  # fmt: skip
    return boot_camp


@transaction.atomic
def boot_camp_register(*, by, boot_camp: BootCamp, organisation, registered_on=None) -> BootCampRegistration:
    company = registry_company(organisation, boot_camp.cohort.municipality_id)
    if boot_camp.registrations.filter(organisation=company).exists():
        raise ValidationError({"organisation": [_("Virksomheden er allerede tilmeldt boot campen.")]})
    try:
        with transaction.atomic():
            registration = BootCampRegistration.objects.create(
                boot_camp=boot_camp, organisation=company, registered_on=registered_on or timezone.localdate()
            )
    except IntegrityError as error:  # registered by a request running at the same time
        raise ValidationError(
            {"organisation": [_("Virksomheden er allerede tilmeldt boot campen.")]}
        ) from error
    audit(by=by, obj=registration, event="boot_camp.register", municipality_id=boot_camp.cohort.municipality_id,
          after={"organisation": company.name})  # fmt: skip
    return registration


@transaction.atomic
def boot_camp_attendance(*, by, registration: BootCampRegistration, attended: bool) -> BootCampRegistration:
    before = {"attended": registration.attended}
    registration.attended = attended
    registration.save(update_fields=["attended"])
    audit(by=by, obj=registration, event="boot_camp.attendance", action=AuditAction.UPDATE,
          municipality_id=registration.boot_camp.cohort.municipality_id, before=before, after={"attended": attended})  # fmt: skip
    return registration


# --- Applications, scores, decision ----------------------------------------------------------


@transaction.atomic
def application_create(*, by, cohort: AcceleratorCohort, data: dict) -> Application:
    _require(data, "organisation", "motivation")
    company = registry_company(data["organisation"], cohort.municipality_id)
    if cohort.applications.filter(organisation=company).exists():
        raise ValidationError(
            {"organisation": [_("Virksomheden har allerede søgt om optagelse i forløbet.")]}
        )
    try:
        with transaction.atomic():
            application = Application.objects.create(
                cohort=cohort, organisation=company, motivation=data["motivation"],
                submitted_on=data.get("submitted_on") or timezone.localdate(),
            )  # fmt: skip
    except IntegrityError as error:  # the same application sent twice at once
        raise ValidationError(
            {"organisation": [_("Virksomheden har allerede søgt om optagelse i forløbet.")]}
        ) from error
    audit(by=by, obj=application, event="application.create", municipality_id=cohort.municipality_id,
          after={"organisation": company.name, "submitted_on": application.submitted_on})  # fmt: skip
    return application


def _score_errors(data: dict) -> dict:
    errors = {}
    if data.get("criterion") not in Criterion.values:
        errors["criterion"] = [_("Vælg et af kriterierne.")]
    score = data.get("score")
    if not isinstance(score, int) or isinstance(score, bool) or not SCORE_MIN <= score <= SCORE_MAX:
        errors["score"] = [
            _("Point skal være et helt tal fra %(low)s til %(high)s.") % {"low": SCORE_MIN, "high": SCORE_MAX}
        ]
    if not (data.get("justification") or "").strip():
        errors["justification"] = [_("Skriv en kort begrundelse for pointene.")]
    return errors


@transaction.atomic
def score_set(*, by, application: Application, data: dict) -> Score:
    """The assessor's score of one criterion; scoring the same criterion again replaces it.
    One score per assessor, criterion and application is a database constraint: two requests
    at once end with one row."""
    errors = _score_errors(data)
    if errors:
        raise ValidationError(errors)
    if application.decision != Decision.PENDING:
        raise ValidationError(_("Ansøgningen er afgjort og kan ikke længere vurderes."))
    values = {"score": data["score"], "justification": data["justification"].strip()}
    try:
        with transaction.atomic():
            score, created = Score.objects.update_or_create(
                application=application, assessor=by, criterion=data["criterion"], defaults=values
            )
    except IntegrityError:  # the other request created it between our look-up and insert
        score, created = (
            Score.objects.get(application=application, assessor=by, criterion=data["criterion"]),
            False,
        )
        score.score, score.justification = values["score"], values["justification"]
        score.save(update_fields=["score", "justification", "scored_at"])
    audit(by=by, obj=score, event="application.score", municipality_id=application.cohort.municipality_id,
          action=AuditAction.CREATE if created else AuditAction.UPDATE,
          after={"criterion": score.criterion, **values})  # fmt: skip
    return score


@transaction.atomic
def application_decide(*, by, application: Application, decision: str, justification: str) -> Application:
    """Selected, waiting list or declined, always with a justification; a selected company
    joins the cohort (with its social model and follow-up) in the same transaction."""
    application = (
        Application.objects.select_for_update().select_related("cohort__programme").get(pk=application.pk)
    )
    if decision not in Decision.values or decision == Decision.PENDING:
        raise ValidationError({"decision": [_("Vælg en afgørelse.")]})
    if not (justification or "").strip():
        raise ValidationError({"justification": [_("En afgørelse skal begrundes.")]})
    try:
        rules.DECISION.check(application.decision, decision)
    except IllegalTransition as error:
        raise ValidationError({"decision": [_("Ansøgningen kan ikke gå fra «%(current)s» til «%(target)s».") % {
            "current": Decision(application.decision).label, "target": Decision(decision).label,
        }]}) from error  # fmt: skip
    before = snapshot(application, ("decision", "justification"))
    application.decision, application.justification = decision, justification.strip()
    application.decided_on, application.decided_by = timezone.localdate(), by
    application.save(update_fields=["decision", "justification", "decided_on", "decided_by"])
    if decision == Decision.SELECTED:
        cohort = application.cohort
        _add_participant(cohort, application.organisation, max(cohort.start, application.decided_on))
    audit(by=by, obj=application, event="application.decide", municipality_id=application.cohort.municipality_id,
          before=before, after=snapshot(application, ("decision", "justification")), action=AuditAction.UPDATE)  # fmt: skip
    return application

"""Mailing lists: double opt-in subscriptions with consent recorded (time and source),
one-click unsubscribe, and mailings (seed 003's weekly programme) sent in the background
(events/tasks.py) to confirmed subscribers only, with a status per recipient."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import diff, record
from core import calendar

from . import emails, tokens
from .models import (
    Delivery,
    Event,
    Mailing,
    MailingList,
    MailingStatus,
    Subscription,
    SubscriptionStatus,
)

LIST_FIELDS = ("name", "owner", "series", "description", "public")


def link(base_url: str, name: str, public_id, purpose: str) -> str:
    return f"{base_url.rstrip('/')}{reverse(name, args=[tokens.make(public_id, purpose)])}"


@transaction.atomic
def list_save(*, by, municipality, data: dict, mailing_list: MailingList | None = None) -> MailingList:
    creating = mailing_list is None
    mailing_list = mailing_list or MailingList(municipality=municipality)
    before = {} if creating else {f: getattr(mailing_list, f) for f in LIST_FIELDS}
    for field in LIST_FIELDS:
        if field in data:
            setattr(mailing_list, field, data[field] if data[field] is not None or field == "series" else "")
    if mailing_list.owner.municipality_id != mailing_list.municipality_id:
        raise ValidationError({"owner": [_("Organisationen skal høre til kommunen.")]})
    mailing_list.save()
    record(
        actor=by, action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        event=f"events.mailing_list.{'create' if creating else 'update'}", obj=mailing_list,
        changes=diff(before, {f: getattr(mailing_list, f) for f in LIST_FIELDS}),
    )  # fmt: skip
    return mailing_list


@transaction.atomic
def subscription_request(
    *, mailing_list: MailingList, email: str, name: str = "", source: str, base_url: str, by=None
) -> Subscription:
    """Ask to join a list (double opt-in): the address gets a confirmation link and no mail
    until it is confirmed. An unsubscribed address that asks again starts over with new
    consent; an already confirmed one stays confirmed."""
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": [_("Skriv en gyldig e-mailadresse, fx navn@eksempel.dk.")]}) from None
    now = timezone.now()
    subscription, created = Subscription.objects.select_for_update().get_or_create(
        mailing_list=mailing_list, email=email,
        defaults={"name": name.strip(), "consent_at": now, "consent_source": source},
    )  # fmt: skip
    if subscription.status == SubscriptionStatus.CONFIRMED:
        return subscription
    if not created:
        subscription.status, subscription.consent_at, subscription.consent_source = (
            SubscriptionStatus.PENDING,
            now,
            source,
        )
        subscription.unsubscribed_at = None
        subscription.save(update_fields=["status", "consent_at", "consent_source", "unsubscribed_at"])
    record(
        actor=by, action=AuditAction.CREATE if created else AuditAction.UPDATE, event="events.subscription.request",
        obj=subscription, municipality_id=mailing_list.municipality_id, changes={"consent_source": [None, source]},
    )  # fmt: skip
    url = link(base_url, "events:public_confirm", subscription.public_id, tokens.SUBSCRIPTION_CONFIRM)
    message = emails.confirm_subscription_mail(subscription, confirm_url=url)
    transaction.on_commit(lambda: message.send(fail_silently=True))
    return subscription


def _from_token(token: str, purpose: str) -> Subscription:
    public_id = tokens.read(token, purpose)
    found = (
        Subscription.objects.select_related("mailing_list").filter(public_id=public_id).first()
        if public_id
        else None
    )
    if found is None:
        raise ValidationError(_("Linket er ugyldigt. Tilmeld dig listen igen, eller kontakt den ansvarlige."))
    return found


@transaction.atomic
def subscription_confirm(*, token: str) -> Subscription:
    subscription = _from_token(token, tokens.SUBSCRIPTION_CONFIRM)
    subscription = (
        Subscription.objects.select_for_update().select_related("mailing_list").get(pk=subscription.pk)
    )
    if subscription.status == SubscriptionStatus.UNSUBSCRIBED:
        raise ValidationError(_("Du har afmeldt dig listen. Tilmeld dig igen, hvis du vil have mails."))
    if subscription.status == SubscriptionStatus.PENDING:
        subscription.status, subscription.confirmed_at = SubscriptionStatus.CONFIRMED, timezone.now()
        subscription.save(update_fields=["status", "confirmed_at"])
        record(
            actor=None, action=AuditAction.UPDATE, event="events.subscription.confirm", obj=subscription,
            municipality_id=subscription.mailing_list.municipality_id,
            changes={"status": [SubscriptionStatus.PENDING, SubscriptionStatus.CONFIRMED]},
        )  # fmt: skip
    return subscription


@transaction.atomic
def subscription_unsubscribe(
    *, token: str | None = None, subscription: Subscription | None = None, by=None
) -> Subscription:
    """One click, no login: from the link in every mailing (or by the list's staff)."""
    subscription = subscription or _from_token(token, tokens.SUBSCRIPTION_UNSUBSCRIBE)
    subscription = (
        Subscription.objects.select_for_update().select_related("mailing_list").get(pk=subscription.pk)
    )
    if subscription.status != SubscriptionStatus.UNSUBSCRIBED:
        before = subscription.status
        subscription.status, subscription.unsubscribed_at = SubscriptionStatus.UNSUBSCRIBED, timezone.now()
        subscription.save(update_fields=["status", "unsubscribed_at"])
        record(
            actor=by, action=AuditAction.UPDATE, event="events.subscription.unsubscribe", obj=subscription,
            municipality_id=subscription.mailing_list.municipality_id,
            changes={"status": [before, SubscriptionStatus.UNSUBSCRIBED]},
        )  # fmt: skip
    return subscription


def week_events(mailing_list: MailingList, monday: datetime.date):
    """The list's activities in the week from `monday`: its series' meetings and the events its
    organisation organises or hosts."""
    start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time()))
    scope = Q(organiser_id=mailing_list.owner_id) | Q(hosts=mailing_list.owner_id)
    if mailing_list.series_id:
        scope |= Q(series_id=mailing_list.series_id)
    return (
        Event.objects.filter(scope, municipality_id=mailing_list.municipality_id)
        .filter(starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=7))
        .distinct()
        .order_by("starts_at")
    )


def weekly_programme(mailing_list: MailingList, monday: datetime.date) -> tuple[str, str]:
    """Subject and text of the weekly programme mailing (seed 003: the facilitator's weekly
    programme for the network for the unemployed), built from the week's events."""
    subject = _("Ugens program – %(week)s") % {"week": calendar.week_label(monday)}
    lines = [
        _("Hej alle"),
        "",
        _("Her er programmet for %(week)s:") % {"week": calendar.week_label(monday)},
        "",
    ]
    events = list(week_events(mailing_list, monday))
    for event in events:
        start = timezone.localtime(event.starts_at)
        when = f"{date_format(start, 'l j. F')} {start:%H.%M}–{timezone.localtime(event.ends_at):%H.%M}"
        lines.append(f"{when}: {event.title}" + (f" ({event.venue})" if event.venue else ""))
        if event.description:
            lines.append(f"  {event.description.splitlines()[0]}")
    if not events:
        lines.append(_("Ingen aktiviteter i denne uge."))
    lines += ["", _("Venlig hilsen"), mailing_list.owner.name]
    return subject, "\n".join(lines)


@transaction.atomic
def mailing_save(*, by, mailing_list: MailingList, data: dict, mailing: Mailing | None = None) -> Mailing:
    creating = mailing is None
    mailing = mailing or Mailing(mailing_list=mailing_list, created_by=by)
    if not creating and mailing.status not in (MailingStatus.DRAFT, MailingStatus.SCHEDULED):
        raise ValidationError(_("Udsendelsen er sendt og kan ikke ændres."))
    for field in ("subject", "body", "scheduled_for", "week"):
        if field in data:
            setattr(mailing, field, data[field])
    if not mailing.subject.strip():
        raise ValidationError({"subject": [_("Skriv et emne.")]})
    mailing.save()
    record(
        actor=by, action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        event=f"events.mailing.{'create' if creating else 'update'}", obj=mailing,
        municipality_id=mailing_list.municipality_id, changes={"subject": [None, mailing.subject]},
    )  # fmt: skip
    return mailing


def mailing_weekly_draft(*, by, mailing_list: MailingList, monday: datetime.date) -> Mailing:
    subject, body = weekly_programme(mailing_list, monday)
    return mailing_save(
        by=by, mailing_list=mailing_list, data={"subject": subject, "body": body, "week": monday}
    )


@transaction.atomic
def mailing_send(*, by, mailing: Mailing, base_url: str, now: datetime.datetime | None = None) -> Mailing:
    """Send now, or at `scheduled_for` (the send_scheduled_mailings command). The recipients
    are fixed when sending starts: the confirmed subscribers at that moment."""
    from core.tasks import enqueue

    from .tasks import send_mailing

    mailing = Mailing.objects.select_for_update().select_related("mailing_list").get(pk=mailing.pk)
    if mailing.status not in (MailingStatus.DRAFT, MailingStatus.SCHEDULED):
        raise ValidationError(_("Udsendelsen er allerede sendt eller ved at blive sendt."))
    now = now or timezone.now()
    mailing.base_url = base_url
    if mailing.scheduled_for and mailing.scheduled_for > now:
        mailing.status = MailingStatus.SCHEDULED
        mailing.save(update_fields=["status", "base_url"])
        record(actor=by, action=AuditAction.UPDATE, event="events.mailing.schedule", obj=mailing,
               municipality_id=mailing.mailing_list.municipality_id)  # fmt: skip
        return mailing
    confirmed = mailing.mailing_list.subscriptions.filter(status=SubscriptionStatus.CONFIRMED)
    Delivery.objects.bulk_create(
        [Delivery(mailing=mailing, subscription_id=pk) for pk in confirmed.values_list("pk", flat=True)],
        ignore_conflicts=True,
    )
    mailing.status = MailingStatus.SENDING
    mailing.save(update_fields=["status", "base_url"])
    record(
        actor=by, action=AuditAction.UPDATE, event="events.mailing.send", obj=mailing,
        municipality_id=mailing.mailing_list.municipality_id, changes={"recipients": [None, confirmed.count()]},
    )  # fmt: skip
    mailing.job = enqueue(send_mailing, by=by, mailing_id=mailing.pk)
    Mailing.objects.filter(pk=mailing.pk).update(job=mailing.job)
    mailing.refresh_from_db()
    return mailing

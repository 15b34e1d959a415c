"""Registrations: first come, first served with a waiting list that promotes itself.

Race safety: every change to who holds a seat (register, cancel, raise the capacity) first
takes a row lock on the event (SELECT … FOR UPDATE), so seat counting and the queue order are
serialised per event; `created_at` is set under that lock and is the queue order. The partial
unique constraint `one_active_signup_per_email` refuses a second active registration for the
same address even if two arrive at once. Mails go out after the commit.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import record

from . import emails, tokens
from .models import SEATED, Event, Signup, SignupStatus


def cancel_url(signup: Signup, base_url: str) -> str:
    path = reverse("events:public_cancel", args=[tokens.make(signup.public_id, tokens.SIGNUP_CANCEL)])
    return f"{base_url.rstrip('/')}{path}"


def _send_after_commit(message) -> None:
    transaction.on_commit(lambda: message.send(fail_silently=True))


def _organisation_named(name: str, municipality_id: int):
    """The registry organisation a registrant names, preferring the event's municipality."""
    from registry.models import Organisation

    if not name.strip():
        return None
    found = Organisation.objects.annotate(lname=Lower("name")).filter(lname=name.strip().lower())
    return found.filter(municipality_id=municipality_id).first() or found.first()


def _clean(event: Event, name: str, email: str, workshop_group, now) -> dict:
    errors = {}
    if not name.strip():
        errors["name"] = [_("Skriv dit navn.")]
    try:
        validate_email(email.strip())
    except ValidationError:
        errors["email"] = [_("Skriv en gyldig e-mailadresse, fx navn@eksempel.dk.")]
    if workshop_group is not None and workshop_group.event_id != event.pk:
        errors["workshop_group"] = [_("Vælg en af arrangementets workshopgrupper.")]
    closed = closed_reason(event, now)
    if closed:
        errors["__all__"] = [closed]
    if errors:
        raise ValidationError(errors)
    return {"name": name.strip(), "email": email.strip().lower()}


def closed_reason(event: Event, now: datetime.datetime) -> str:
    """Why registration is closed (a Danish sentence for the page), or "" when it is open."""
    if not event.registration_open:
        return _("Der er ikke åbent for tilmelding til dette arrangement.")
    if event.deadline and now > event.deadline:
        return _("Tilmeldingsfristen er overskredet.")
    if now >= event.starts_at:
        return _("Arrangementet er begyndt, så tilmeldingen er lukket.")
    return ""


def seats_taken(event: Event) -> int:
    return Signup.objects.filter(event=event, status__in=SEATED).count()


@transaction.atomic
def signup_register(
    *, event: Event, name: str, email: str, organisation_name: str = "", workshop_group=None,
    by=None, base_url: str = "", now: datetime.datetime | None = None,
) -> Signup:  # fmt: skip
    """Register for an event (by=None from the public page): a seat while seats remain, else
    the waiting list. A second active registration for the same address is refused."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    now = now or timezone.now()
    clean = _clean(event, name, email, workshop_group, now)
    if (
        Signup.objects.filter(event=event, email=clean["email"])
        .exclude(status=SignupStatus.CANCELLED)
        .exists()
    ):
        raise ValidationError({"email": [_("Denne e-mailadresse er allerede tilmeldt arrangementet.")]})
    full = event.capacity is not None and seats_taken(event) >= event.capacity
    signup = Signup(
        event=event, **clean, organisation=_organisation_named(organisation_name, event.municipality_id),
        organisation_name=organisation_name.strip(), workshop_group=workshop_group,
        status=SignupStatus.WAITLISTED if full else SignupStatus.REGISTERED, created_at=timezone.now(),
    )  # fmt: skip
    try:
        with transaction.atomic():
            signup.save()
    except IntegrityError:  # the same address in a concurrent request (the constraint caught it)
        raise ValidationError(
            {"email": [_("Denne e-mailadresse er allerede tilmeldt arrangementet.")]}
        ) from None
    record(
        actor=by, action=AuditAction.CREATE, event="events.signup.create", obj=signup,
        municipality_id=event.municipality_id, changes={"status": [None, signup.status]},
    )  # fmt: skip
    _send_after_commit(emails.signup_mail(signup, cancel_url=cancel_url(signup, base_url)))
    return signup


def promote_waiting(*, event: Event, by=None, base_url: str = "") -> list[Signup]:
    """Give free seats to the earliest waiting registrations. Call with the event row locked."""
    if event.capacity is None:
        free = None
    else:
        free = event.capacity - seats_taken(event)
        if free <= 0:
            return []
    waiting = list(
        Signup.objects.filter(event=event, status=SignupStatus.WAITLISTED).order_by("created_at", "pk")[:free]
    )
    now = timezone.now()
    for signup in waiting:
        signup.status, signup.promoted_at = SignupStatus.REGISTERED, now
        signup.save(update_fields=["status", "promoted_at"])
        record(
            actor=by, action=AuditAction.UPDATE, event="events.signup.promote", obj=signup,
            municipality_id=event.municipality_id, changes={"status": [SignupStatus.WAITLISTED, SignupStatus.REGISTERED]},
        )  # fmt: skip
        _send_after_commit(emails.signup_mail(signup, cancel_url=cancel_url(signup, base_url), promoted=True))
    return waiting


@transaction.atomic
def signup_cancel(*, signup: Signup, by=None, base_url: str = "") -> list[Signup]:
    """Cancel a registration (from the personal link or by the organiser); a freed seat goes
    to the earliest waiting registration. Returns the promoted registrations."""
    event = Event.objects.select_for_update().get(pk=signup.event_id)
    signup = Signup.objects.select_for_update().get(pk=signup.pk)
    if signup.status == SignupStatus.CANCELLED:
        raise ValidationError(_("Tilmeldingen er allerede afmeldt."))
    if signup.status in (SignupStatus.ATTENDED, SignupStatus.NO_SHOW):
        raise ValidationError(_("Arrangementet er afholdt, og fremmødet er registreret."))
    before = signup.status
    signup.status, signup.cancelled_at = SignupStatus.CANCELLED, timezone.now()
    signup.save(update_fields=["status", "cancelled_at"])
    record(
        actor=by, action=AuditAction.UPDATE, event="events.signup.cancel", obj=signup,
        municipality_id=event.municipality_id, changes={"status": [before, SignupStatus.CANCELLED]},
    )  # fmt: skip
    _send_after_commit(emails.cancelled_mail(signup))
    return promote_waiting(event=event, by=by, base_url=base_url)


def signup_from_token(token: str) -> Signup:
    """The registration a cancellation link names; a clear Danish error for a wrong link."""
    public_id = tokens.read(token, tokens.SIGNUP_CANCEL)
    signup = Signup.objects.select_related("event").filter(public_id=public_id).first() if public_id else None
    if signup is None:
        raise ValidationError(
            _("Linket til afmelding er ugyldigt. Kontakt arrangøren, hvis du vil afmelde dig.")
        )
    return signup


ATTENDANCE = {SignupStatus.ATTENDED, SignupStatus.NO_SHOW, SignupStatus.REGISTERED}


@transaction.atomic
def signup_mark(*, signup: Signup, status: str, by) -> Signup:
    """Take attendance on the day: attended, no-show, or back to registered (a mistake)."""
    signup = Signup.objects.select_for_update().get(pk=signup.pk)
    if status not in ATTENDANCE:
        raise ValidationError({"status": [_("Ukendt fremmødestatus.")]})
    if signup.status not in SEATED:
        raise ValidationError(
            {"status": [_("Kun tilmeldte deltagere kan registreres som mødt eller udeblevet.")]}
        )
    before = signup.status
    if before != status:
        signup.status = status
        signup.save(update_fields=["status"])
        record(
            actor=by, action=AuditAction.UPDATE, event="events.signup.attendance", obj=signup,
            municipality_id=signup.event.municipality_id, changes={"status": [before, status]},
        )  # fmt: skip
    return signup

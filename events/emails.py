"""The e-mails of events and mailing lists, sent through Django's e-mail backend (console in
the demo, SMTP in production). Registration mails are sent after the transaction commits, so
a rolled-back registration never mails anyone."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def _when(event) -> str:
    start = timezone.localtime(event.starts_at)
    return f"{date_format(start, 'DATE_FORMAT')} {start:%H.%M}–{timezone.localtime(event.ends_at):%H.%M}"


def signup_mail(signup, *, cancel_url: str, promoted: bool = False) -> EmailMessage:
    event = signup.event
    if promoted:
        subject = _("Du har fået en plads: %(title)s") % {"title": event.title}
        intro = _("Der er blevet en plads ledig, og du er nu tilmeldt.")
    elif signup.status == "waitlisted":
        subject = _("Du er på venteliste: %(title)s") % {"title": event.title}
        intro = _(
            "Arrangementet er fuldt. Du er på ventelisten og får besked, hvis der bliver en plads ledig."
        )
    else:
        subject = _("Tilmelding bekræftet: %(title)s") % {"title": event.title}
        intro = _("Tak for din tilmelding.")
    body = "\n\n".join(
        [
            _("Kære %(name)s") % {"name": signup.name},
            intro,
            f"{event.title}\n{_when(event)}\n{event.venue} {event.address}".strip(),
            _("Kan du ikke komme? Afmeld dig her, så går pladsen videre til den næste på ventelisten:")
            + f"\n{cancel_url}",
        ]
    )
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [signup.email])


def cancelled_mail(signup) -> EmailMessage:
    subject = _("Afmelding bekræftet: %(title)s") % {"title": signup.event.title}
    body = _("Kære %(name)s\n\nDu er nu afmeldt %(title)s.") % {
        "name": signup.name,
        "title": signup.event.title,
    }
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [signup.email])


def confirm_subscription_mail(subscription, *, confirm_url: str) -> EmailMessage:
    lst = subscription.mailing_list
    subject = _("Bekræft din tilmelding til %(name)s") % {"name": lst.name}
    body = "\n\n".join(
        [
            _("Du (eller nogen på dine vegne) har bedt om at få mails fra %(name)s.") % {"name": lst.name},
            _("Bekræft ved at åbne linket herunder. Gør du ikke det, får du ingen mails fra listen.")
            + f"\n{confirm_url}",
        ]
    )
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [subscription.email])


def mailing_message(mailing, subscription, *, unsubscribe_url: str) -> EmailMessage:
    """One recipient's copy, with one-click unsubscribe (RFC 8058): the List-Unsubscribe URL
    answers a POST of "List-Unsubscribe=One-Click" without a login or a form."""
    body = f"{mailing.body}\n\n-- \n" + _("Afmeld dig listen %(name)s:") % {"name": mailing.mailing_list.name}
    body += f"\n{unsubscribe_url}"
    return EmailMessage(
        mailing.subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [subscription.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"<{mailing.mailing_list.public_id}.lists.brobyg>",
        },
    )

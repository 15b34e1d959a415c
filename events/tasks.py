"""The background job that sends a mailing (core.tasks): one message per recipient, each
with its own one-click unsubscribe link. Idempotent: only deliveries still pending are sent,
so a job retried after a lost worker never mails anyone twice (at most the one message in
flight when the worker died). The subscription is checked again right before each message,
so an address that unsubscribed while the mailing was sending is skipped."""

import smtplib

from django.core.mail import get_connection
from django.utils import timezone
from django.utils.translation import gettext_lazy

from core.tasks import background_job

from . import emails, tokens
from .models import Delivery, DeliveryStatus, Mailing, MailingStatus, SubscriptionStatus


def mailing_failed(*, mailing_id: int) -> None:
    Mailing.objects.filter(pk=mailing_id).update(status=MailingStatus.FAILED)


@background_job(label=gettext_lazy("Udsendelse til mailingliste"), max_attempts=3, on_failure=mailing_failed)
def send_mailing(progress, *, mailing_id: int) -> dict:
    from .services_mailing import link

    mailing = Mailing.objects.select_related("mailing_list").get(pk=mailing_id)
    pending = list(
        Delivery.objects.filter(mailing=mailing, status=DeliveryStatus.PENDING).select_related("subscription")
    )
    total, counts = len(pending), {s: 0 for s in DeliveryStatus.values}
    connection = get_connection()
    for done, delivery in enumerate(pending, 1):
        subscription = delivery.subscription
        subscription.refresh_from_db(fields=["status"])
        if subscription.status != SubscriptionStatus.CONFIRMED:
            status = DeliveryStatus.SKIPPED
        else:
            url = link(
                mailing.base_url,
                "events:public_unsubscribe",
                subscription.public_id,
                tokens.SUBSCRIPTION_UNSUBSCRIBE,
            )
            message = emails.mailing_message(mailing, subscription, unsubscribe_url=url)
            message.connection = connection
            try:
                message.send()
                status = DeliveryStatus.SENT
            except smtplib.SMTPRecipientsRefused:
                status = DeliveryStatus.BOUNCED
        Delivery.objects.filter(pk=delivery.pk).update(
            status=status, sent_at=timezone.now() if status == DeliveryStatus.SENT else None
        )
        counts[status] += 1
        if done % 100 == 0 or done == total:
            progress(done, total)
    Mailing.objects.filter(pk=mailing.pk).update(status=MailingStatus.SENT, sent_at=timezone.now())
    return {
        "sent": counts[DeliveryStatus.SENT],
        "bounced": counts[DeliveryStatus.BOUNCED],
        "skipped": counts[DeliveryStatus.SKIPPED],
    }

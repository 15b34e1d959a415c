"""Start the mailings whose scheduled time has come (run from cron every few minutes, beside
the worker that sends them)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from events.models import Mailing, MailingStatus
from events.services_mailing import mailing_send


class Command(BaseCommand):
    help = "Sender planlagte udsendelser, hvis tidspunkt er nået."

    def handle(self, *args, **options):
        due = Mailing.objects.filter(status=MailingStatus.SCHEDULED, scheduled_for__lte=timezone.now())
        started = 0
        for mailing in due:
            mailing_send(by=None, mailing=mailing, base_url=mailing.base_url)
            started += 1
        self.stdout.write(f"{started}")

"""Delete the files of background PDF jobs finished more than --days ago (default 7); run daily
(docs/deploy.md). Their pages then say the file is gone and offer to make the PDF again."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from core.pdf_jobs import purge_files


class Command(BaseCommand):
    help = "Slet PDF-filer fra baggrundsjob, der blev færdige for mere end --days dage siden."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7)

    def handle(self, *args, days: int, **options):
        deleted = purge_files(timedelta(days=days))
        self.stdout.write(f"{deleted} PDF-fil(er) slettet.")

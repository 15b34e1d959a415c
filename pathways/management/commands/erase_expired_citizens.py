"""manage.py erase_expired_citizens [--municipality CODE] [--apply]

Lists the citizens whose retention period (settings.PATHWAY_RETENTION_YEARS after their last
exit or referral decision) has passed and who have nothing open; with --apply erases their
identity and free text (pathways.privacy.citizen_erase), one transaction per citizen, audited
as the system. Without --apply nothing changes (a dry run)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from pathways.privacy import citizen_erase, due_for_erasure
from tenants.models import Municipality


class Command(BaseCommand):
    help = "Slet personoplysninger om borgere, hvis opbevaringsperiode er udløbet (prøvekørsel uden --apply)."

    def add_arguments(self, parser):
        parser.add_argument("--municipality", help="kun borgere i kommunen med denne kommunekode")
        parser.add_argument("--apply", action="store_true", help="slet; uden dette flag ændres intet")

    def handle(self, *args, **options):
        municipalities = Municipality.objects.all()
        if options["municipality"]:
            municipalities = municipalities.filter(code=options["municipality"])
            if not municipalities.exists():
                raise CommandError(f"Kommunekoden {options['municipality']} findes ikke.")
        ids = list(due_for_erasure(municipalities.values("pk")).values_list("pk", flat=True))
        if not options["apply"]:
            self.stdout.write(
                f"Prøvekørsel, intet slettet: {len(ids)} borgere kan slettes. Kør med --apply for at slette."
            )
            return
        erased = skipped = 0
        with tqdm(
            total=len(ids),
            desc="Sletter",
            unit=" borgere",
            file=self.stderr._out,
            disable=options["verbosity"] == 0,
        ) as bar:
            for citizen in (
                due_for_erasure(municipalities.values("pk")).filter(pk__in=ids).iterator(chunk_size=500)
            ):
                try:
                    citizen_erase(by=None, citizen=citizen)
                    erased += 1
                except ValidationError:  # something was opened since the list was made
                    skipped += 1
                bar.update(1)
        self.stdout.write(self.style.SUCCESS(f"Slettet: {erased} borgere. Sprunget over: {skipped}."))

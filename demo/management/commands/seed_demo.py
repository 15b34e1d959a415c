"""`manage.py seed_demo [--seed 2026]`: load the demo municipality (Kolding), a small Aarhus and
one demo user per role, then print the logins. Re-running replaces the demo data."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import ProtectedError

from demo.seed import DEFAULT_SEED, seed_demo
from demo.users import DEMO_PASSWORD


class Command(BaseCommand):
    help = (
        "Indlæs demodata: Kolding med ca. 150 organisationer, et lille Aarhus og demobrugere for hver rolle."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help="Samme seed giver samme data (standard %(default)s).",
        )

    def handle(self, *args, seed: int, **options):
        try:
            logins, results = seed_demo(seed)
        except ProtectedError as error:
            kinds = sorted({obj._meta.verbose_name for obj in error.protected_objects})
            raise CommandError(
                "Demodata kan ikke erstattes: andre data peger på demo-organisationerne "
                f"({', '.join(map(str, kinds))}). Slet dem først, eller brug en tom database."
            ) from error
        for result in results:
            counts = ", ".join(f"{name} {count}" for name, count in result.counts.items())
            self.stdout.write(f"{result.municipality}: {counts}")
        rows = [("Brugernavn", "Rolle", "Organisation")] + [
            (u.username, u.role, ", ".join(u.organisations)) for u in logins
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        line = "-+-".join("-" * w for w in widths)
        self.stdout.write("")
        for index, row in enumerate(rows):
            self.stdout.write(" | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
            if index == 0:
                self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Adgangskode for alle demobrugere: {DEMO_PASSWORD}  (kun til demo)")
        )

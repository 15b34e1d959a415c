"""manage.py import_organisations FILE --user USERNAME [--municipality CODE] [--dry-run]

The same import as the web page (registry.importing): checks the whole file and stores it in one
pass and one transaction (apply_content), audited as the given user; prints every error as
"row, column: reason" and exits non-zero without storing anything if there is one. --dry-run
only checks."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from accounts.access import Access
from registry.access import import_municipalities
from registry.import_apply import apply_content
from registry.import_read import ImportFileError, detect_format
from registry.importing import validate_content
from tenants.models import Municipality


class Command(BaseCommand):
    help = "Importér organisationer til aktørregistret fra en CSV- eller Excel-fil."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV- eller XLSX-fil i eksportens kolonneformat")
        parser.add_argument(
            "--user", required=True, help="brugernavn; importen sker med denne brugers rettigheder"
        )
        parser.add_argument("--municipality", help="kommunekode for rækker uden kommunekode")
        parser.add_argument("--dry-run", action="store_true", help="kontrollér kun; gem intet")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Filen {path} findes ikke.")
        user = get_user_model().objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"Brugeren {options['user']} findes ikke eller er deaktiveret.")
        access = Access(user)
        allowed = import_municipalities(access)
        if not allowed:
            raise CommandError(f"{user.get_username()} har ikke ret til at importere til registret.")
        default = self._default_municipality(options["municipality"], allowed)
        content = path.read_bytes()
        try:
            fmt = detect_format(path.name, content)
        except ImportFileError as error:
            raise CommandError(error.issue["reason"]) from None

        if options["dry_run"]:
            with self._bar("Kontrol", options) as bar:
                plan = validate_content(
                    content, fmt, access=access, default_municipality_id=default, progress=_updater(bar), keep_rows=0
                )
            self._report(plan)
            counts = plan.counts()
            summary = f"{counts['rows']} rækker: {counts['to_create']} oprettes, {counts['to_update']} opdateres, {counts['unchanged']} uændrede."
            self.stdout.write(f"Prøvekørsel, intet gemt. {summary}")
            return
        # Checked again and stored in one pass (apply_content): nothing is written if a row has an error.
        with self._bar("Gemmer", options) as bar:
            plan, result = apply_content(
                content, fmt, access=access, default_municipality_id=default, by=user,
                file_name=path.name, municipality_id=default, progress=_updater(bar),
            )  # fmt: skip
        self._report(plan)
        self.stdout.write(
            self.style.SUCCESS(
                f"Importeret: {result['created']} oprettet, {result['updated']} opdateret, {result['unchanged']} uændrede."
            )
        )

    def _bar(self, desc: str, options):
        return tqdm(desc=desc, unit=" rækker", file=self.stderr._out, disable=options["verbosity"] == 0)

    def _report(self, plan) -> None:
        """Print the warnings; stop with every error (nothing is stored then)."""
        for issue in plan.warnings:
            self.stderr.write(f"Advarsel: række {issue['row']}, kolonne {issue['column']}: {issue['reason']}")
        if plan.errors:
            for issue in plan.errors:
                self.stderr.write(
                    f"Række {issue['row']}, kolonne {issue['column'] or '–'}: {issue['reason']}"
                )
            raise CommandError(f"Filen har {len(plan.errors)} fejl. Intet er gemt.")

    def _default_municipality(self, code: str | None, allowed: list[int]) -> int | None:
        if not code:
            return allowed[0] if len(allowed) == 1 else None
        code = code.strip().zfill(4)
        municipality = Municipality.objects.filter(code=code).first()
        if municipality is None:
            raise CommandError(f"Kommunekoden {code} findes ikke.")
        if municipality.pk not in allowed:
            raise CommandError(f"Brugeren må ikke importere til {municipality} ({code}).")
        return municipality.pk


def _updater(bar):
    def update(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    return update

"""Health-related free text encrypted at rest (core.fields.EncryptedTextField): each column is
added encrypted beside the plain one, filled from it in batches, and takes its place."""

import django.utils.translation
from django.db import migrations

import core.fields

_ = django.utils.translation.gettext_lazy

# (model, field, label, max_length, blank)
FIELDS = [
    ("attendanceweek", "absence_reason", "fraværsårsag", 200, True),
    ("goal", "description", "mål", None, False),
    ("statusreport", "body", "status", None, False),
    ("statusreport", "next_goal", "mål for resten af forløbet", None, True),
    ("statusreport", "recommendation", "anbefalet næste skridt", None, True),
    ("exit", "note", "bemærkning", None, True),
    ("referral", "note", "bemærkning", None, True),
    ("referral", "decline_reason", "begrundelse for afvisning", None, True),
]
BATCH = 2000


def _field(label, max_length, blank, **options):
    options["blank"] = blank
    if max_length:
        options["max_length"] = max_length
    return core.fields.EncryptedTextField(_(label), **options)


def sealer(fields_spec):
    """RunPython code that copies each plain column of fields_spec into its encrypted twin."""
    return lambda apps, schema_editor: _seal(apps, fields_spec)


def _seal(apps, fields_spec):
    by_model: dict[str, list[str]] = {}
    for model, field, *_rest in fields_spec:
        by_model.setdefault(model, []).append(field)
    for model_name, fields in by_model.items():
        Model = apps.get_model("pathways", model_name)
        sealed = [f"{f}_sealed" for f in fields]
        rows = Model.objects.only("pk", *fields).order_by("pk")
        batch = []
        for row in rows.iterator(chunk_size=BATCH):
            for plain, target in zip(fields, sealed):
                setattr(row, target, getattr(row, plain) or "")
            batch.append(row)
            if len(batch) >= BATCH:
                Model.objects.bulk_update(batch, sealed)
                batch = []
        if batch:
            Model.objects.bulk_update(batch, sealed)


def operations_for(fields_spec):
    """Add an encrypted twin of each column, fill it in batches, let it take the plain one's place
    (also used by later migrations that encrypt more columns)."""
    adds, removes, renames, finals = [], [], [], []
    for model, field, label, max_length, blank in fields_spec:
        adds.append(migrations.AddField(model, f"{field}_sealed", _field(label, max_length, blank, default="")))
        removes.append(migrations.RemoveField(model, field))
        renames.append(migrations.RenameField(model, f"{field}_sealed", field))
        finals.append(migrations.AlterField(model, field, _field(label, max_length, blank)))
    return [*adds, migrations.RunPython(sealer(fields_spec), migrations.RunPython.noop), *removes, *renames, *finals]


class Migration(migrations.Migration):
    dependencies = [("pathways", "0004_one_open_referral")]

    operations = operations_for(FIELDS)

"""Health-related free text encrypted at rest (core.fields.EncryptedTextField): each column is
added encrypted beside the plain one, filled from it in batches, and takes its place."""

import django.utils.translation
from django.db import migrations

import core.fields
from core import crypto

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
    return lambda apps, schema_editor: _seal(apps, schema_editor, fields_spec)


def _seal(apps, schema_editor, fields_spec):
    # The token binds the column it belongs in as associated data. The twin is named
    # `<field>_sealed` only until the rename below, so the tokens are made here for the final
    # name (`pathways.<model>.<field>`, what EncryptedTextField.purpose() reads back), not by
    # saving through the twin field, whose purpose would name the twin.
    by_model: dict[str, list[str]] = {}
    for model, field, *_rest in fields_spec:
        by_model.setdefault(model, []).append(field)
    for model_name, fields in by_model.items():
        Model = apps.get_model("pathways", model_name)
        purposes = [f"{Model._meta.label_lower}.{f}".encode() for f in fields]
        columns = ", ".join(f'"{f}_sealed" = %s' for f in fields)
        update = f'UPDATE "{Model._meta.db_table}" SET {columns} WHERE id = %s'  # noqa: S608 - names from FIELDS
        rows = Model.objects.values_list("pk", *fields).order_by("pk")
        batch = []
        with schema_editor.connection.cursor() as cursor:
            for pk, *values in rows.iterator(chunk_size=BATCH):
                tokens = [crypto.encrypt(v, purpose=p) if v else b"" for v, p in zip(values, purposes, strict=True)]
                batch.append([*tokens, pk])
                if len(batch) >= BATCH:
                    cursor.executemany(update, batch)
                    batch = []
            if batch:
                cursor.executemany(update, batch)


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

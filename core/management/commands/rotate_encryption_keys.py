"""Re-encrypt everything encrypted at rest under the current key (the first of
FIELD_ENCRYPTION_KEYS), so an old key can then be removed:

    FIELD_ENCRYPTION_KEYS="k2:<new>,k1:<old>" python manage.py rotate_encryption_keys
    # then deploy with FIELD_ENCRYPTION_KEYS="k2:<new>"

Covers every EncryptedTextField of every model and the byte columns a model lists in
`ENCRYPTED_BYTES = {"column": b"purpose"}` (the CPR). Each batch is its own transaction, so a
stopped run can simply be run again; rows already under the current key are left as they are.
The blind index key is not rotated here (it would need every CPR in clear text)."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from core import crypto
from core.fields import EncryptedTextField

BATCH = 1000


def _columns(model) -> dict[str, bytes]:
    """column attname → purpose, for the encrypted columns of a model."""
    found = {f.attname: f.purpose() for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)}
    found.update(getattr(model, "ENCRYPTED_BYTES", {}))
    return found


def _raw_rows(model, columns: list[str], after_pk):
    """(pk, token bytes…) read without the fields' decryption, a batch at a time."""
    table, pk = model._meta.db_table, model._meta.pk.column
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    # identifiers from the model's own metadata, quoted; values are parameters
    sql = (
        f"SELECT {connection.ops.quote_name(pk)}, {quoted} FROM {connection.ops.quote_name(table)} "  # noqa: S608
        f"WHERE {connection.ops.quote_name(pk)} > %s ORDER BY 1 LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [after_pk, BATCH])
        return cursor.fetchall()


def rotate_model(model, ring: crypto.Keyring) -> int:
    """Re-encrypt a model's rows a batch at a time: one read and one executemany per batch."""
    columns = _columns(model)
    names = list(columns)
    moved, after = 0, 0
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(n)} = %s" for n in names)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(model._meta.pk.column)} = %s"  # noqa: S608
    while rows := _raw_rows(model, names, after):
        after = rows[-1][0]
        changed = []
        for pk, *tokens in rows:
            tokens = [bytes(t) if t is not None else None for t in tokens]
            if any(t and crypto.key_id_of(t) != ring.current_id for t in tokens):
                fresh = [
                    crypto.reencrypt(t, purpose=columns[n], ring=ring) if t else t
                    for n, t in zip(names, tokens, strict=True)
                ]
                changed.append([*fresh, pk])
        if changed:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(sql, changed)
            moved += len(changed)
    return moved


class Command(BaseCommand):
    help = "Re-encrypt CPR numbers and encrypted free text under the current key."

    def handle(self, *args, **options):
        ring = crypto.keyring()
        total = 0
        for model in apps.get_models():
            if not _columns(model):
                continue
            moved = rotate_model(model, ring)
            total += moved
            self.stdout.write(f"{model._meta.label}: {moved} rows re-encrypted under key {ring.current_id}")
        self.stdout.write(self.style.SUCCESS(f"Done: {total} rows re-encrypted."))

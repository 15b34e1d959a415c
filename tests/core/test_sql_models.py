"""core.sql_models builds the instances the ORM builds from the same row: converters applied
(JSON decoded, encrypted text decrypted), partial field lists deferred, NULL keys as None, and the
instance saved as an update, not an insert."""

import pytest

from accounts.roles import Role
from audit.models import AuditEvent
from core.sql_models import columns, fetch, fetch_dicts, instances
from pathways.models import Referral
from pathways.testing import make_citizen, make_programme, refer

pytestmark = pytest.mark.django_db


def test_json_and_nullable_fields_as_the_orm_reads_them(world):
    event = AuditEvent.objects.create(
        actor=None, actor_label="system", action="read", event="test", changes={"felt": ["æ", 1, None]}, ip="127.0.0.1"
    )
    row = fetch(f"SELECT {columns(AuditEvent, 'a')} FROM audit_auditevent a WHERE a.id = %s", [event.pk])[0]  # noqa: S608
    (got,) = instances(row, AuditEvent)
    want = AuditEvent.objects.get(pk=event.pk)
    assert {f.attname: getattr(got, f.attname) for f in AuditEvent._meta.concrete_fields} == {
        f.attname: getattr(want, f.attname) for f in AuditEvent._meta.concrete_fields
    }
    assert got.changes == {"felt": ["æ", 1, None]} and got.actor_id is None and not got._state.adding


def test_encrypted_text_partial_fields_and_the_empty_side_of_a_join(world):
    cw = world.users[Role.CASEWORKER]
    referral = refer(citizen=make_citizen(municipality=world.kolding, by=cw), programme=make_programme(provider=world.provider), by=cw)
    Referral.objects.filter(pk=referral.pk).update(justification="Fortroligt")  # encrypted on the way in
    fields = ("id", "justification", "team")
    row = fetch(
        f"SELECT {columns(Referral, 'r', fields)}, {columns(Referral, 'n', ('id',))} FROM pathways_referral r"  # noqa: S608
        " LEFT JOIN pathways_referral n ON n.id = -1 WHERE r.id = %s",
        [referral.pk],
    )[0]
    assert b"Fortroligt" not in bytes(row[1])  # what the statement returns is the ciphertext
    got, missing = instances(row, (Referral, fields), (Referral, ("id",)))
    assert missing is None
    assert got.justification == Referral.objects.get(pk=referral.pk).justification == "Fortroligt"
    assert got.team_id is None and got.get_deferred_fields() >= {"status", "citizen_id", "note"}


def test_rows_as_dicts_by_column_name_in_order(world):
    codes = sorted([world.kolding.code, world.aarhus.code])
    rows = fetch_dicts(
        "SELECT code AS kode, name AS navn FROM tenants_municipality WHERE code IN (%s, %s) ORDER BY code", codes
    )
    names = {world.kolding.code: world.kolding.name, world.aarhus.code: world.aarhus.name}
    assert rows == [{"kode": code, "navn": names[code]} for code in codes]
    assert [list(row) for row in rows] == [["kode", "navn"], ["kode", "navn"]]
    assert fetch_dicts("SELECT code FROM tenants_municipality WHERE code = %s", ["9999"]) == []


def test_a_statement_run_twice_on_a_connection_is_prepared_on_the_server(world):
    """settings.POSTGRES_PREPARED: parameters bound on the server, a statement prepared from its
    second run, so PostgreSQL plans it once per connection rather than on every request."""
    sql = "SELECT count(*) FROM tenants_municipality WHERE code = %s AND name <> %s"
    for code in ("0621", "0751", "0101"):
        fetch(sql, [code, "-"])
    prepared = fetch("SELECT statement FROM pg_prepared_statements", [])
    assert any("tenants_municipality" in statement and "$2" in statement for (statement,) in prepared)

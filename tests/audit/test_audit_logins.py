from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditEvent


def test_logins_and_failed_logins_show_in_the_administrators_audit_log(world, client_for, client):
    caseworker = world.users[Role.CASEWORKER]
    client.post(reverse("accounts:login"), {"username": caseworker.username, "password": "wrong-password-1"})
    client.post(reverse("accounts:login"), {"username": caseworker.username, "password": "Korrekt-Hest-Batteri-9"})
    rows = AuditEvent.objects.filter(object_label=caseworker.username)
    assert set(rows.values_list("event", flat=True)) == {"accounts.login_failed", "accounts.login"}
    assert set(rows.values_list("municipality_id", flat=True)) == {world.kolding.pk}
    body = client_for(world.users[Role.ADMIN]).get(reverse("audit:list"), {"actor": "", "event": "accounts."}).content.decode()
    assert "accounts.login_failed" in body
    aarhus_body = client_for(world.outsiders[Role.ADMIN]).get(reverse("audit:list"), {"event": "accounts.login"}).content.decode()
    assert caseworker.username not in aarhus_body


def test_a_failed_login_for_an_unknown_username_belongs_to_no_municipality(db, client):
    client.post(reverse("accounts:login"), {"username": "nobody-here", "password": "x"})
    row = AuditEvent.objects.get(object_label="nobody-here")
    assert row.municipality_id is None

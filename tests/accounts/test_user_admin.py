from django.core import mail
from django.urls import reverse

from accounts.models import Membership, User
from accounts.roles import Role
from audit.models import AuditEvent


def test_only_administrators_see_the_user_list(world, client_for):
    for role, user in world.users.items():
        status = client_for(user).get(reverse("accounts:users")).status_code
        assert status == (200 if role == Role.ADMIN else 404), role


def test_the_user_list_shows_only_the_own_municipality(world, client_for):
    body = client_for(world.users[Role.ADMIN]).get(reverse("accounts:users")).content.decode()
    assert "kolding_caseworker" in body
    assert "aarhus_caseworker" not in body


def test_it_invites_a_user_with_a_role_and_sends_a_set_password_mail(world, client_for, django_capture_on_commit_callbacks):
    client = client_for(world.users[Role.ADMIN])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:user_invite"),
            {
                "username": "ny_konsulent",
                "first_name": "Nina",
                "last_name": "Holm",
                "email": "nina@example.dk",
                "organisation": world.business.pk,
                "role": Role.CONSULTANT,
            },
        )
    assert response.status_code == 302
    user = User.objects.get(username="ny_konsulent")
    assert not user.has_usable_password()
    assert Membership.objects.filter(user=user, organisation=world.business, role=Role.CONSULTANT).exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nina@example.dk"]
    assert AuditEvent.objects.filter(event="accounts.user.invite", object_id=str(user.pk)).count() == 1


def test_it_refuses_to_invite_into_another_municipalitys_organisation(world, client_for):
    client = client_for(world.users[Role.ADMIN])
    response = client.post(
        reverse("accounts:user_invite"),
        {"username": "x", "first_name": "X", "last_name": "Y", "email": "x@example.dk", "organisation": world.aarhus_company.pk, "role": Role.COMPANY},
    )
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not User.objects.filter(username="x").exists()


def test_it_deactivates_a_user_and_audits_it(world, client_for):
    target = world.users[Role.CASEWORKER]
    response = client_for(world.users[Role.ADMIN]).post(
        reverse("accounts:user_toggle_active", args=[target.pk]), {"confirm": "1"}
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.is_active is False
    assert AuditEvent.objects.filter(event="accounts.user.deactivate", object_id=str(target.pk)).exists()


def test_an_admin_cannot_touch_another_municipalitys_users(world, client_for):
    target = world.outsiders[Role.CASEWORKER]
    response = client_for(world.users[Role.ADMIN]).post(reverse("accounts:user_toggle_active", args=[target.pk]))
    assert response.status_code == 404
    target.refresh_from_db()
    assert target.is_active is True
    membership = target.memberships.first()
    response = client_for(world.users[Role.ADMIN]).post(reverse("accounts:membership_remove", args=[membership.pk]))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()

"""Removing a role and deactivating a user need a confirmation checked on the server: a POST
without it changes nothing and asks again; an administrator can never deactivate themselves."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import services
from accounts.models import Membership
from accounts.roles import Role
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_deactivating_without_the_confirmation_is_refused_and_asks_again(world, client_for):
    target = world.users[Role.CASEWORKER]
    url = reverse("accounts:user_toggle_active", args=[target.pk])
    response = client_for(world.users[Role.ADMIN]).post(url)
    assert response.status_code == 200
    assert 'name="confirm" value="1"' in response.content.decode()
    target.refresh_from_db()
    assert target.is_active is True
    assert not AuditEvent.objects.filter(event="accounts.user.deactivate").exists()


def test_reactivating_needs_no_confirmation(world, client_for):
    target = world.users[Role.CASEWORKER]
    services.user_set_active(by=world.users[Role.ADMIN], user=target, active=False, municipality_id=world.kolding.pk)
    response = client_for(world.users[Role.ADMIN]).post(reverse("accounts:user_toggle_active", args=[target.pk]))
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.is_active is True


def test_an_admin_cannot_deactivate_themselves_even_confirmed(world, client_for):
    admin = world.users[Role.ADMIN]
    response = client_for(admin).post(reverse("accounts:user_toggle_active", args=[admin.pk]), {"confirm": "1"})
    assert response.status_code == 302
    admin.refresh_from_db()
    assert admin.is_active is True
    with pytest.raises(ValidationError):
        services.user_set_active(by=admin, user=admin, active=False, municipality_id=world.kolding.pk)


def test_the_users_page_offers_no_deactivation_of_oneself_and_a_modal_for_others(world, client_for):
    admin = world.users[Role.ADMIN]
    html = client_for(admin).get(reverse("accounts:users")).content.decode()
    assert reverse("accounts:user_toggle_active", args=[admin.pk]) not in html
    target = world.users[Role.CASEWORKER]
    assert f'id="confirm-user-{target.pk}"' in html and 'class="fds-modal"' in html
    assert f'form="user-active-{target.pk}" name="confirm" value="1"' in html


def test_removing_a_role_needs_the_confirmation(world, client_for):
    membership = world.users[Role.CASEWORKER].memberships.get()
    url = reverse("accounts:membership_remove", args=[membership.pk])
    client = client_for(world.users[Role.ADMIN])
    response = client.post(url)
    assert response.status_code == 200 and Membership.objects.filter(pk=membership.pk).exists()
    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 302 and not Membership.objects.filter(pk=membership.pk).exists()

"""Deleting a contact needs a confirmation checked on the server: without it nothing is deleted
and the question is asked again; the detail page offers the dkfds modal."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from registry.models import Contact

pytestmark = pytest.mark.django_db


def test_a_contact_is_deleted_only_when_confirmed(world, client_for):
    org = world.social_enterprise
    contact = Contact.objects.create(organisation=org, name="Karen Kontakt")
    client = client_for(world.users[Role.CONSULTANT])
    url = reverse("registry:contact_delete", args=[org.public_id, contact.pk])
    response = client.post(url)
    assert response.status_code == 200 and "Karen Kontakt" in response.content.decode()
    assert Contact.objects.filter(pk=contact.pk).exists()
    detail = client.get(reverse("registry:detail", args=[org.public_id])).content.decode()
    assert f'id="confirm-contact-{contact.pk}"' in detail
    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 302 and not Contact.objects.filter(pk=contact.pk).exists()

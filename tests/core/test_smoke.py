from django.urls import reverse

from tenants.models import Municipality, Region


def test_all_98_municipalities_exist_with_regions(db):
    assert Municipality.objects.count() == 98
    assert Region.objects.count() == 6


def test_login_page_answers(client, db):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert "Log ind" in response.content.decode()


def test_registry_list_shows_own_municipality_only(world, client_for):
    response = client_for(world.users["consultant"]).get(reverse("registry:list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Kolding Tømrer A/S" in body
    assert "Aarhus Cykler ApS" not in body

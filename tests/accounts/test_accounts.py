"""Login, throttling, logout, password reset, session lifetimes and the language switch."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from accounts.middleware import SESSION_STARTED_KEY
from accounts.roles import Role
from accounts.testing import PASSWORD
from audit.models import AuditAction, AuditEvent

LOGIN = reverse("accounts:login")
START = datetime(2025, 3, 3, 8, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))


def log_in(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def is_logged_in(client) -> bool:
    return SESSION_KEY in client.session


def test_it_logs_in_with_the_right_password_and_audits_it(world, client):
    response = log_in(client, "kolding_consultant")
    assert response.status_code == 302 and response.url == reverse("home:home")
    assert is_logged_in(client)
    assert client.session[SESSION_STARTED_KEY] > 0
    event = AuditEvent.objects.get(event="accounts.login")
    assert event.actor == world.users[Role.CONSULTANT] and event.action == AuditAction.LOGIN


def test_it_follows_a_safe_next_url_and_ignores_a_foreign_one(world, client):
    assert log_in(client, "kolding_consultant", next="/register/").url == "/register/"
    other = Client()
    assert log_in(other, "kolding_consultant", next="https://evil.example/").url == reverse("home:home")


def test_a_wrong_password_is_refused_with_a_message_and_audited(world, client):
    response = log_in(client, "kolding_consultant", "forkert-kodeord")
    assert response.status_code == 200 and not is_logged_in(client)
    assert "Der er fejl i formularen" in response.content.decode()
    event = AuditEvent.objects.get(event="accounts.login_failed")
    assert (event.action, event.object_label, event.actor) == (
        AuditAction.LOGIN_FAILED,
        "kolding_consultant",
        None,
    )


def test_a_deactivated_user_cannot_log_in(world, client):
    user = world.users[Role.CASEWORKER]
    user.is_active = False
    user.save()
    log_in(client, user.username)
    assert not is_logged_in(client)


# Throttling of failed logins: tests/accounts/test_login_throttle.py


def test_logout_is_a_post_and_is_audited(world, client_for):
    client = client_for(world.users[Role.PROVIDER])
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert is_logged_in(client)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response.url == LOGIN
    assert not is_logged_in(client)
    assert AuditEvent.objects.filter(event="accounts.logout", actor=world.users[Role.PROVIDER]).count() == 1
    assert client.get(reverse("registry:list")).status_code == 302


def test_password_reset_mails_a_link_that_sets_a_new_password(world, client):
    response = client.post(reverse("accounts:password_reset"), {"email": "kolding_company@example.dk"})
    assert response.status_code == 302 and response.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kolding_company@example.dk"]
    link = re.search(r"https?://[^\s]+", message.body).group(0)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    new_password = "Ny-Hest-Batteri-Kolding-42"
    done = client.post(set_url, {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302 and done.url == reverse("accounts:password_reset_complete")
    assert log_in(Client(), "kolding_company", PASSWORD).status_code == 200  # the old one no longer works
    assert log_in(Client(), "kolding_company", new_password).status_code == 302
    assert client.get(path, follow=True).context["validlink"] is False  # the link works once


def test_password_reset_for_an_unknown_address_sends_nothing_but_looks_the_same(world, client):
    response = client.post(reverse("accounts:password_reset"), {"email": "ukendt@example.dk"})
    assert response.status_code == 302 and response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_a_weak_new_password_is_refused(world, client):
    client.post(reverse("accounts:password_reset"), {"email": "kolding_company@example.dk"})
    path = re.search(r"https?://testserver([^\s]+)", mail.outbox[0].body).group(1)
    set_url = client.get(path, follow=True).redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200 and "new_password2" in response.context["form"].errors


def test_the_idle_timeout_is_30_minutes_renewed_at_most_once_a_minute():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is False  # accounts.middleware renews it
    assert settings.SESSION_ABSOLUTE_LIFETIME == 12 * 60 * 60


@override_settings(SESSION_REFRESH_SECONDS=60)
def test_requests_within_a_minute_do_not_write_the_session(world, client):
    from django.contrib.sessions.models import Session

    with time_machine.travel(START, tick=False) as traveller:
        log_in(client, "kolding_consultant")
        client.get(reverse("home:home"))
        stored = Session.objects.get().expire_date
        traveller.shift(timedelta(seconds=30))
        client.get(reverse("home:home"))
        assert Session.objects.get().expire_date == stored  # not written again
        traveller.shift(timedelta(seconds=31))
        client.get(reverse("home:home"))
        assert Session.objects.get().expire_date == stored + timedelta(seconds=61)


def test_an_idle_session_expires_after_30_minutes(world, client):
    home = reverse("home:home")
    with time_machine.travel(START, tick=False) as traveller:
        log_in(client, "kolding_consultant")
        for _ in range(3):  # active use keeps the session alive past 30 minutes in total
            traveller.shift(timedelta(minutes=29))
            assert client.get(home).status_code == 200
        traveller.shift(timedelta(minutes=31))
        response = client.get(home)
        assert response.status_code == 302 and response.url.startswith(LOGIN)


def test_a_session_ends_12_hours_after_login_however_active(world, client):
    url = reverse("registry:list") + "?q=Kolding"
    with time_machine.travel(START, tick=False) as traveller:
        log_in(client, "kolding_consultant")
        for _ in range(12 * 60 // 25):  # a request every 25 minutes: never idle
            traveller.shift(timedelta(minutes=25))
            assert client.get(url).status_code == 200
        traveller.move_to(START + timedelta(hours=11, minutes=59))
        assert client.get(url).status_code == 200
        traveller.move_to(START + timedelta(hours=12, minutes=1))
        response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next=/register/%3Fq%3DKolding"
    assert not is_logged_in(client)
    assert client.get(reverse("registry:list")).status_code == 302
    assert AuditEvent.objects.filter(event="accounts.logout", actor=world.users[Role.CONSULTANT]).count() == 1


def test_a_fresh_login_after_the_absolute_limit_starts_a_new_12_hours(world, client):
    with time_machine.travel(START, tick=False) as traveller:
        log_in(client, "kolding_consultant")
        traveller.shift(timedelta(hours=12, minutes=1))
        client.get(reverse("home:home"))
        log_in(client, "kolding_consultant")
        traveller.shift(timedelta(minutes=10))
        assert client.get(reverse("home:home")).status_code == 200


@pytest.mark.parametrize(("language", "lang_attr"), [("en", 'lang="en"'), ("da", 'lang="da"')])
def test_the_language_switch_sets_the_language(world, client_for, language, lang_attr):
    client = client_for(world.users[Role.CONSULTANT])
    response = client.post(reverse("set_language"), {"language": language, "next": reverse("registry:list")})
    assert response.status_code == 302 and response.url == reverse("registry:list")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == language
    assert lang_attr in client.get(reverse("registry:list")).content.decode()


def test_the_language_switch_refuses_a_foreign_next_url(world, client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302 and "evil" not in response.url

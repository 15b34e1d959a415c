"""Login throttling (issue 11, finding 8): failures counted per username across IP addresses and
per IP address across usernames, growing waits instead of a lock-out, and the client's real IP
taken from a trusted reverse proxy's header only."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from accounts.models import LoginThrottle
from accounts.testing import PASSWORD
from accounts.throttle import Policy, wait_seconds
from audit.models import AuditEvent
from core.middleware import client_ip

LOGIN = reverse("accounts:login")
START = datetime(2026, 3, 3, 8, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
USER_FREE = settings.LOGIN_THROTTLE["user"]["free"]
IP_FREE = settings.LOGIN_THROTTLE["ip"]["free"]
PROXY = override_settings(TRUSTED_PROXY_IPS=["10.0.0.2"], CLIENT_IP_HEADER="X-Forwarded-For")


WRONG = "gæt-igen"


def attempt(username: str, password: str = WRONG, ip: str = "198.51.100.7", **meta):
    return Client(REMOTE_ADDR=ip, **meta).post(LOGIN, {"username": username, "password": password})


def via_proxy(username: str, real_ip: str, password: str = WRONG):
    return attempt(username, password, ip="10.0.0.2", HTTP_X_FORWARDED_FOR=real_ip)


def test_the_wait_doubles_after_the_free_failures_up_to_the_cap():
    policy = Policy(free=5, base_seconds=5, cap_seconds=900)
    waits = [wait_seconds(n, START, START, policy) for n in range(4, 14)]
    assert waits == [0, 5, 10, 20, 40, 80, 160, 320, 640, 900]
    assert wait_seconds(9, START, START + timedelta(seconds=70), policy) == 10  # 80 s wait, 70 s gone


def test_five_failures_from_five_addresses_slow_the_username_down_everywhere(world):
    with time_machine.travel(START, tick=False) as traveller:
        for n in range(USER_FREE):
            assert attempt("kolding_analyst", ip=f"203.0.113.{n + 1}").status_code == 200
        refused = attempt("kolding_analyst", PASSWORD, ip="203.0.113.99")  # a new address, the right password
        assert refused.status_code == 429 and refused["Retry-After"] == "5"
        assert "For mange mislykkede forsøg. Vent 5 sekunder" in refused.content.decode()
        assert not AuditEvent.objects.filter(event="accounts.login").exists()
        traveller.shift(timedelta(seconds=5))
        assert attempt("kolding_analyst", PASSWORD, ip="203.0.113.99").status_code == 302


def test_a_try_during_the_wait_is_not_counted_and_a_success_clears_the_username(world):
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(USER_FREE + 1):
            attempt("kolding_analyst")
            traveller.shift(timedelta(seconds=1))
        failures = LoginThrottle.objects.get(scope="user", key="kolding_analyst").failures
        assert failures == USER_FREE  # the sixth came 1 s into a 5 s wait: refused unchecked
        traveller.shift(timedelta(seconds=5))
        assert attempt("kolding_analyst", PASSWORD).status_code == 302
        assert not LoginThrottle.objects.filter(scope="user").exists()
        assert LoginThrottle.objects.get(scope="ip").failures == USER_FREE  # the address keeps its count


def test_the_username_count_ignores_case(world):
    with time_machine.travel(START, tick=False):
        for n in range(USER_FREE):
            attempt("KOLDING_analyst" if n % 2 else "kolding_ANALYST", ip=f"203.0.113.{n + 1}")
        assert attempt("kolding_analyst", PASSWORD, ip="203.0.113.50").status_code == 429


def test_one_password_against_thirty_usernames_from_one_address_is_slowed(world):
    with time_machine.travel(START, tick=False):
        statuses = [attempt(f"medarbejder{n:02d}", "Sommer2026!").status_code for n in range(30)]
        assert statuses[:IP_FREE] == [200] * IP_FREE
        assert set(statuses[IP_FREE:]) == {429}
        assert attempt("kolding_consultant", PASSWORD).status_code == 429  # the address waits
        assert attempt("kolding_consultant", PASSWORD, ip="192.0.2.10").status_code == 302  # others do not


def test_counts_are_forgotten_after_an_hour_without_failures(world):
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(USER_FREE):
            attempt("kolding_analyst")
        traveller.shift(timedelta(minutes=61))
        attempt("kolding_analyst")
        assert LoginThrottle.objects.get(scope="user").failures == 1
        assert attempt("kolding_analyst", PASSWORD).status_code == 302


@PROXY
def test_behind_the_proxy_each_real_address_has_its_own_count(world):
    with time_machine.travel(START, tick=False):
        for n in range(IP_FREE):
            via_proxy(f"medarbejder{n:02d}", real_ip="203.0.113.66")
        assert via_proxy("medarbejder99", real_ip="203.0.113.66").status_code == 429
        assert via_proxy("kolding_consultant", real_ip="192.0.2.10", password=PASSWORD).status_code == 302
    assert set(LoginThrottle.objects.filter(scope="ip").values_list("key", flat=True)) == {"203.0.113.66"}


@PROXY
def test_a_forwarded_header_from_anyone_but_the_proxy_is_ignored(world):
    with time_machine.travel(START, tick=False):
        for n in range(IP_FREE):  # the attacker sends a new fake address every time
            attempt(f"medarbejder{n:02d}", ip="198.51.100.7", HTTP_X_FORWARDED_FOR=f"192.0.2.{n + 1}")
        assert attempt("medarbejder99", ip="198.51.100.7", HTTP_X_FORWARDED_FOR="192.0.2.200").status_code == 429


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("10.0.0.2", "203.0.113.9", "203.0.113.9"),
        ("10.0.0.2", "1.1.1.1, 203.0.113.9", "203.0.113.9"),  # the client wrote the left part
        ("10.0.0.2", "203.0.113.9, 10.0.0.2", "203.0.113.9"),  # a chain of our own proxies
        ("10.0.0.2", "", "10.0.0.2"),
        ("10.0.0.2", "not-an-address", "10.0.0.2"),
        ("198.51.100.7", "203.0.113.9", "198.51.100.7"),  # not our proxy: header ignored
        ("2001:db8::5", "203.0.113.9", "2001:db8::5"),
    ],
)
@PROXY
def test_the_client_ip_comes_from_the_trusted_proxy_only(remote, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_without_a_configured_proxy_the_header_is_never_read():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(request) == "10.0.0.2"


@PROXY
def test_the_audit_log_records_the_real_address(world):
    via_proxy("kolding_consultant", real_ip="203.0.113.9", password=PASSWORD)
    assert AuditEvent.objects.get(event="accounts.login").ip == "203.0.113.9"

"""A citizen's path in headless Chromium: registers on the public page of a full event, is
put on the waiting list, is promoted when someone cancels with their personal link; axe finds
no serious or critical violations on the public pages (1366 and 390 px wide) nor on the
organiser's event and attendance pages.

Run: TEST_DB_NAME=… .venv/bin/pytest tests/events/test_events_browser.py -m browser
"""

import pytest
from django.utils import timezone

from accounts.roles import Role
from events.models import Signup, SignupStatus
from events.services_signups import cancel_url, signup_register
from events.testing import make_event
from tests.browser.test_browser import CHROMIUM, Accessibility, browser, log_in, page  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not __import__("pathlib").Path(CHROMIUM).exists(), reason="chromium is not installed"),
]


@pytest.fixture(autouse=True)
def allow_orm_beside_playwrights_loop(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_a_citizen_is_waitlisted_then_promoted_after_a_cancellation(world, live_server, page):  # noqa: F811
    from playwright.sync_api import expect

    base, axe = live_server.url, Accessibility()
    event = make_event(
        world.kolding, world.business, capacity=1, title="Inspirationsseminar om socialøkonomi"
    )
    first = signup_register(event=event, name="Første Deltager", email="foerste@example.org")

    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{base}/arrangementer/offentlig/{event.public_id}/")
        expect(page.locator("h1")).to_have_text("Inspirationsseminar om socialøkonomi")
        axe.check(page, f"public-event-{width}")

    page.fill("#id_name", "Borger Hansen")
    page.fill("#id_email", "ikke-en-adresse")
    page.get_by_role("button", name="Tilmeld").click()
    expect(page.locator(".error-summary")).to_contain_text("Skriv en gyldig e-mailadresse")
    axe.check(page, "public-event-error")

    page.fill("#id_email", "borger@example.org")
    page.get_by_role("button", name="Tilmeld").click()
    expect(page.locator(".alert")).to_contain_text("Du er på ventelisten")
    citizen = Signup.objects.get(email="borger@example.org")
    assert citizen.status == SignupStatus.WAITLISTED

    page.goto(cancel_url(first, base))
    axe.check(page, "public-cancel")
    page.get_by_role("button", name="Ja, afmeld mig").click()
    expect(page.locator(".alert")).to_contain_text("Du er nu afmeldt")
    citizen.refresh_from_db()
    assert citizen.status == SignupStatus.REGISTERED and citizen.promoted_at is not None

    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, base, world.users[Role.CONSULTANT].username)
    page.goto(f"{base}/arrangementer/{event.public_id}/")
    expect(page.locator("#participants")).to_contain_text("Borger Hansen")
    axe.check(page, "event-detail")
    page.goto(f"{base}/arrangementer/{event.public_id}/fremmoede/")
    page.get_by_role("button", name="Mødt Borger Hansen").click()
    expect(page.locator(f"#att-{citizen.public_id}")).to_contain_text("Mødt")
    axe.check(page, "attendance")
    axe.assert_clean()


def test_the_staff_pages_pass_axe(world, live_server, page):  # noqa: F811
    from events.models import Mailing
    from events.services_mailing import mailing_weekly_draft
    from events.services_volunteers import volunteer_save
    from events.testing import make_list, subscribe

    base, axe = live_server.url, Accessibility()
    event = make_event(world.kolding, world.provider, title="Jobværksted")
    signup_register(event=event, name="Ane", email="ane@example.org")
    network = make_list(world.kolding, world.provider, name="Ledige med Drive")
    subscribe(network, "a@example.org")
    provider = world.users[Role.PROVIDER]
    mailing_weekly_draft(by=provider, mailing_list=network, monday=timezone.localdate(event.starts_at))
    volunteer_save(by=provider, allowed_organisation_ids=[world.provider.pk], data={
        "organisation": world.provider, "name": "Grethe", "started": timezone.localdate(event.starts_at), "consent": True})  # fmt: skip
    log_in(page, base, provider.username)
    mailing = Mailing.objects.get()
    for name, path in [
        ("index", "/arrangementer/"), ("new-event", "/arrangementer/nyt/"), ("evaluation", "/arrangementer/evaluering/"),
        ("lists", "/arrangementer/lister/"), ("list", f"/arrangementer/lister/{network.public_id}/"),
        ("mailing", f"/arrangementer/udsendelser/{mailing.public_id}/"), ("volunteers", "/arrangementer/frivillige/"),
        ("public-list", f"/arrangementer/offentlig/liste/{network.public_id}/"),
    ]:  # fmt: skip
        page.goto(base + path)
        axe.check(page, name)
    axe.assert_clean()

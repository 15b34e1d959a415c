"""Calendar files: one event and feeds per series, organiser and municipality. They parse with
icalendar, carry the Europe/Copenhagen VTIMEZONE, and keep the local time across a
daylight-saving change (UTC+1 before 29 March 2026, UTC+2 after)."""

import datetime

import pytest
from icalendar import Calendar

from events.testing import at, make_event, make_series


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


@pytest.fixture
def series_events(world):
    series = make_series(world.kolding, world.business)
    winter = make_event(world.kolding, world.business, title="Før sommertid", series=series,
                        starts_at=at(2026, 3, 27, 15), ends_at=at(2026, 3, 27, 17))  # fmt: skip
    summer = make_event(world.kolding, world.business, title="Efter sommertid", series=series,
                        starts_at=at(2026, 3, 31, 15), ends_at=at(2026, 3, 31, 17))  # fmt: skip
    hidden = make_event(world.kolding, world.business, title="Ikke offentlig", series=series, published=False)
    return series, winter, summer, hidden


def test_one_event_parses_with_its_vtimezone(client, series_events):
    _series, winter, _summer, _hidden = series_events
    cal = parse(client.get(f"/arrangementer/offentlig/{winter.public_id}/kalender.ics"))
    zones = [tz["TZID"] for tz in cal.walk("VTIMEZONE")]
    assert zones == ["Europe/Copenhagen"]
    (event,) = cal.walk("VEVENT")
    assert event["SUMMARY"] == "Før sommertid"
    assert event["DTSTART"].params["TZID"] == "Europe/Copenhagen"


def test_the_series_feed_keeps_the_local_time_across_daylight_saving(client, series_events):
    series, *_ = series_events
    cal = parse(client.get(f"/arrangementer/offentlig/serie/{series.public_id}/kalender.ics"))
    starts = {e["SUMMARY"]: e.decoded("DTSTART") for e in cal.walk("VEVENT")}
    assert set(starts) == {"Før sommertid", "Efter sommertid"}  # the unpublished one is not in the feed
    assert starts["Før sommertid"].utcoffset() == datetime.timedelta(hours=1)
    assert starts["Efter sommertid"].utcoffset() == datetime.timedelta(hours=2)
    assert starts["Før sommertid"].hour == starts["Efter sommertid"].hour == 15
    # the VTIMEZONE holds both the standard and the daylight rule Outlook needs
    tz = cal.walk("VTIMEZONE")[0]
    assert {c.name for c in tz.subcomponents} >= {"STANDARD", "DAYLIGHT"}


def test_organiser_and_municipality_feeds_list_public_events_only(client, world, series_events):
    organiser = parse(
        client.get(f"/arrangementer/offentlig/arrangoer/{world.business.public_id}/kalender.ics")
    )
    municipality = parse(client.get("/arrangementer/offentlig/kommune/0621/kalender.ics"))
    for cal in (organiser, municipality):
        assert "Ikke offentlig" not in {str(e["SUMMARY"]) for e in cal.walk("VEVENT")}
        assert len(cal.walk("VEVENT")) == 2
    assert not parse(client.get("/arrangementer/offentlig/kommune/0751/kalender.ics")).walk("VEVENT")

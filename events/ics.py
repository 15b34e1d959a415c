"""Calendar files (RFC 5545) with the `icalendar` package: one event, or a feed of events.
Times are written in Europe/Copenhagen with its VTIMEZONE, so Outlook and others show the
local time on both sides of a daylight-saving change."""

import zoneinfo

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")


def calendar_for(events, *, name: str, url_for=None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Brobyg//Arrangementer//DA")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Copenhagen")
    stamp = timezone.now()
    for event in events:
        item = VEvent()
        item.add("uid", f"{event.public_id}@brobyg")
        item.add("dtstamp", stamp)
        item.add("dtstart", event.starts_at.astimezone(CPH))
        item.add("dtend", event.ends_at.astimezone(CPH))
        item.add("summary", event.title)
        if event.description:
            item.add("description", event.description)
        location = ", ".join(p for p in (event.venue, event.address) if p)
        if location:
            item.add("location", location)
        if url_for is not None:
            item.add("url", url_for(event))
        cal.add_component(item)
    cal.add_missing_timezones()
    return cal


def ics_response(cal: Calendar, filename: str) -> HttpResponse:
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response

"""Writes of events and what belongs to them (programme items with speakers and minutes,
stands, workshop groups): keyword-only, taking the acting user, atomic, audited in the same
transaction. Bad input raises ValidationError naming the field; nothing is half-written.
Registrations: services_signups.py; mailing lists: services_mailing.py."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import diff, record

from .models import AgendaItem, Event, EventSeries, Speaker, Stand, WorkshopGroup

EVENT_FIELDS = (
    "kind", "title", "description", "audience", "organiser", "series", "service", "venue", "address",
    "starts_at", "ends_at", "published", "registration_open", "capacity", "deadline",
)  # fmt: skip
ITEM_FIELDS = ("starts", "ends", "title", "description", "minutes")


def _snapshot(obj, fields) -> dict:
    return {f: getattr(obj, f) for f in fields}


def _check_event(event: Event, hosts, co_funders) -> None:
    errors = {}
    if event.organiser.municipality_id != event.municipality_id:
        errors["organiser"] = [_("Arrangøren skal høre til kommunen.")]
    if event.series_id and event.series.municipality_id != event.municipality_id:
        errors["series"] = [_("Mødeserien skal høre til kommunen.")]
    if event.service_id and event.service.agreement.municipality_id != event.municipality_id:
        errors["service"] = [_("Ydelsen skal høre til kommunens rammeaftaler.")]
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        errors["ends_at"] = [_("Arrangementet skal slutte efter det starter.")]
    if event.deadline and event.starts_at and event.deadline > event.ends_at:
        errors["deadline"] = [_("Tilmeldingsfristen skal ligge før arrangementet slutter.")]
    if event.capacity is not None and event.capacity < 1:
        errors["capacity"] = [_("Antal pladser skal være mindst 1 (eller tomt for ubegrænset).")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def event_save(
    *, by, municipality, data: dict, hosts=None, co_funders=None, event: Event | None = None
) -> Event:
    """Create (event=None) or update an event. Raising the capacity promotes from the waiting
    list at once (the same rule as a cancellation)."""
    from .services_signups import promote_waiting

    creating = event is None
    if not creating:
        event = Event.objects.select_for_update().get(pk=event.pk)  # serialise with registrations
    event = event or Event(municipality=municipality)
    before = {} if creating else _snapshot(event, EVENT_FIELDS)
    for field in EVENT_FIELDS:
        if field in data:
            value = data[field]
            setattr(
                event,
                field,
                "" if value is None and field in ("description", "audience", "venue", "address") else value,
            )
    _check_event(event, hosts, co_funders)
    event.save()
    changes = diff(before, _snapshot(event, EVENT_FIELDS))
    for name, orgs in (("hosts", hosts), ("co_funders", co_funders)):
        if orgs is not None:
            if any(o.municipality_id != municipality.pk for o in orgs) and name == "hosts":
                raise ValidationError({name: [_("Værterne skal høre til kommunen.")]})
            old = sorted(getattr(event, name).values_list("pk", flat=True)) if not creating else []
            getattr(event, name).set(orgs)
            if old != sorted(o.pk for o in orgs):
                changes[name] = [old, sorted(o.pk for o in orgs)]
    record(
        actor=by, action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        event=f"events.event.{'create' if creating else 'update'}", obj=event, changes=changes,
    )  # fmt: skip
    if not creating:
        promote_waiting(event=event, by=by)
    return event


@transaction.atomic
def series_save(*, by, municipality, data: dict, series: EventSeries | None = None) -> EventSeries:
    creating = series is None
    series = series or EventSeries(municipality=municipality)
    before = {} if creating else _snapshot(series, ("name", "description", "organiser"))
    for field in ("name", "description", "organiser"):
        if field in data:
            setattr(series, field, data[field] if data[field] is not None else "")
    if series.organiser.municipality_id != municipality.pk:
        raise ValidationError({"organiser": [_("Arrangøren skal høre til kommunen.")]})
    series.save()
    record(
        actor=by, action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        event=f"events.series.{'create' if creating else 'update'}", obj=series,
        changes=diff(before, _snapshot(series, ("name", "description", "organiser"))),
    )  # fmt: skip
    return series


def _speakers(event: Event, rows) -> list[Speaker]:
    """Speakers from dicts {name, title, organisation_name}; an organisation name found in the
    municipality's registry links the speaker to it."""
    from registry.models import Organisation

    names = {r.get("organisation_name", "").strip().lower() for r in rows if r.get("organisation_name")}
    found = Organisation.objects.annotate(lname=Lower("name")).filter(
        municipality_id=event.municipality_id, lname__in=names
    )
    known = {o.lname: o for o in found} if names else {}
    speakers = []
    for r in rows:
        org = known.get(r.get("organisation_name", "").strip().lower())
        speakers.append(
            Speaker(
                name=r["name"].strip(),
                title=r.get("title", "").strip(),
                organisation=org,
                organisation_name="" if org else r.get("organisation_name", "").strip(),
            )  # fmt: skip
        )
    return speakers


@transaction.atomic
def agenda_item_save(
    *, by, event: Event, data: dict, speakers=None, item: AgendaItem | None = None
) -> AgendaItem:
    """Create or update a programme item; `speakers` (list of dicts) replaces its speakers."""
    creating = item is None
    item = item or AgendaItem(event=event)
    before = {} if creating else _snapshot(item, ITEM_FIELDS)
    for field in ITEM_FIELDS:
        if field in data:
            setattr(item, field, data[field] if data[field] is not None or field == "ends" else "")
    if item.ends and item.starts and item.ends <= item.starts:
        raise ValidationError({"ends": [_("Programpunktet skal slutte efter det starter.")]})
    item.save()
    changes = diff(before, _snapshot(item, ITEM_FIELDS))
    if speakers is not None:
        item.speakers.all().delete()
        new = _speakers(event, speakers)
        for s in new:
            s.item = item
        Speaker.objects.bulk_create(new)
        changes["speakers"] = [None, [s.name for s in new]]
    record(
        actor=by, action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        event=f"events.agenda_item.{'create' if creating else 'update'}", obj=item,
        municipality_id=event.municipality_id, changes=changes,
    )  # fmt: skip
    return item


@transaction.atomic
def agenda_item_delete(*, by, item: AgendaItem) -> None:
    record(
        actor=by, action=AuditAction.DELETE, event="events.agenda_item.delete", obj=item,
        municipality_id=item.event.municipality_id,
    )  # fmt: skip
    item.delete()


@transaction.atomic
def stand_add(*, by, event: Event, organisation, label: str = "", note: str = "") -> Stand:
    try:
        with transaction.atomic():
            stand = Stand.objects.create(event=event, organisation=organisation, label=label, note=note)
    except IntegrityError:
        raise ValidationError({"organisation": [_("Organisationen har allerede en stand.")]}) from None
    record(
        actor=by, action=AuditAction.CREATE, event="events.stand.create", obj=stand,
        municipality_id=event.municipality_id, changes={"organisation": [None, organisation.name]},
    )  # fmt: skip
    return stand


@transaction.atomic
def stand_remove(*, by, stand: Stand) -> None:
    record(
        actor=by, action=AuditAction.DELETE, event="events.stand.delete", obj=stand,
        municipality_id=stand.event.municipality_id,
    )  # fmt: skip
    stand.delete()


@transaction.atomic
def workshop_group_add(*, by, event: Event, name: str, description: str = "") -> WorkshopGroup:
    name = name.strip()
    if not name:
        raise ValidationError({"name": [_("Skriv gruppens navn.")]})
    try:
        with transaction.atomic():
            group = WorkshopGroup.objects.create(event=event, name=name, description=description)
    except IntegrityError:
        raise ValidationError({"name": [_("Der er allerede en gruppe med det navn.")]}) from None
    record(
        actor=by, action=AuditAction.CREATE, event="events.workshop_group.create", obj=group,
        municipality_id=event.municipality_id, changes={"name": [None, name]},
    )  # fmt: skip
    return group

"""Who sees and changes which event, mailing list and volunteer. Built on accounts.access.Access.

- EVENT_VIEW: the events, series and mailing lists of the municipalities where the user holds
  it, with figures but without participants' names;
- EVENT_EDIT (consultant, admin): edit every event and list of the municipality, see the
  participant list, take attendance;
- EVENT_EDIT_OWN (provider staff): the same for events and lists their own organisation
  organises (seed 003's facilitator runs the network for the unemployed);
- MAILING_SEND: send mailings of a list the user may edit;
- VOLUNTEER_EDIT: the volunteers of the user's own organisations (personal data: no one else).
The public (no login) sees only published events, and never a participant list
(events/views_public.py). Anything else answers 404, as if it did not exist.
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.access import Access, permitted
from accounts.roles import Perm

from .models import Event, EventSeries, Mailing, MailingList, Signup, Volunteer


def can_list(access: Access) -> bool:
    return access.has(Perm.EVENT_VIEW)


def _visible(access: Access, prefix: str = "") -> Q:
    return Q(**{f"{prefix}municipality_id__in": access.municipalities_with(Perm.EVENT_VIEW)})


def events_visible_to(access: Access) -> QuerySet[Event]:
    return Event.objects.filter(_visible(access))


def series_visible_to(access: Access) -> QuerySet[EventSeries]:
    return EventSeries.objects.filter(_visible(access))


def lists_visible_to(access: Access) -> QuerySet[MailingList]:
    return MailingList.objects.filter(_visible(access))


def _editable(access: Access, owner_field: str, prefix: str = "") -> Q:
    return Q(**{f"{prefix}municipality_id__in": access.municipalities_with(Perm.EVENT_EDIT)}) | Q(
        **{f"{prefix}{owner_field}_id__in": access.organisations_with(Perm.EVENT_EDIT_OWN)}
    )


def events_editable_by(access: Access) -> QuerySet[Event]:
    return Event.objects.filter(_editable(access, "organiser"))


def can_create(access: Access) -> bool:
    return access.has(Perm.EVENT_EDIT) or access.has(Perm.EVENT_EDIT_OWN)


def can_edit(access: Access, event: Event) -> bool:
    return access.has(
        Perm.EVENT_EDIT, event.municipality_id
    ) or event.organiser_id in access.organisations_with(Perm.EVENT_EDIT_OWN)


def can_edit_series(access: Access, series: EventSeries) -> bool:
    """A series is edited by whoever may edit its organiser's events."""
    return access.has(
        Perm.EVENT_EDIT, series.municipality_id
    ) or series.organiser_id in access.organisations_with(Perm.EVENT_EDIT_OWN)


def can_edit_list(access: Access, mailing_list: MailingList) -> bool:
    return access.has(Perm.EVENT_EDIT, mailing_list.municipality_id) or (
        mailing_list.owner_id in access.organisations_with(Perm.EVENT_EDIT_OWN)
    )


def can_send(access: Access, mailing_list: MailingList) -> bool:
    return can_edit_list(access, mailing_list) and access.has(Perm.MAILING_SEND, mailing_list.municipality_id)


def organiser_choices(access: Access):
    """The organisations a user may name as organiser (the event belongs to the organiser's
    municipality): every organisation where they hold EVENT_EDIT, else only their own."""
    from registry.models import Organisation

    return Organisation.objects.filter(
        Q(municipality_id__in=access.municipalities_with(Perm.EVENT_EDIT))
        | Q(pk__in=access.organisations_with(Perm.EVENT_EDIT_OWN))
    )


def edit_municipality_ids(access: Access) -> list[int]:
    return sorted(set(organiser_choices(access).values_list("municipality_id", flat=True)))


def event_get(access: Access, public_id) -> Event:
    return get_object_or_404(
        events_visible_to(access).select_related("municipality", "organiser", "series"), public_id=public_id
    )


def event_for_edit(access: Access, public_id) -> Event:
    return permitted(access, event_get(access, public_id), can_edit)


def signup_for_edit(access: Access, public_id) -> Signup:
    signup = get_object_or_404(
        Signup.objects.filter(_visible(access, "event__")).select_related("event", "organisation"),
        public_id=public_id,
    )
    permitted(access, signup.event, can_edit)
    return signup


def series_get(access: Access, public_id) -> EventSeries:
    return get_object_or_404(series_visible_to(access).select_related("organiser"), public_id=public_id)


def list_get(access: Access, public_id) -> MailingList:
    return get_object_or_404(lists_visible_to(access).select_related("owner", "series"), public_id=public_id)


def list_for_edit(access: Access, public_id) -> MailingList:
    return permitted(access, list_get(access, public_id), can_edit_list)


def list_for_send(access: Access, public_id) -> MailingList:
    return permitted(access, list_get(access, public_id), can_send)


def mailing_for_send(access: Access, public_id) -> Mailing:
    mailing = get_object_or_404(
        Mailing.objects.filter(_visible(access, "mailing_list__")).select_related("mailing_list"),
        public_id=public_id,
    )
    permitted(access, mailing.mailing_list, can_send)
    return mailing


def volunteers_visible_to(access: Access) -> QuerySet[Volunteer]:
    return Volunteer.objects.filter(organisation_id__in=access.organisations_with(Perm.VOLUNTEER_EDIT))


def can_keep_volunteers(access: Access) -> bool:
    return bool(access.organisations_with(Perm.VOLUNTEER_EDIT))


def volunteer_get(access: Access, public_id) -> Volunteer:
    return get_object_or_404(
        volunteers_visible_to(access).select_related("organisation"), public_id=public_id
    )

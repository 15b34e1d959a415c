"""Arrangementer og netværk (issue 14): events with programme, stands and workshop groups
(events.py), registrations with a waiting list (signups.py), mailing lists with double opt-in
and mailings (mailing.py), and the volunteers of an organisation (volunteers.py)."""

from .events import (  # noqa: F401
    AgendaItem,
    Event,
    EventKind,
    EventSeries,
    Speaker,
    Stand,
    WorkshopGroup,
)
from .mailing import (  # noqa: F401
    Delivery,
    DeliveryStatus,
    Mailing,
    MailingList,
    MailingStatus,
    Subscription,
    SubscriptionStatus,
)
from .signups import SEATED, Signup, SignupStatus  # noqa: F401
from .volunteers import Volunteer, VolunteerShift  # noqa: F401

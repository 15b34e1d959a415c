"""Demo data for events (see docs/events.md): seed 000's regional inspiration seminar with
programme, marketplace stands and workshop groups; seed 004's series of three network
meetings with programme items, speakers, 42 participants and minutes; seed 003's network for
the unemployed with its weekly programme, a mailing list of 257 and a sent weekly mailing;
volunteers at the meeting place; one upcoming public information meeting open for
registration. Dates are fixed around the demo's reference date (same seed, same data)."""

import datetime
import random
import zoneinfo
from decimal import Decimal

from django.db.models import Q
from django.utils.text import slugify

from agreements.models import AgreementService, ServiceKind
from events.models import (
    AgendaItem,
    Delivery,
    DeliveryStatus,
    Event,
    EventKind,
    EventSeries,
    Mailing,
    MailingList,
    MailingStatus,
    Signup,
    SignupStatus,
    Speaker,
    Stand,
    Subscription,
    SubscriptionStatus,
    Volunteer,
    VolunteerShift,
    WorkshopGroup,
)  # fmt: skip
from events.services_mailing import weekly_programme
from registry.models import Organisation

from .generator import DEMO_REFERENCE_DATE
from .vocabulary import FIRST_NAMES, SURNAMES

CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")
KOLDING = "0621"


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=CPH)


def clear_demo(municipalities) -> None:
    """Remove this app's demo rows before the organisations are reloaded."""
    ids = [m.pk for m in municipalities]
    Event.objects.filter(municipality_id__in=ids).delete()
    EventSeries.objects.filter(municipality_id__in=ids).delete()
    MailingList.objects.filter(municipality_id__in=ids).delete()
    Volunteer.objects.filter(organisation__municipality_id__in=ids).delete()


class People:
    """Made-up participants with addresses at example.org (never a real mailbox)."""

    def __init__(self, rng: random.Random, n: int, organisations: list):
        self.rows = []
        for i in range(n):
            first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
            org = rng.choice(organisations) if organisations and rng.random() < 0.8 else None
            email = f"{slugify(first)}.{slugify(last)}.{i}@example.org"
            self.rows.append((f"{first} {last}", email, org))


def _signups(event, people, statuses, start: datetime.datetime, rng) -> list[Signup]:
    rows = []
    for i, ((name, email, org), status) in enumerate(zip(people, statuses, strict=False)):
        rows.append(
            Signup(
                event=event,
                name=name,
                email=email,
                organisation=org,
                organisation_name=org.name if org else "",
                status=status,
                created_at=start + datetime.timedelta(minutes=37 * i + rng.randint(0, 30)),
            )  # fmt: skip
        )
    return rows


def _agenda(event, items) -> None:
    for starts, ends, title, speakers, minutes in items:
        item = AgendaItem.objects.create(event=event, starts=starts, ends=ends, title=title, minutes=minutes)
        Speaker.objects.bulk_create(
            Speaker(
                item=item,
                name=n,
                title=t,
                organisation=o if isinstance(o, Organisation) else None,
                organisation_name="" if isinstance(o, Organisation) else o,
            )  # fmt: skip
            for n, t, o in speakers
        )


def _t(text: str) -> datetime.time:
    return datetime.time.fromisoformat(text)


def seminar(kolding, orgs, others, rng) -> tuple[Event, int]:
    """Seed 000: Kolding invites the region to an inspiration seminar, first come first served
    with a deadline; a marketplace of social enterprises and workshop groups across
    municipalities."""
    o = lambda a: orgs[(KOLDING, a)]  # noqa: E731
    day = DEMO_REFERENCE_DATE + datetime.timedelta(days=39)  # a Monday, as in the seed
    event = Event.objects.create(
        municipality=kolding, kind=EventKind.SEMINAR, organiser=o("business_service"),
        title="Socialøkonomi og jobskabelse for udsatte – du kan gøre en forskel i din kommune",
        description=("Kolding Kommune inviterer Region Syddanmark til inspirationsseminar. Formålet er at samle "
                     "alle gode kræfter, som i fællesskab kan udvikle beskæftigelsesmulighederne for udsatte og "
                     "socialøkonomi på lokalt og regionalt plan."),
        audience="Kommuner, jobcentre, virksomheder, socialøkonomiske virksomheder og foreninger i regionen",
        venue="Innovationsfabrikken", address="Birkemosevej 1, 6000 Kolding",
        starts_at=at(day, 9), ends_at=at(day, 15, 30), deadline=at(day - datetime.timedelta(days=12), 12),
        capacity=90, published=True,
    )  # fmt: skip
    event.hosts.set([o("incubator"), o("social_administration")])
    event.co_funders.set([o("fund")])
    _agenda(event, [
        (_t("09:00"), _t("09:30"), "Registrering, kaffe og servering", [], ""),
        (_t("09:30"), _t("09:45"), "Velkomst: socialøkonomi i Kolding siden 2009",
         [("Mette Østergaard", "konsulent", o("business_service"))], ""),
        (_t("09:45"), _t("10:30"), "Jobskabelse for udsatte borgere – hvem er de lokale aktører?",
         [("Lars Holm", "jobcenterchef", o("job_centre")), ("Anne Kjær", "leder", o("training_kitchen"))], ""),
        (_t("10:30"), _t("11:30"), "Socialøkonomisk markedsplads", [], ""),
        (_t("11:30"), _t("12:30"), "Workshops på tværs af kommuner", [], ""),
        (_t("12:30"), _t("13:15"), "Frokost", [], ""),
        (_t("13:15"), _t("14:45"), "Social værdiskabelse i samspil mellem virksomheder, organisationer og myndigheder",
         [("Jens Dalgaard", "direktør", o("company")), ("Sofie Lund", "formand", o("cafe_owner"))], ""),
        (_t("14:45"), _t("15:30"), "Opsamling og næste skridt", [("Mette Østergaard", "konsulent", o("business_service"))], ""),
    ])  # fmt: skip
    for label, anchor in zip(
        ["A1", "A2", "A3", "B1", "B2"],
        ["training_kitchen", "cafe", "bicycle", "cleaning", "reuse"],
        strict=True,
    ):
        Stand.objects.create(event=event, organisation=o(anchor), label=label)
    groups = [
        WorkshopGroup.objects.create(event=event, name=name)
        for name in (
            "Virksomhedssamarbejde og praktik",
            "Kommunale indkøb og sociale klausuler",
            "Frivillige og foreninger",
        )
    ]
    people = People(rng, 96, others).rows
    statuses = (
        [SignupStatus.ATTENDED] * 78
        + [SignupStatus.NO_SHOW] * 7
        + [SignupStatus.CANCELLED] * 5
        + [SignupStatus.WAITLISTED] * 6
    )
    rows = _signups(event, people, statuses, at(day - datetime.timedelta(days=40), 9), rng)
    for i, s in enumerate(rows):
        s.workshop_group = groups[i % 3]
        if s.status == SignupStatus.CANCELLED:
            s.cancelled_at = s.created_at + datetime.timedelta(days=10)
    # three on the waiting list got the seats the cancellations freed
    for s in [r for r in rows if r.status == SignupStatus.ATTENDED][-3:]:
        s.promoted_at = s.created_at + datetime.timedelta(days=10)
    Signup.objects.bulk_create(rows)
    return event, len(rows)


# Seed 004: the third meeting's programme and minutes (shortened), speakers made up
NETWORK_PROGRAMME = [
    ("15:00", "15:10", "Velkomst – og nyt fra det socialøkonomiske felt", [("Peter Bach", "formand", "network")],
     "Introducerede dagens program og kommende arrangementer. Opfordrede til at melde sig ind i netværket."),
    ("15:10", "15:25", "Status fra byrådet i forhold til socialøkonomiske virksomheder",
     [("Tina Blegvad", "byrådsmedlem", "")],
     "Bred opbakning på tværs af partier. Deltagerne pegede på kassetænkning og svært gennemskuelige regler."),
    ("15:25", "15:40", "Oplæg: økologisk landbrug med sociale arbejdspladser", [("Kim Kvist", "initiativtager", "reuse")],
     "Lang tid fra kommunens ja til konkret handling; firkantet tolkning af juraen står i vejen."),
    ("15:40", "15:55", "Oplæg: vaskeri og øvebane for voksne med handicap", [("Pia Hjort", "socialpædagog", "cleaning")],
     "Ønsker en mere nysgerrig og lydhør kommune; leder efter lokaler."),
    ("16:15", "16:35", "Status fra kommunen: indgang, iværksætterhjælp og indkøb",
     [("Helle Mortensen", "virksomhedskonsulent", "job_centre"), ("Hanne Kabel", "indkøbskonsulent", "procurement")],
     "Kommunen har kontaktet 61 socialøkonomiske virksomheder. Store udbud er urealistiske; underleverance "
     "og reserverede kontrakter (30 % på særlige vilkår) er oplagte."),
    ("16:35", "16:45", "Status vedr. rimelighedskravet", [("Hans Halvorsen", "udvalgsformand", "")],
     "Dispensationsordningen er forlænget; behovet for støttede stillinger er større end nogensinde."),
    ("16:45", "16:50", "Information om en ny vækstpark for socialøkonomi", [("Allan Petersen", "direktør", "incubator")],
     "Vækstparken åbner med kontor-, produktions- og lagerlokaler."),
]  # fmt: skip


def network_meetings(kolding, orgs, others, rng) -> tuple[EventSeries, int]:
    o = lambda a: orgs[(KOLDING, a)]  # noqa: E731
    series = EventSeries.objects.create(
        municipality=kolding, organiser=o("network"), name="Netværksmøder for socialøkonomiske virksomheder",
        description="Dialog mellem socialøkonomiske virksomheder, iværksættere og kommunen.",
    )  # fmt: skip
    days = [
        datetime.date(2025, 6, 2),
        datetime.date(2025, 11, 24),
        DEMO_REFERENCE_DATE - datetime.timedelta(days=2),
    ]
    regulars = People(rng, 60, others).rows
    total = 0
    for n, day in enumerate(days, 1):
        event = Event.objects.create(
            municipality=kolding, kind=EventKind.NETWORK_MEETING, organiser=o("network"), series=series,
            title=f"Netværksmøde {n}: kommunens samarbejde med socialøkonomiske virksomheder",
            venue="Innovationsfabrikken", address="Birkemosevej 1, 6000 Kolding",
            starts_at=at(day, 15), ends_at=at(day, 17), capacity=60, published=True,
        )  # fmt: skip
        event.hosts.set([o("business_service")])
        attended = 42 if n == 3 else rng.randint(28, 38)
        chosen = regulars[:20] + rng.sample(regulars[20:], attended + 4 - 20)  # a core who keeps coming
        statuses = [SignupStatus.ATTENDED] * attended + [SignupStatus.NO_SHOW] * 4
        rows = _signups(event, chosen, statuses, at(day - datetime.timedelta(days=21), 10), rng)
        Signup.objects.bulk_create(rows)
        total += len(rows)
        if n == 3:
            _agenda(event, [
                (_t(s), _t(e), title, [(nm, tt, o(a) if a else "") for nm, tt, a in spk], minutes)
                for s, e, title, spk, minutes in NETWORK_PROGRAMME
            ])  # fmt: skip
        else:
            _agenda(event, [(_t("15:00"), _t("15:15"), "Velkomst", [("Peter Bach", "formand", o("network"))], "Velkomst og status."),
                            (_t("15:15"), _t("16:45"), "Dialog om samarbejdet", [], "Drøftelse af udfordringer og næste skridt.")])  # fmt: skip
    return series, total


# Seed 003: the network's weekly structure and the average attendance per weekday
WEEK = [
    (0, "Jobværksted", 20, None),
    (1, "CV-bad, succeshistorier og elevatortale", 25, None),
    (2, "Virksomhedsbesøg", 11, 15),
    (3, "Inspirationsoplæg, fx om LinkedIn", 14, None),
    (4, "Fredagsmorgenmad og sociale aktiviteter", 16, None),
]


def unemployed_network(kolding, orgs, rng) -> dict[str, int]:
    kitchen = orgs[(KOLDING, "training_kitchen")]
    service = AgreementService.objects.filter(agreement__provider=kitchen, kind=ServiceKind.NETWORK).first()
    series = EventSeries.objects.create(
        municipality=kolding, organiser=kitchen, name="Ledige med Drive – netværksformiddage",
        description="Frivilligt netværk for alle ledige, alle hverdage på mødestedet. Alle er velkomne.",
    )  # fmt: skip
    pool = People(rng, 199, []).rows
    first_monday = DEMO_REFERENCE_DATE - datetime.timedelta(days=DEMO_REFERENCE_DATE.weekday() + 7 * 8)
    events, signups = 0, 0
    for week in range(12):
        for weekday, title, mean, capacity in WEEK:
            day = first_monday + datetime.timedelta(days=7 * week + weekday)
            event = Event.objects.create(
                municipality=kolding, kind=EventKind.NETWORK_MEETING, organiser=kitchen, series=series, service=service,
                title=title, venue="Mødestedet", starts_at=at(day, 9, 30), ends_at=at(day, 12),
                capacity=capacity, published=True,
            )  # fmt: skip
            events += 1
            if day >= DEMO_REFERENCE_DATE:
                continue
            n = max(3, min(len(pool), round(rng.gauss(mean, mean / 5))))
            people = pool[:30] + rng.sample(pool[30:], max(0, n - 30)) if n > 30 else rng.sample(pool[:50], n)
            statuses = [SignupStatus.ATTENDED] * n
            rows = _signups(event, people, statuses, at(day - datetime.timedelta(days=3), 8), rng)
            Signup.objects.bulk_create(rows)
            signups += len(rows)
    mailing_list = MailingList.objects.create(
        municipality=kolding, owner=kitchen, series=series, name="Ledige med Drive",
        description="Ugens program og nyt fra netværket, hver fredag fra netværksfacilitatoren.",
    )  # fmt: skip
    subscribers = People(rng, 257, []).rows
    consent = at(DEMO_REFERENCE_DATE - datetime.timedelta(days=150), 10)
    statuses = (
        [SubscriptionStatus.CONFIRMED] * 240
        + [SubscriptionStatus.PENDING] * 10
        + [SubscriptionStatus.UNSUBSCRIBED] * 7
    )
    subs = Subscription.objects.bulk_create(
        Subscription(
            mailing_list=mailing_list,
            email=email,
            name=name,
            status=status,
            consent_at=consent + datetime.timedelta(hours=7 * i),
            consent_source="Tilbudt af jobcentret med borgerens samtykke"
            if i % 4 == 0
            else "Tilmeldt på listens offentlige side",
            confirmed_at=consent + datetime.timedelta(hours=7 * i + 1)
            if status != SubscriptionStatus.PENDING
            else None,
            unsubscribed_at=consent + datetime.timedelta(days=60)
            if status == SubscriptionStatus.UNSUBSCRIBED
            else None,
        )  # fmt: skip
        for i, ((name, email, _org), status) in enumerate(zip(subscribers, statuses, strict=True))
    )
    this_monday = DEMO_REFERENCE_DATE - datetime.timedelta(days=DEMO_REFERENCE_DATE.weekday())
    subject, body = weekly_programme(mailing_list, this_monday)
    sent_at = at(this_monday - datetime.timedelta(days=3), 14)
    mailing = Mailing.objects.create(
        mailing_list=mailing_list, subject=subject, body=body, week=this_monday,
        status=MailingStatus.SENT, sent_at=sent_at,
    )  # fmt: skip
    Delivery.objects.bulk_create(
        Delivery(
            mailing=mailing,
            subscription=s,
            status=DeliveryStatus.BOUNCED if i == 17 else DeliveryStatus.SENT,
            sent_at=None if i == 17 else sent_at,
        )  # fmt: skip
        for i, s in enumerate(x for x in subs if x.status == SubscriptionStatus.CONFIRMED)
    )
    next_subject, next_body = weekly_programme(mailing_list, this_monday + datetime.timedelta(days=7))
    Mailing.objects.create(
        mailing_list=mailing_list,
        subject=next_subject,
        body=next_body,
        week=this_monday + datetime.timedelta(days=7),
    )
    return {"network events": events, "network registrations": signups, "subscribers": len(subs)}


ACTIVITIES = ["Kaffe og værtskab", "Køkken", "Lektiecafé", "Værksted", "Arrangementer", "Reception"]


def volunteers(orgs, rng) -> int:
    kitchen = orgs[(KOLDING, "training_kitchen")]
    start = DEMO_REFERENCE_DATE - datetime.timedelta(days=180)
    shifts = []
    for i in range(14):
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        volunteer = Volunteer.objects.create(
            organisation=kitchen, name=f"{first} {last}", email=f"frivillig{i}@example.org",
            activities=", ".join(rng.sample(ACTIVITIES, 2)), consent_at=at(start, 10), started=start, active=i < 12,
        )  # fmt: skip
        day = start + datetime.timedelta(days=rng.randint(0, 6))
        while day < DEMO_REFERENCE_DATE:
            shifts.append(VolunteerShift(volunteer=volunteer, date=day, hours=Decimal(rng.choice(["2", "3", "3.5", "4"])),
                                         activity=volunteer.activities.split(", ")[0]))  # fmt: skip
            day += datetime.timedelta(days=rng.choice([7, 7, 14]))
    VolunteerShift.objects.bulk_create(shifts)
    return 14


def information_meeting(kolding, orgs) -> Event:
    """An upcoming public meeting open for registration, to try the public page."""
    o = lambda a: orgs[(KOLDING, a)]  # noqa: E731
    day = DEMO_REFERENCE_DATE + datetime.timedelta(days=365)
    return Event.objects.create(
        municipality=kolding, kind=EventKind.INFORMATION_MEETING, organiser=o("business_service"),
        title="Informationsmøde: sådan starter du en socialøkonomisk virksomhed",
        description="Om registrering som socialøkonomisk virksomhed, forretningsmodeller og kommunens indkøb.",
        audience="Iværksættere og foreninger", venue="Innovationsfabrikken", address="Birkemosevej 1, 6000 Kolding",
        starts_at=at(day, 16), ends_at=at(day, 18), deadline=at(day - datetime.timedelta(days=3), 12), capacity=40,
        published=True,
    )  # fmt: skip


def seed_demo(kolding, orgs, *, seed: int) -> dict[str, int]:
    """Load this app's demo rows for Kolding; returns counts for the seed summary."""
    rng = random.Random(f"brobyg-demo-events:{seed}")
    others = list(
        Organisation.objects.filter(municipality=kolding)
        .filter(~Q(kind="municipal_unit") | Q(subkind="job_centre"))
        .order_by("pk")[:60]
    )
    _event, seminar_signups = seminar(kolding, orgs, others, rng)
    _series, meeting_signups = network_meetings(kolding, orgs, others, rng)
    counts = unemployed_network(kolding, orgs, rng)
    information_meeting(kolding, orgs)
    counts.update(
        {
            "events": Event.objects.filter(municipality=kolding).count(),
            "seminar registrations": seminar_signups,
            "network meeting registrations": meeting_signups,
            "volunteers": volunteers(orgs, rng),
        }
    )
    return counts

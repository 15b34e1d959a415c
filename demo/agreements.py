"""Demo framework agreement shaped like seed 003 (INSP!'s agreement with Roskilde): Kolding and
its training-kitchen social enterprise, four services with the seed's grants, and two
half-years of registrations (H2 2025 and H1 2026) with figures in the seed's ranges — 49
staffed hours a week, about 200 volunteers, 257 on the network's mailing list and 50 active,
about 84 network mornings with about 38 participants a week, 49 young active users (53 %
referred by social psychiatry, 51 % on kontanthjælp, 51 % at least weekly), 20 who ended
home support and 3 who reduced it; and the provider's narrative for each service and half-year
(demo.narratives). Same seed, same rows.

`clear_demo_agreements` runs before the organisations are reloaded (agreements protect their
provider); `seed_demo_agreements` after them and after the pathways demo, if any.
"""

import datetime
import random
from decimal import Decimal

from agreements.models import (
    Activity,
    AgreementService,
    CompanyVisit,
    Counselling,
    Deliverable,
    FrameworkAgreement,
    Frequency,
    HomeSupport,
    MeasureFollowed,
    MeetingActivity,
    NetworkMeeting,
    NetworkMembership,
    NetworkOutcome,
    ServiceKind,
    UserGroup,
    VolunteerTally,
    WeeklyRegistration,
    YouthFrequency,
    YouthIncome,
    YouthReferral,
    YouthUser,
)
from core.calendar import mondays
from pathways.models import Programme
from pathways.templates import TEMPLATES, programme_from_template

from .narratives import seed_demo_narratives

AGREEMENT_NAME = "Rammeaftale om mødested, ungeværtsfunktion, opkvalificering og netværk 2025–2026"
H2_2025 = (datetime.date(2025, 7, 1), datetime.date(2025, 12, 31))
H1_2026 = (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
PERIODS = (H2_2025, H1_2026)
KITCHEN_TEMPLATE = "kokkeskole"

SERVICES = [
    # kind, name, grant, description, deliverables (name, metric, target, unit, basis), measures
    (ServiceKind.MEETING_PLACE, "Innovativt, socialt og kulturelt mødested", "800000",
     "Basisbevilling 0,5 mio. kr. og 0,3 mio. kr. til innovationsmiljøet.",
     [("Fast bemandet åbningstid", "staffed_hours_per_week", 49, "timer", "week"),
      ("Aktive frivillige", "volunteers", 200, "frivillige", "agreement")],
     ["staffed_hours", "visits", "activities", "volunteers"]),
    (ServiceKind.YOUTH_HOST, "Åben adgang for sårbare og udsatte unge", "1200000",
     "Sociale værter mindst 20 timer om ugen i et aftalt tidsrum.",
     [("Bemanding med sociale værter", "staffed_hours_per_week", 20, "timer", "week")],
     ["youth_users", "youth_frequency", "youth_income", "home_support"]),
    (ServiceKind.PATHWAY, "Opkvalificering i træningskøkken", "700000",
     "24 årlige forløb à 13 uger for fortrinsvis jobparate, men også aktivitetsparate ledige.",
     [("Forløb à 13 uger", "courses_per_year", 24, "forløb", "year")],
     ["participation", "exits", "composition"]),
    (ServiceKind.NETWORK, "Netværk for ledige (Ledige med Drive)", "300000",
     "Frivilligt netværk for alle ledige med netværksformiddage alle hverdage og netværksfacilitator.",
     [("Netværksformiddage på hverdage", "weekday_activities", 4, "møder", "week")],
     ["network_members", "network_meetings", "company_visits", "counselling", "network_outcomes"]),
]  # fmt: skip

PROGRAMME = [MeetingActivity.JOB_WORKSHOP, MeetingActivity.CV, MeetingActivity.COMPANY_VISIT,
             MeetingActivity.INSPIRATION, MeetingActivity.BREAKFAST]  # fmt: skip
COMPANIES = ["Kolding Tømrer", "Fjordbyens Bageri", "Trekantens Logistik", "Sydbank Kolding", "Design Kolding",
             "Kolding Storcenter", "Vestergaard VVS", "Hotel Koldingfjord", "Danfoss", "LEGO Billund"]  # fmt: skip
ACTIVITIES = ["Strikkecafé", "Folkekøkken", "International skakklub", "Byhave", "Fortællecirkel", "Fredagsjazzjam",
              "Filmklub", "Tøjloppemarked", "Dansefest", "E-learning café", "Lyd- og musikværksted",
              "Pop-up atelier", "Jobfair", "International Food Fair"]  # fmt: skip
# Network outcomes per half-year: outcome → (total, direct); seed 003's 2014 and 2015 columns.
OUTCOMES = {
    H2_2025: {"ordinary_employment": (31, 6), "private_wage_subsidy": (2, 0), "public_wage_subsidy": (1, 0),
              "ordinary_education": (3, 0), "company_internship": (3, 0)},
    H1_2026: {"ordinary_employment": (22, 2), "private_wage_subsidy": (1, 0), "ordinary_education": (2, 0),
              "company_internship": (8, 4), "job_rotation": (1, 0), "self_employed": (4, 0)},
}  # fmt: skip
MEMBERS = {H2_2025: (231, 46, 182, 35), H1_2026: (257, 50, 199, 40)}  # mailing list, active, took part, new
VOLUNTEERS = {H2_2025: (204, Decimal("6120")), H1_2026: (212, Decimal("6480"))}


def clear_demo_agreements(municipality) -> None:
    FrameworkAgreement.objects.filter(municipality=municipality).delete()
    # The kitchen programme this module creates when the pathways demo did not (no enrolments).
    Programme.objects.filter(
        provider__municipality=municipality, name=TEMPLATES[KITCHEN_TEMPLATE]["name"], enrolments__isnull=True
    ).delete()


def seed_demo_agreements(municipality, provider, *, seed: int) -> FrameworkAgreement:
    rng = random.Random(f"brobyg-demo-agreements:{seed}")
    clear_demo_agreements(municipality)
    agreement = FrameworkAgreement.objects.create(
        municipality=municipality, provider=provider, name=AGREEMENT_NAME,
        start=datetime.date(2025, 1, 1), end=datetime.date(2026, 12, 31),
        note="Opbygget som INSP!s rammeaftale med Roskilde Kommune.",
    )  # fmt: skip
    services = {}
    for kind, name, grant, description, deliverables, measures in SERVICES:
        service = AgreementService.objects.create(
            agreement=agreement, kind=kind, name=name, annual_grant=Decimal(grant), description=description,
            programme=_kitchen_programme(provider) if kind == ServiceKind.PATHWAY else None,
        )  # fmt: skip
        Deliverable.objects.bulk_create(
            Deliverable(service=service, name=n, metric=m, target=Decimal(t), unit=u, period_basis=b)
            for n, m, t, u, b in deliverables
        )
        MeasureFollowed.objects.bulk_create(MeasureFollowed(service=service, measure=m) for m in measures)
        services[kind] = service
    _meeting_place(services[ServiceKind.MEETING_PLACE], rng)
    _youth(services[ServiceKind.YOUTH_HOST], rng)
    _network(services[ServiceKind.NETWORK], rng)
    seed_demo_narratives(services, PERIODS)
    return agreement


def _kitchen_programme(provider) -> Programme:
    existing = Programme.objects.filter(provider=provider, courses_per_year=24).order_by("pk").first()
    return existing or programme_from_template(key=KITCHEN_TEMPLATE, provider=provider)


def _weeks(start, end):
    return [w for w in mondays(start, end) if w >= start]


def _meeting_place(service, rng) -> None:
    weeks, activities, tallies = [], [], []
    groups = [g.value for g in UserGroup]
    for start, end in PERIODS:
        for week in _weeks(start, end):
            hours = Decimal(49) if rng.random() < 0.9 else Decimal(rng.choice([45, 47, 52]))
            weeks.append(
                WeeklyRegistration(
                    service=service, week=week, staffed_hours=hours, visits=rng.randint(380, 560)
                )
            )
            for _i in range(rng.choice([1, 2, 2, 3])):
                activities.append(
                    Activity(
                        service=service, date=week + datetime.timedelta(days=rng.randint(0, 6)),
                        name=rng.choice(ACTIVITIES), user_groups=rng.sample(groups, rng.randint(1, 3)),
                        participants=rng.randint(6, 150),
                    )
                )  # fmt: skip
        volunteers, hours = VOLUNTEERS[(start, end)]
        tallies.append(
            VolunteerTally(
                service=service, period_start=start, period_end=end, volunteers=volunteers, hours=hours
            )
        )
    WeeklyRegistration.objects.bulk_create(weeks)
    Activity.objects.bulk_create(activities)
    VolunteerTally.objects.bulk_create(tallies)


def _network(service, rng) -> None:
    meetings, visits, talks, outcomes, members = [], [], [], [], []
    for start, end in PERIODS:
        for week in _weeks(start, end):
            for offset, activity in enumerate(PROGRAMME):
                day = week + datetime.timedelta(days=offset)
                if day <= end and rng.random() < 0.75:
                    meetings.append(
                        NetworkMeeting(
                            service=service, date=day, activity=activity, attendance=rng.randint(7, 13)
                        )
                    )
                    if activity == MeetingActivity.COMPANY_VISIT and rng.random() < 0.55:
                        visits.append(
                            CompanyVisit(
                                service=service, date=day, company_name=rng.choice(COMPANIES),
                                local=rng.random() < 0.8, participants=rng.randint(6, 14),
                            )
                        )  # fmt: skip
        for _i in range(48):
            talks.append(
                Counselling(
                    service=service, date=start + datetime.timedelta(days=rng.randint(0, (end - start).days)),
                    member_label=f"Medlem {rng.randint(1, 28)}", conversations=1,
                )
            )  # fmt: skip
        n = 0
        for outcome, (total, direct) in OUTCOMES[(start, end)].items():
            for i in range(total):
                n += 1
                outcomes.append(
                    NetworkOutcome(
                        service=service, date=start + datetime.timedelta(days=rng.randint(0, (end - start).days)),
                        outcome=outcome, direct=i < direct, member_label=f"Medlem {start:%y%m}-{n}",
                    )
                )  # fmt: skip
        mailing, active, took_part, new = MEMBERS[(start, end)]
        members.append(
            NetworkMembership(
                service=service, period_start=start, period_end=end, on_mailing_list=mailing, active=active,
                took_part=took_part, new_members=new,
            )
        )  # fmt: skip
    NetworkMeeting.objects.bulk_create(meetings)
    CompanyVisit.objects.bulk_create(visits)
    Counselling.objects.bulk_create(talks)
    NetworkOutcome.objects.bulk_create(outcomes)
    NetworkMembership.objects.bulk_create(members)


def _youth(service, rng) -> None:
    weeks = [
        WeeklyRegistration(service=service, week=w, staffed_hours=Decimal(rng.choice([20, 20, 21, 22, 24])),
                           visits=rng.randint(40, 75))
        for start, end in PERIODS for w in _weeks(start, end)
    ]  # fmt: skip
    WeeklyRegistration.objects.bulk_create(weeks)
    # 49 active in H1 2026: 26 referred by social psychiatry (53 %), 25 on kontanthjælp (51 %),
    # 9 wages (18 %), 4 SU (8 %), 4 other (8 %) and 7 not stated otherwise (other).
    referrals = (
        [YouthReferral.SOCIAL_PSYCHIATRY] * 26
        + [YouthReferral.OTHER_REFERRAL] * 16
        + [YouthReferral.OWN_INITIATIVE] * 7
    )
    incomes = (
        [YouthIncome.KONTANTHJAELP] * 25
        + [YouthIncome.WAGES] * 9
        + [YouthIncome.SU] * 4
        + [YouthIncome.OTHER] * 11
    )
    rng.shuffle(incomes)
    users = []
    for i, (referral, income) in enumerate(zip(referrals, incomes, strict=True)):
        registered = datetime.date(2024, 9, 1) + datetime.timedelta(days=rng.randint(0, 420))
        support, changed, hours = HomeSupport.NONE, None, None
        if referral == YouthReferral.SOCIAL_PSYCHIATRY:
            support = HomeSupport.ENDED if i < 20 else HomeSupport.REDUCED if i < 23 else HomeSupport.ONGOING
            if support != HomeSupport.ONGOING:
                changed = datetime.date(2026, 1, 5) + datetime.timedelta(days=rng.randint(0, 170))
                hours = Decimal(rng.randint(2, 4)) if support == HomeSupport.REDUCED else None
        users.append(
            YouthUser(
                service=service, label=f"Ung {i + 1:02d}", registered=registered, referral=referral, income=income,
                home_support=support, home_support_changed=changed, home_support_reduced_hours=hours,
            )
        )  # fmt: skip
    # and 6 who used the host function in H2 2025 but stopped before 2026
    for j in range(6):
        users.append(
            YouthUser(
                service=service, label=f"Ung {50 + j}", registered=datetime.date(2024, 10, 1),
                left=datetime.date(2025, 8, 1) + datetime.timedelta(days=20 * j),
                referral=rng.choice(list(YouthReferral)), income=rng.choice(list(YouthIncome)),
            )
        )  # fmt: skip
    YouthUser.objects.bulk_create(users)
    # H1 2026: 9 several times a week (18 %), 16 weekly (33 %): 51 % at least weekly.
    h1 = [Frequency.SEVERAL_WEEKLY] * 9 + [Frequency.WEEKLY] * 16 + [Frequency.LESS] * 24
    rng.shuffle(h1)
    rows = [
        YouthFrequency(user=u, period_start=H1_2026[0], period_end=H1_2026[1], frequency=f)
        for u, f in zip(users[:49], h1, strict=True)
    ]
    rows += [
        YouthFrequency(user=u, period_start=H2_2025[0], period_end=H2_2025[1],
                       frequency=rng.choice([Frequency.SEVERAL_WEEKLY, Frequency.WEEKLY, Frequency.LESS, Frequency.LESS]))
        for u in users if u.registered <= H2_2025[1] and (u.left is None or u.left >= H2_2025[0])
    ]  # fmt: skip
    YouthFrequency.objects.bulk_create(rows)

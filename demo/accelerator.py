"""Demo data for the accelerator (see docs/accelerator.md): seed 001's accelerator for
Kolding. A recruitment campaign in the autumn through the business council, the business hub
and a network; a two-day boot camp in November with 12 companies; 6 selected into a 12-month
cohort (January 2024 – January 2025) with camps and sparring sessions; social models at
different stages; six months of follow-up; growth over two years against the baseline 2023.
Everything is written through the accelerator's services, so it is audited like real use.
Same seed, same rows."""

import datetime
import random
from decimal import Decimal

from accelerator import services, services_growth, services_recruitment, services_social
from accelerator.models import AcceleratorProgramme, CampaignContact, CompanyGrowth, Decision
from accounts.models import User
from registry.choices import Kind
from registry.models import Organisation

KOLDING = "0621"
START = datetime.date(2024, 1, 8)
CHANNELS = [
    ("business_council", "Kolding Erhvervsråd"),
    ("growth_house", "Erhvervshus Sydjylland"),
    ("network", "Socialøkonomisk Netværk Kolding"),
    ("direct", "Direkte henvendelse"),
]
CAMPS = [
    ("Camp 1: Dobbelt bundlinje og den sociale model", datetime.date(2024, 2, 7), "Kolding Fjord Hotel",
     [("09:00", "Fra socialt ansvar til forretning", "Mette Lund", "Den Sociale Kapitalfond"),
      ("13:00", "Værdiskabende opgaver i jeres virksomhed", "Peter Aagaard", "Erhvervshus Sydjylland")]),
    ("Camp 2: Indslusning og buddyteknikker", datetime.date(2024, 4, 10), "Jobcenter Kolding",
     [("09:00", "Den gode modtagelse", "Hanne Krogh", "VIA University College"),
      ("12:30", "Træning af buddies", "Søren Holm", "Job & Vækst Kolding")]),
    ("Camp 3: Vækst og rekruttering på særlige vilkår", datetime.date(2024, 8, 28), "Kolding Fjord Hotel",
     [("09:00", "Fleksjob, løntilskud og rimelighedskravet", "Anne Friis", "Jobcenter Kolding")]),
    ("Camp 4: Forankring og næste skridt", datetime.date(2024, 11, 20), "Designskolen Kolding",
     [("10:00", "Sådan holder den sociale model", "Mette Lund", "Den Sociale Kapitalfond")]),
]  # fmt: skip
TASKS = [
    ("Klargøring og pakning af ordrer", Decimal("15"), "Grundig, kan følge en tjekliste", 2),
    ("Oprydning og vedligehold af værksted", Decimal("10"), "Fysisk arbejde", 1),
    ("Varemodtagelse og lager", Decimal("20"), "Truckcertifikat en fordel", 1),
]
STEPS = [
    (1, "Rundvisning, sikkerhed og møde med buddyen", "Værkfører"),
    (2, "Faste opgaver sammen med buddyen", "Buddy"),
    (4, "Opfølgning med støttepersonen fra beskæftigelsesaktøren", "Virksomhedskonsulent"),
]
STAGES = ["complete", "complete", "complete", "no_training", "tasks_only", "empty"]


def clear_demo(municipalities) -> None:
    """Remove the accelerator's demo rows before the organisations are reloaded."""
    programmes = AcceleratorProgramme.objects.filter(municipality__in=municipalities)
    CampaignContact.objects.filter(campaign__cohort__programme__in=programmes).delete()
    for programme in programmes:
        programme.cohorts.all().delete()
    programmes.delete()
    CompanyGrowth.objects.filter(organisation__municipality__in=municipalities).delete()


def _companies(kolding, orgs, rng: random.Random) -> tuple[list, list]:
    """12 companies for the boot camp: the demo company contact's own company first, then
    small and medium-sized companies and social enterprises of Kolding; and 8 more that were
    contacted but did not come."""
    own = orgs[(KOLDING, "company")]
    pool = list(
        Organisation.objects.filter(municipality=kolding, kind__in=[Kind.COMPANY, Kind.SOCIAL_ENTERPRISE])
        .exclude(pk=own.pk)
        .exclude(employees_total__gt=249)
        .order_by("name", "cvr")
    )
    chosen = rng.sample(pool, 19)
    return [own, *chosen[:11]], chosen[11:]


def _assessors() -> list[User]:
    return list(User.objects.filter(username__in=["konsulent", "admin"]).order_by("username"))


def seed_demo(kolding, orgs, *, seed: int) -> dict[str, int]:
    """Load the accelerator's demo rows for Kolding; returns counts for the seed summary."""
    rng = random.Random(f"brobyg-demo-accelerator:{seed}")
    assessors = _assessors()
    by = assessors[0] if assessors else None
    programme = services.programme_create(by=by, municipality=kolding, data={
        "name": "Social inklusion gennem vækstpartnerskaber", "owner": orgs[(KOLDING, "fund")],
        "description": "Et 12 måneders socialt acceleratorforløb med individuel sparring og fælles camps med eksterne "
                       "eksperter, efterfulgt af seks måneders opfølgning.",
    })  # fmt: skip
    cohort = services.cohort_create(
        by=by, programme=programme, data={"name": "Acceleratorforløb 2024", "start": START}
    )
    companies, not_interested = _companies(kolding, orgs, rng)
    _recruit(cohort, companies, not_interested, rng, by)
    selected = _select(cohort, companies, rng, assessors)
    participants = list(cohort.participants.select_related("organisation").order_by("organisation__name"))
    _camps_and_sessions(cohort, participants, rng, by)
    _social_models(participants, by)
    _growth(participants, rng, by)
    _follow_up(participants, by)
    return {"accelerator companies": len(selected), "boot camp companies": len(companies)}


def _recruit(cohort, companies, not_interested, rng, by) -> None:
    campaign = services_recruitment.campaign_create(by=by, cohort=cohort, data={
        "name": "Dobbelt bundlinje i Kolding", "start": datetime.date(2023, 9, 1), "end": datetime.date(2023, 10, 31),
        "description": "Oplysnings- og rekrutteringskampagne i erhvervsrådet, erhvervshuset og netværkene.",
    })  # fmt: skip
    channels = [
        services_recruitment.channel_add(by=by, campaign=campaign, data={"kind": k, "name": n})
        for k, n in CHANNELS
    ]
    boot_camp = services_recruitment.boot_camp_create(
        by=by, cohort=cohort, data={"start": datetime.date(2023, 11, 16), "venue": "Kolding Fjord Hotel"}
    )
    for org in companies:
        channel = rng.choice(channels)
        day = datetime.date(2023, 9, 4) + datetime.timedelta(days=rng.randint(0, 40))
        services_recruitment.contact_log(by=by, campaign=campaign, data={
            "organisation": org, "channel": channel, "contacted_on": day, "method": rng.choice(["meeting", "phone", "event"]),
            "outcome": "interested", "note": "",
        })  # fmt: skip
        services_recruitment.boot_camp_register(
            by=by, boot_camp=boot_camp, organisation=org, registered_on=day + datetime.timedelta(days=7)
        )
    for org in not_interested:
        services_recruitment.contact_log(by=by, campaign=campaign, data={
            "organisation": org, "channel": rng.choice(channels), "method": rng.choice(["phone", "email"]),
            "contacted_on": datetime.date(2023, 9, 4) + datetime.timedelta(days=rng.randint(0, 50)),
            "outcome": rng.choice(["not_interested", "no_answer"]), "note": "",
        })  # fmt: skip
    for registration in boot_camp.registrations.all():
        services_recruitment.boot_camp_attendance(
            by=by, registration=registration, attended=rng.random() < 0.92
        )


def _select(cohort, companies, rng, assessors) -> list:
    decisions = ["selected"] * 6 + ["waiting"] * 2 + ["declined"] * 2
    selected = []
    for index, org in enumerate(companies[:10]):
        application = services_recruitment.application_create(by=assessors[0] if assessors else None, cohort=cohort, data={
            "organisation": org, "submitted_on": datetime.date(2023, 11, 24) + datetime.timedelta(days=index % 5),
            "motivation": "Vi vil udvikle en social model, så vi kan tage borgere langt fra arbejdsmarkedet ind i "
                          "værdiskabende opgaver og vokse med dobbelt bundlinje.",
        })  # fmt: skip
        strength = 5 if decisions[index] == "selected" else (3 if decisions[index] == "waiting" else 2)
        for assessor in assessors:
            for criterion in ("social", "commercial", "managerial"):
                points = max(1, min(5, strength + rng.choice([-1, 0, 0, 1])))
                services_recruitment.score_set(by=assessor, application=application, data={
                    "criterion": criterion, "score": points, "justification": JUSTIFICATIONS[criterion][points >= 4],
                })  # fmt: skip
        services_recruitment.application_decide(
            by=assessors[0] if assessors else None, application=application, decision=decisions[index],
            justification=DECISION_TEXT[decisions[index]],
        )  # fmt: skip
        if decisions[index] == Decision.SELECTED:
            selected.append(org)
    return selected


JUSTIFICATIONS = {
    "social": (
        "Det sociale formål er endnu uklart.",
        "Klart socialt formål og erfaring med borgere på kanten.",
    ),
    "commercial": ("Forretningen er sårbar.", "Sund drift og plads til vækst."),
    "managerial": ("Ledelsen har begrænset tid.", "Engageret ledelse, der vil forankre modellen."),
}
DECISION_TEXT = {
    "selected": "Stærkt socialt, kommercielt og ledelsesmæssigt potentiale til at udvikle og skalere en social model.",
    "waiting": "Godt potentiale, men forløbet er fuldt. Virksomheden tilbydes plads, hvis en anden melder fra.",
    "declined": "Virksomheden har i dag ikke kapacitet til at tage imod borgere. Vi opfordrer til at søge igen.",
}


def _camps_and_sessions(cohort, participants, rng, by) -> None:
    for title, day, venue, items in CAMPS:
        camp = services.camp_create(by=by, cohort=cohort, data={"title": title, "date": day, "venue": venue})
        for time, item, expert, expert_org in items:
            services.camp_item_add(by=by, camp=camp, data={
                "starts_at": datetime.time.fromisoformat(time), "title": item, "expert": expert,
                "expert_organisation": expert_org,
            })  # fmt: skip
        present = {p.pk for p in participants if rng.random() < 0.85}
        services.camp_attendance_save(by=by, camp=camp, attended_ids=present)
    topics = ["Forretningsmodel og dobbelt bundlinje", "Værdiskabende opgaver", "Indslusningsplan",
              "Buddyordning", "Økonomi og vækstmål", "Forankring efter forløbet"]  # fmt: skip
    for p in participants:
        for month, topic in zip((1, 3, 5, 7, 9, 11), topics, strict=True):
            day = datetime.date(2024, month, 10 + rng.randint(0, 14))
            status = "held" if rng.random() < 0.88 else "missed"
            services.session_create(by=by, participant=p, data={
                "date": day, "topic": topic, "advisor": "Mette Lund", "status": status, "note": "",
            })  # fmt: skip


def _social_models(participants, by) -> None:
    for p, stage in zip(participants, STAGES, strict=False):
        model = p.social_model
        if stage == "empty":
            continue
        for description, hours, skills, citizens in TASKS[: 3 if stage == "complete" else 1]:
            services_social.part_add(by=by, social_model=model, kind="task", data={
                "description": description, "hours_per_week": hours, "skills": skills, "citizens": citizens,
            })  # fmt: skip
        if stage == "tasks_only":
            continue
        for week, description, responsible in STEPS:
            services_social.part_add(by=by, social_model=model, kind="step", data={
                "week": week, "description": description, "responsible": responsible,
            })  # fmt: skip
        trained = datetime.date(2024, 4, 10) if stage == "complete" else None
        for name in ("Kim Mortensen", "Birgitte Vestergaard"):
            services_social.part_add(by=by, social_model=model, kind="buddy", data={
                "name": name, "job_title": "Medarbejder", "trained_on": trained,
            })  # fmt: skip


def _growth(participants, rng, by) -> None:
    for p in participants:
        turnover = Decimal(rng.randrange(2_000_000, 25_000_000, 50_000))
        for year, growth in ((2023, 0), (2024, rng.uniform(0.02, 0.15)), (2025, rng.uniform(0.03, 0.2))):
            turnover = (turnover * Decimal(str(round(1 + growth, 4)))).quantize(Decimal("1000"))
            services_growth.growth_set(by=by, participant=p, data={
                "year": year, "turnover": turnover, "citizens_hired": 0 if year == 2023 else rng.randint(0, 2),
            })  # fmt: skip


def _follow_up(participants, by) -> None:
    for p in participants:
        for follow_up in p.follow_ups.order_by("due"):
            if follow_up.due <= datetime.date(2025, 6, 1):
                services_growth.follow_up_done(
                    by=by, follow_up=follow_up, done_on=follow_up.due,
                    note="Den sociale model er i brug, og buddyerne tager imod nye borgere.",
                )  # fmt: skip

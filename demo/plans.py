"""Demo data for plans (see docs/plans.md): a Haderslev-style strategy and action plan for
Kolding (seed 002 §5.2–5.3 and §8), adopted in 2025 with a revised draft after it; seed 002's
two-phase offer as a project with some hours spent; a steering group with two meetings and a
work plan; support cases and an incubator cohort; and the entry point's outreach campaign to 61
enterprises (seed 004). Same seed, same rows."""

import datetime
import random
from decimal import Decimal

from accounts.models import User
from plans import services, services_pipeline, services_projects, services_steering, services_support
from plans.models import (
    BudgetLine,
    ContextFigure,
    Indicator,
    OutreachContact,
    PilotIdea,
    Project,
    StakeholderNeed,
    SteeringGroup,
    Strategy,
    SupportCase,
)
from plans.testing import seed002_project
from registry.choices import Kind
from registry.models import Organisation

KOLDING = "0621"
D = datetime.date

PRECONDITIONS = [
    "At skabe opmærksomhed om eksisterende socialøkonomiske virksomheder og initiativer i kommunen",
    "At fremme socialøkonomiske iværksættere i alle dele af kommunen",
    "At etablere en støttestruktur, der sandsynliggør virksomhedernes overlevelse efter 3 år",
    "Et tværorganisatorisk projekt, der tager udgangspunkt i eksisterende strukturer og nøglepersoner",
]

# (goal, indicator, baseline, target, target date, [(initiative, owner anchor or user, start, deadline, status)])
GOALS = [
    ("Flere registrerede socialøkonomiske virksomheder", Indicator.RSV_COUNT, 3, 12, D(2028, 12, 31), [
        ("Kuvøse med håndholdt sparring for nye socialøkonomiske iværksættere", "business_service", D(2025, 9, 1), D(2027, 6, 30), "ongoing"),
        ("Støtteordning: konkrete råd og vejledning til virksomhederne", "konsulent", D(2025, 8, 15), D(2026, 12, 31), "ongoing"),
    ]),
    ("Flere borgere i ordinært job fra socialøkonomiske virksomheder", Indicator.EXITS_TO_WORK, 0, 40, D(2028, 12, 31), [
        ("Jobcentret leverer arbejdskraft gennem forløb og praktik", "job_centre", D(2025, 8, 1), D(2026, 12, 31), "ongoing"),
        ("Uddannelse og sparring af kommunale medarbejdere", "business_service", D(2025, 10, 1), D(2026, 3, 31), "done"),
    ]),
    ("Flere virksomhedsplaceringer for borgere på kanten", Indicator.PLACEMENTS, 5, 60, D(2027, 12, 31), [
        ("Samspil med private virksomheder: platform for CSR-indkøb", "company", D(2026, 1, 1), D(2026, 12, 31), "planned"),
    ]),
    ("Kommunen køber hos socialøkonomiske virksomheder", Indicator.MANUAL, 0, 5, D(2027, 12, 31), [
        ("Socialøkonomiske virksomheder som underleverandører ved udbud", "procurement", D(2026, 2, 1), D(2027, 6, 30), "planned"),
        ("Lokalt socialøkonomisk netværk", "network", D(2025, 9, 1), D(2026, 6, 30), "ongoing"),
        ("Samarbejde med skoler om social innovation", "education_guidance", D(2026, 8, 1), D(2027, 6, 30), "planned"),
    ]),
]  # fmt: skip


def clear_demo(municipalities) -> None:
    """Remove this app's demo rows before the organisations are reloaded."""
    ids = [m.pk for m in municipalities]
    OutreachContact.objects.filter(municipality_id__in=ids).delete()
    PilotIdea.objects.filter(municipality_id__in=ids).delete()
    StakeholderNeed.objects.filter(municipality_id__in=ids).delete()
    ContextFigure.objects.filter(municipality_id__in=ids).delete()
    SupportCase.objects.filter(municipality_id__in=ids).delete()
    SteeringGroup.objects.filter(municipality_id__in=ids).delete()
    Project.objects.filter(municipality_id__in=ids).delete()
    Strategy.objects.filter(municipality_id__in=ids).delete()


def _strategy(kolding, orgs, consultant) -> Strategy:
    strategy = services.strategy_create(
        by=consultant, municipality=kolding, title="Socialøkonomisk strategi og handleplan",
        vision="Gennem en samlet strategi udvikles rammer og aktiviteter, der sikrer den socialøkonomiske "
        "sektor i Kolding: vækst, beskæftigelse og rum for løsning af samfundsvigtige opgaver.",
    )  # fmt: skip
    version = strategy.versions.get()
    for text in PRECONDITIONS:
        services.precondition_add(by=consultant, version=version, text=text)
    for title, indicator, baseline, target, when, items in GOALS:
        goal = services.goal_save(by=consultant, version=version, data={
            "title": title, "indicator": indicator, "baseline": Decimal(baseline), "target": Decimal(target),
            "target_date": when, "manual_value": Decimal("1.2") if indicator == Indicator.MANUAL else None,
            "indicator_label": "Kommunale indkøb hos socialøkonomiske virksomheder (mio. kr.)"
            if indicator == Indicator.MANUAL else "",
        })  # fmt: skip
        for name, owner, start, deadline, _status in items:
            services.initiative_save(by=consultant, goal=goal, data={
                "title": name, "start": start, "deadline": deadline,
                "owner_user": consultant if owner == "konsulent" else None,
                "owner_organisation": None if owner == "konsulent" else orgs.get((KOLDING, owner)),
            })  # fmt: skip
    services.version_adopt(by=consultant, version=version, adopted_on=D(2025, 6, 4), decision_ref="Byrådet 4. juni 2025, punkt 7")
    for goal in version.goals.all():
        for initiative in goal.initiatives.all():
            status = next(s for g in GOALS for (n, _o, _a, _b, s) in g[5] if n == initiative.title)
            services.initiative_set_status(by=consultant, initiative=initiative, status=status)
    # the revision the steering group is working on: a higher target and one more initiative
    draft = services.version_new_draft(by=consultant, strategy=strategy)
    goal = draft.goals.get(title=GOALS[0][0])
    services.goal_save(by=consultant, version=draft, data={"target": Decimal(15)}, goal=goal)
    services.initiative_save(by=consultant, goal=goal, data={
        "title": "Hjælp til RSV-registrering for virksomheder, der opfylder kriterierne",
        "owner_user": consultant, "start": D(2026, 9, 1), "deadline": D(2027, 3, 31),
    })  # fmt: skip
    return strategy


def _project(kolding, consultant, rng) -> Project:
    project = seed002_project(kolding, by=consultant, name="Tilbud fra Center for Socialøkonomi: strategi i to faser")
    phase1, phase2 = project.phases.order_by("position")
    services_projects.phase_save(by=consultant, project=project, phase=phase1, data={"start": D(2025, 1, 6), "end": D(2025, 6, 30)})
    services_projects.phase_save(by=consultant, project=project, phase=phase2, data={"start": D(2025, 8, 1), "end": D(2027, 6, 30)})
    services_projects.other_cost_add(by=consultant, phase=phase2, name="Lokaler og forplejning til netværksmøder", amount=Decimal("12000"))
    for activity in BudgetLine.objects.filter(phase=phase1).order_by("position"):
        month = rng.randint(1, 5)
        services_projects.actual_add(by=consultant, activity=activity, date=D(2025, month, 15), hours=activity.hours, amount=None)
    for activity in BudgetLine.objects.filter(phase=phase2).order_by("position")[:5]:
        for month in (9, 11, 2):
            year = 2025 if month > 6 else 2026
            hours = Decimal(rng.randint(4, 10))
            services_projects.actual_add(by=consultant, activity=activity, date=D(year, month, 10), hours=hours, amount=None)
    return project


def _steering(kolding, orgs, consultant, analyst, strategy) -> SteeringGroup:
    group = services_steering.group_create(
        by=consultant, municipality=kolding, name="Styregruppen for socialøkonomi", strategy=strategy,
        project_manager="Mikkel Ravn, Erhvervsservice",
    )  # fmt: skip
    services_steering.member_add(by=consultant, group=group, user=consultant, affiliation="Erhvervsservice (projektleder)")
    services_steering.member_add(by=consultant, group=group, user=analyst, affiliation="Økonomi og Analyse")
    services_steering.member_add(by=consultant, group=group, name="Formand for Det Lokale Beskæftigelsesråd", affiliation="LBR")
    services_steering.member_add(by=consultant, group=group, name="Direktør, Center for Socialøkonomi", affiliation="Ekstern rådgiver")
    services_steering.meeting_save(by=consultant, group=group, data={
        "date": D(2025, 2, 3), "agenda": "1. Projektplan og tidsplan\n2. Kortlægningens metode\n3. Styregruppens arbejdsplan",
        "decisions": "Projektplanen godkendt. Kortlægningen omfatter også foreninger med frivillige.",
        "minutes": "Styregruppen drøftede afgrænsningen af kortlægningen og bad om en interessentanalyse.",
    })  # fmt: skip
    services_steering.meeting_save(by=consultant, group=group, data={
        "date": D(2025, 5, 12), "agenda": "1. Delrapporten fra kortlægningen\n2. Udkast til strategi og handleplan",
        "decisions": "Delrapporten taget til efterretning. Udkastet sendes til politisk behandling.",
        "minutes": "Delrapporten viste 14 socialøkonomiske virksomheder og et stort potentiale blandt foreninger.",
    })  # fmt: skip
    for title, due, done in [
        ("Kortlægning afsluttet med delrapport", D(2025, 4, 30), D(2025, 5, 9)),
        ("Strategi og handleplan til politisk behandling", D(2025, 6, 4), D(2025, 6, 4)),
        ("Kuvøsen åbner for første hold", D(2026, 2, 1), D(2026, 2, 2)),
        ("Midtvejsevaluering af handleplanen", D(2026, 12, 15), None),
    ]:
        services_steering.milestone_save(by=consultant, group=group, data={"title": title, "due": due, "done_on": done})
    return group


def _cases(kolding, consultant, rng) -> int:
    enterprises = list(Organisation.objects.filter(municipality=kolding, kind=Kind.SOCIAL_ENTERPRISE).order_by("pk")[:6])
    topics = ["rsv", "financing", "procurement", "business_model", "legal_form", "staff"]
    count = 0
    for n, org in enumerate(enterprises):
        case = services_support.case_save(by=consultant, municipality=kolding, data={
            "organisation": org, "topic": topics[n % len(topics)], "advisor": consultant,
            "opened_on": D(2026, 1 + n, 5), "question": "Ønsker konkret rådgivning.",
        })  # fmt: skip
        services_support.case_contact_add(by=consultant, case=case, date=D(2026, 1 + n, 12), note="Første møde om behovet.")
        if n % 3 == 2:
            services_support.case_set_status(by=consultant, case=case, status="closed", outcome="Rådgivningen er gennemført.")
        count += 1
    # the incubator's first cohort: would-be entrepreneurs and new enterprises moving through the stages
    cohort = [("Mette Sørensen: genbrugsværksted", ["idea", "start_up"]), ("Ali Rahimi: cykelkurerer", ["idea"]),
              ("Jonas Holm: grøn café", ["idea", "start_up", "social_enterprise"]), ("Sara Lund: strikkeværksted", ["idea"])]  # fmt: skip
    for name, stages in cohort:
        case = services_support.case_save(by=consultant, municipality=kolding, data={
            "entrepreneur_name": name, "topic": "start_up", "advisor": consultant, "opened_on": D(2026, 2, 2),
            "cohort": "Kuvøseårgang 2026", "stage": stages[0],
        })  # fmt: skip
        for month, stage in enumerate(stages[1:], start=5):
            services_support.case_move_stage(by=consultant, case=case, stage=stage, moved_on=D(2026, month, rng.randint(1, 28)))
        count += 1
    return count


def _outreach(kolding, consultant, rng) -> int:
    """Seed 004: the entry point contacted 61 enterprises about the municipality's purchasing."""
    targets = list(
        Organisation.objects.filter(municipality=kolding, kind__in=[Kind.SOCIAL_ENTERPRISE, Kind.COMPANY]).order_by("pk")[:61]
    )
    campaign, outcomes = "Information om kommunens indkøb", ["Interesseret", "Ønsker møde", "Ikke relevant nu", "Sender materiale"]
    for n, org in enumerate(targets):
        date = D(2026, 9, 1) + datetime.timedelta(days=rng.randint(0, 45))
        follow = date + datetime.timedelta(days=rng.choice([14, 30, 60])) if n % 4 == 1 else None
        services_support.outreach_add(by=consultant, municipality=kolding, data={
            "organisation": org, "date": date, "channel": rng.choice(["phone", "email", "meeting"]),
            "topic": "Kommunens indkøb og udbud", "outcome": rng.choice(outcomes), "follow_up_on": follow,
            "campaign": campaign,
        })  # fmt: skip
    return len(targets)


def _pipeline_and_mapping(kolding, orgs, consultant) -> int:
    """Seed 003 §1's pilots in the pipeline with applications to funds; seed 002 §5.1's context
    figures (Haderslev's, as the offer states them) and stakeholders' needs."""
    funds = list(Organisation.objects.filter(municipality=kolding, kind=Kind.FUND).order_by("pk")[:2])
    partners = [o for o in (orgs.get((KOLDING, "provider")), orgs.get((KOLDING, "network"))) if o is not None]
    ideas = [
        ("Bedre integration af internationale borgere", "pilot", partners[:1]),
        ("Praksisbaseret læringsrum for uddannelsesinstitutioner", "idea", partners[1:]),
        ("Open space: spiremiljø for nye iværksættere", "funded", partners),
    ]
    for n, (title, stage, with_partners) in enumerate(ideas):
        idea = services_pipeline.idea_save(
            by=consultant, municipality=kolding, data={"title": title, "stage": stage, "partners": with_partners}
        )
        for fund in funds[: 1 + n % 2]:
            granted = stage == "funded"
            services_pipeline.application_add(by=consultant, idea=idea, data={
                "fund": fund, "amount_applied": Decimal(250000 * (n + 1)), "applied_on": D(2026, 2, 1),
                "amount_granted": Decimal(200000 * (n + 1)) if granted else None,
                "decided_on": D(2026, 5, 1) if granted else None,
            })  # fmt: skip
    for year, kind, value, source in [
        (2012, "population", 56000, "Danmarks Statistik"),
        (2012, "unemployment_rate", Decimal("6.9"), "Jobindsats, januar 2012"),
        (2011, "not_job_ready", 120, "Jobcentret, ultimo 2011 (matchgruppe 3)"),
        (2012, "flexjob", 600, "Jobindsats"),
        (2012, "young_not_ready", 73, "Jobcentret: andel unge kontanthjælpsmodtagere (%)"),
    ]:
        services_pipeline.context_figure_set(
            by=consultant, municipality=kolding, year=year, kind=kind, value=Decimal(value), source=source
        )
    for anchor, needs, expectations, volunteers in [
        ("cafe", "Adgang til kommunens indkøb af mødeforplejning", "En fast indgang i kommunen", ""),
        ("cafe_owner", "Lokaler til frivillige", "Samarbejde med jobcentret om praktik", "Cafévagter og lektiehjælp med 20 frivillige"),
        ("network", "Et mødested for netværket", "Kommunen deltager i netværksmøderne", ""),
    ]:
        org = orgs.get((KOLDING, anchor))
        if org is not None:
            services_pipeline.need_add(by=consultant, municipality=kolding, data={
                "organisation": org, "needs": needs, "expectations": expectations,
                "volunteer_activities": volunteers, "recorded_on": D(2025, 3, 10),
            })  # fmt: skip
    return len(ideas)


def seed_demo(kolding, orgs, *, seed: int) -> dict[str, int]:
    """Load this app's demo rows for Kolding; returns counts for the seed summary."""
    if kolding.code != KOLDING:
        return {}
    rng = random.Random(f"brobyg-plans:{seed}")
    consultant = User.objects.get(username="konsulent")
    analyst = User.objects.get(username="analytiker")
    strategy = _strategy(kolding, orgs, consultant)
    _project(kolding, consultant, rng)
    _steering(kolding, orgs, consultant, analyst, strategy)
    cases = _cases(kolding, consultant, rng)
    contacts = _outreach(kolding, consultant, rng)
    ideas = _pipeline_and_mapping(kolding, orgs, consultant)
    return {
        "strategier": 1, "projekter": 1, "styregrupper": 1, "rådgivningssager": cases,
        "opsøgende kontakter": contacts, "pilotidéer": ideas,
    }  # fmt: skip

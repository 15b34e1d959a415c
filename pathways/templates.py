"""Programme templates from the seeds, used by the demo and the tests.

- seed 001 §1 (Social inklusion gennem vækstpartnerskaber): six months of basic labour-market
  training with the employment actor at 10 hours a week, then six months of job training in a
  company (virksomhedsindslusning) with a support person from the employment actor. Six
  months are taken as 26 weeks. The seed gives no weekly hours for the company phase, so they
  are left empty, and it names no checkpoints.
- seed 003 (INSP! Mad): 24 courses a year of 13 weeks, at least 25 hours a week on weekdays,
  rolling intake; individual goals agreed at the start; a written status "inden 8.
  forløbsuge" (due by the end of week 7); then the exact goal for the last 5 weeks (agreed by
  the end of week 8); a hygiene course with a certificate (hygiejnebevis), by the end.
"""

from decimal import Decimal

from django.db import transaction

from audit.models import AuditAction
from audit.services import record

from .models import Checkpoint, CheckpointKind, Intake, Phase, Place, Programme

TEMPLATES: dict[str, dict] = {
    "vaekstpartnerskab": {
        "name": "Indslusningsforløb: arbejdsmarkedstræning og virksomhedsindslusning",
        "description": (
            "Seks måneders grundlæggende arbejdsmarkedstræning hos beskæftigelsesaktøren, derefter seks "
            "måneders praktisk jobtræning i en virksomhed med en socialfaglig støtteperson."
        ),
        "intake": Intake.FIXED,
        "capacity_per_team": None,
        "courses_per_year": None,
        "phases": [
            {
                "name": "Arbejdsmarkedstræning",
                "weeks": 26,
                "hours_per_week": Decimal("10"),
                "place": Place.PROVIDER,
                "topics": (
                    "Mødepligt, ansvarlighed, kommunikation, skrevne og uskrevne regler på en arbejdsplads, "
                    "samarbejde, fleksibilitet, stabilitet; motivation og egne styrker og barrierer; "
                    "læge/tandlæge, personlig hygiejne, mental forberedelse, træning i transport."
                ),
            },
            {
                "name": "Virksomhedsindslusning (jobtræning)",
                "weeks": 26,
                "hours_per_week": None,  # not stated in seed 001
                "place": Place.COMPANY,
                "topics": "Praktisk jobtræning i acceleratorvirksomheden med socialfaglig støtteperson.",
            },
        ],
        "checkpoints": [],
    },
    "kokkeskole": {
        "name": "Opkvalificering i træningskøkken (13 uger)",
        "description": (
            "Opkvalificering i et rigtigt køkken med rigtige kunder: mindst 25 timer om ugen på hverdage, "
            "løbende optag, 24 forløb om året."
        ),
        "intake": Intake.ROLLING,
        "capacity_per_team": None,  # not stated in seed 003
        "courses_per_year": 24,
        "phases": [
            {
                "name": "Opkvalificering i køkkenet",
                "weeks": 13,
                "hours_per_week": Decimal("25"),
                "place": Place.PROVIDER,
                "topics": (
                    "Madlavning, forberedelse og klargøring af fødevarer og køkken, rengøring, serviceopgaver; "
                    "hygiejnekursus med henblik på hygiejnebevis; arbejdspladsdansk; jobsøgning og personlig "
                    "afklaring, evt. kortere praktikperioder."
                ),
            }
        ],
        "checkpoints": [
            {
                "name": "Individuelle mål aftalt (jobcenter, deltager, leverandør)",
                "kind": CheckpointKind.GOALS,
                "due_week": 1,
            },
            {"name": "Skriftlig status (inden 8. forløbsuge)", "kind": CheckpointKind.STATUS, "due_week": 7},
            {"name": "Mål for de sidste 5 uger", "kind": CheckpointKind.GOAL_LAST_WEEKS, "due_week": 8},
            {"name": "Hygiejnebevis", "kind": CheckpointKind.CERTIFICATE, "due_week": 13},
        ],
    },
}


@transaction.atomic
def programme_from_template(*, key: str, provider, by=None, name: str | None = None) -> Programme:
    spec = TEMPLATES[key]
    programme = Programme.objects.create(
        provider=provider,
        name=name or spec["name"],
        description=spec["description"],
        intake=spec["intake"],
        capacity_per_team=spec["capacity_per_team"],
        courses_per_year=spec["courses_per_year"],
    )
    phases = [
        Phase.objects.create(programme=programme, order=i, **p) for i, p in enumerate(spec["phases"], start=1)
    ]
    for c in spec["checkpoints"]:
        phase = next(
            (p for p, w in zip(phases, _phase_ends(phases), strict=True) if c["due_week"] <= w), None
        )
        Checkpoint.objects.create(programme=programme, phase=phase, **c)
    record(
        actor=by, action=AuditAction.CREATE, event="pathways.programme.create", obj=programme,
        municipality_id=provider.municipality_id, changes={"template": key},
    )  # fmt: skip
    return programme


def _phase_ends(phases: list[Phase]) -> list[int]:
    ends, total = [], 0
    for p in phases:
        total += p.weeks
        ends.append(total)
    return ends

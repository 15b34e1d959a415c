"""What a kind of organisation typically looks like: its criteria assessments, staffing over the
years (social enterprises often with 30 % or more on special terms), relations to the other
actors, and its place in the stakeholder grid (influence × interest)."""

import datetime
import math
import random

from registry.choices import CriterionStatus, Kind, RelationKind

from .specs import AssessmentSpec, StaffingSpec, StakeholderSpec
from .vocabulary import EVIDENCE

MET, NOT_MET, UNKNOWN = (
    CriterionStatus.MET.value,
    CriterionStatus.NOT_MET.value,
    CriterionStatus.UNKNOWN.value,
)

# (chance of being assessed, the five statuses)
ASSESSMENT_PROFILES = {
    Kind.VOLUNTARY: (0.35, [MET, NOT_MET, MET, MET, None]),
    Kind.COMPANY: (0.12, [NOT_MET, MET, MET, UNKNOWN, NOT_MET]),
    Kind.EMPLOYMENT_ACTOR: (0.2, [MET, MET, MET, UNKNOWN, None]),
    Kind.FOLKEOPLYSENDE: (0.2, [MET, NOT_MET, MET, MET, MET]),
}


def assessments_for(
    rng: random.Random, kind: str, today: datetime.date, groups: str, *, registered: bool, hint: str
) -> tuple[AssessmentSpec, ...]:
    statuses: list[str] | None = None
    if registered or hint == "meets":
        statuses = [MET] * 5
    elif hint == "partly":
        statuses = [MET, MET, MET, MET, UNKNOWN]
    elif kind == Kind.SOCIAL_ENTERPRISE:
        draw = rng.random()
        if draw < 0.5:
            statuses = [MET] * 5
        elif draw < 0.85:
            statuses = [MET] * 5
            for criterion in rng.sample([2, 3, 4, 5], k=rng.randint(1, 2)):
                statuses[criterion - 1] = rng.choice([NOT_MET, UNKNOWN])
    elif kind in ASSESSMENT_PROFILES:
        chance, profile = ASSESSMENT_PROFILES[kind]
        if rng.random() < chance:
            statuses = [s or rng.choice([MET, UNKNOWN, NOT_MET]) for s in profile]
    if statuses is None:
        return ()
    assessed_on = today - datetime.timedelta(days=rng.randint(14, 600))
    year = assessed_on.year - 1
    rows = []
    for criterion, status in enumerate(statuses, start=1):
        if status == UNKNOWN:
            evidence = "Afventer dokumentation fra organisationen."
        else:
            pct = rng.randint(55, 95) if status == MET else rng.randint(10, 40)
            evidence = EVIDENCE[(criterion, status)].format(groups=groups, year=year, pct=pct)
        rows.append(AssessmentSpec(criterion, status, evidence, assessed_on))
    return tuple(rows)


STAFFING_CHANCE = {
    Kind.SOCIAL_ENTERPRISE: 0.95,
    Kind.COMPANY: 0.9,
    Kind.VOLUNTARY: 0.5,
    Kind.FOLKEOPLYSENDE: 0.7,
    Kind.EMPLOYMENT_ACTOR: 0.9,
    Kind.MUNICIPAL_UNIT: 0.6,
    Kind.COUNCIL: 0.0,
    Kind.EDUCATION: 0.6,
    Kind.FUND: 0.6,
    Kind.INCUBATOR: 0.6,
}
SIZES = {
    Kind.SOCIAL_ENTERPRISE: (3, 35),
    Kind.VOLUNTARY: (1, 6),
    Kind.FOLKEOPLYSENDE: (3, 25),
    Kind.EMPLOYMENT_ACTOR: (8, 80),
    Kind.MUNICIPAL_UNIT: (15, 150),
    Kind.EDUCATION: (40, 300),
    Kind.FUND: (3, 40),
    Kind.INCUBATOR: (2, 15),
}


def staffing_for(
    rng: random.Random, kind: str, subkind: str, today: datetime.date, share_hint
) -> tuple[StaffingSpec, ...]:
    """Staffing for the last 2–3 years, latest first."""
    if share_hint is None and rng.random() >= STAFFING_CHANCE[kind]:
        return ()
    if kind == Kind.COMPANY:
        low, high = rng.choices([(3, 9), (10, 49), (50, 249), (250, 600)], weights=[45, 35, 15, 5])[0]
    elif subkind == "job_centre":
        low, high = 120, 260
    else:
        low, high = SIZES[kind]
    total = rng.randint(low, high)
    reserved = False
    if share_hint is not None:
        share, reserved = rng.uniform(*share_hint), share_hint[0] >= 0.3
    elif kind == Kind.SOCIAL_ENTERPRISE:
        reserved = rng.random() < 0.75
        share = rng.uniform(0.3, 0.85) if reserved else rng.uniform(0.05, 0.29)
    elif kind == Kind.VOLUNTARY:
        share = rng.uniform(0, 0.3)
    elif kind == Kind.COMPANY:
        share = rng.uniform(0, 0.05)
    else:
        share = rng.uniform(0, 0.04)
    weights = [45, 20, 25, 10] if kind == Kind.SOCIAL_ENTERPRISE else [60, 5, 30, 5]
    interns_max = 3 if kind in (Kind.SOCIAL_ENTERPRISE, Kind.COMPANY, Kind.EMPLOYMENT_ACTOR) else 0
    years = rng.randint(2, 3)
    rows = []
    for offset in range(1, years + 1):
        special = min(total, round(total * share))
        if reserved:
            special = max(special, math.ceil(0.3 * total))
        split = [0, 0, 0, 0]
        for _ in range(special):
            split[rng.choices(range(4), weights=weights)[0]] += 1
        rows.append(StaffingSpec(today.year - offset, total, *split, interns=rng.randint(0, interns_max)))
        total = max(1, round(total * rng.uniform(0.8, 1.05)))
        share = min(1.0, share * rng.uniform(0.85, 1.1))
    return tuple(rows)


def relations_for(
    rng: random.Random, drafts: list[dict], by_anchor: dict[str, str], fixed: list[tuple]
) -> dict[str, list[tuple]]:
    """Relations as {source key: [(kind, target key, note)]}, no duplicates, none to itself."""
    out: dict[str, list[tuple]] = {}
    seen: set[tuple[str, str, str]] = set()

    def add(source: str | None, kind: str, target: str | None, note: str = "") -> None:
        if source and target and source != target and (source, target, kind) not in seen:
            seen.add((source, target, kind))
            out.setdefault(source, []).append((kind, target, note))

    for source, kind, target, note in fixed:
        add(source, kind, target, note)
    keys_of = {}
    for d in drafts:
        keys_of.setdefault(d["kind"], []).append(d["key"])
    companies = keys_of.get(Kind.COMPANY, [])
    enterprises = keys_of.get(Kind.SOCIAL_ENTERPRISE, [])
    funds = keys_of.get(Kind.FUND, [])
    run = {t for _s, t, k in seen if k == RelationKind.RUNS}
    a = by_anchor.get
    for d in drafts:
        if d["anchor"]:
            continue
        key, kind, chance = d["key"], d["kind"], rng.random
        if kind == Kind.SOCIAL_ENTERPRISE:
            if chance() < 0.6:
                add(key, RelationKind.MEMBER_OF, a("network"))
            if chance() < 0.25:
                add(key, RelationKind.SUPPLIER_TO, a("procurement"), "Rammeaftale")
            if companies and chance() < 0.25:
                add(key, RelationKind.SUPPLIER_TO, rng.choice(companies), "Underleverance")
            if funds and chance() < 0.3:
                add(key, RelationKind.FUNDED_BY, rng.choice(funds), "Lån eller tilskud")
        elif kind == Kind.COMPANY:
            if enterprises and chance() < 0.12:
                add(key, RelationKind.PARTNER_OF, rng.choice(enterprises), "CSR-partnerskab")
            if chance() < 0.05:
                add(key, RelationKind.MEMBER_OF, a("lbr"))
        elif kind == Kind.VOLUNTARY:
            if chance() < 0.6:
                add(key, RelationKind.MEMBER_OF, a("frivilligraad"))
            if chance() < 0.3:
                add(
                    key,
                    RelationKind.FUNDED_BY,
                    a("culture_leisure"),
                    "Tilskud til frivilligt socialt arbejde",
                )
            free = [e for e in enterprises if e not in run]
            if free and chance() < 0.15:
                target = rng.choice(free)
                run.add(target)
                add(key, RelationKind.RUNS, target)
        elif kind == Kind.FOLKEOPLYSENDE:
            if chance() < 0.8:
                add(key, RelationKind.FUNDED_BY, a("culture_leisure"), "Folkeoplysningstilskud")
            if chance() < 0.3:
                add(key, RelationKind.SUPPLIER_TO, a("job_centre"), "Danskundervisning og afklaring")
        elif kind == Kind.EMPLOYMENT_ACTOR:
            add(key, RelationKind.SUPPLIER_TO, a("job_centre"), "Virksomhedsrettede forløb")
            if chance() < 0.4:
                add(key, RelationKind.MEMBER_OF, a("lbr"))
        elif kind == Kind.EDUCATION:
            if chance() < 0.5:
                add(key, RelationKind.PARTNER_OF, a("education_guidance"))
            if chance() < 0.3:
                add(key, RelationKind.PARTNER_OF, a("job_centre"), "Uddannelsesløft for ledige")
        elif kind == Kind.INCUBATOR:
            if funds and chance() < 0.5:
                add(key, RelationKind.FUNDED_BY, rng.choice(funds))
            if chance() < 0.4:
                add(a("business_service"), RelationKind.PARTNER_OF, key)
        elif kind == Kind.MUNICIPAL_UNIT and chance() < 0.7:
            add(a("social_administration"), RelationKind.RUNS, key)
    return out


STAKEHOLDER_RANGES = {
    Kind.MUNICIPAL_UNIT: ((4, 5), (3, 5)),
    Kind.COUNCIL: ((3, 5), (3, 5)),
    Kind.SOCIAL_ENTERPRISE: ((1, 3), (4, 5)),
    Kind.COMPANY: ((2, 4), (1, 3)),
    Kind.VOLUNTARY: ((1, 2), (3, 5)),
    Kind.FOLKEOPLYSENDE: ((1, 2), (2, 4)),
    Kind.EMPLOYMENT_ACTOR: ((2, 3), (3, 5)),
    Kind.EDUCATION: ((2, 4), (2, 4)),
    Kind.FUND: ((3, 5), (2, 4)),
    Kind.INCUBATOR: ((2, 3), (3, 5)),
}
STAKEHOLDER_NOTES = {
    "job_centre": "Visiterer borgere og betaler for forløb",
    "procurement": "Kan reservere kontrakter og stille sociale klausuler",
    "business_service": "Kommunens indgang for socialøkonomiske virksomheder",
    "fund": "Mulig finansiering af nye virksomheder",
    "company": "Acceleratorvirksomhed med praktikpladser",
}


def stakeholder_for(rng: random.Random, kind: str, anchor: str) -> StakeholderSpec:
    (inf_low, inf_high), (int_low, int_high) = STAKEHOLDER_RANGES[kind]
    influence, interest = rng.randint(inf_low, inf_high), rng.randint(int_low, int_high)
    if anchor in ("job_centre", "business_service", "procurement"):
        influence, interest = 5, rng.randint(4, 5)
    note = STAKEHOLDER_NOTES.get(anchor, "")
    return StakeholderSpec(influence, interest, note)

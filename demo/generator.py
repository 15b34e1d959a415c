"""A pure, seeded generator of one municipality's social-economy actors. Everything random comes
from the random.Random passed in and every date from the reference date passed in, so the same
seed gives the same specs on every run and machine. No database access.

    >>> import random
    >>> specs = generate_municipality(random.Random(2026), "0621", n=30)
    >>> specs == generate_municipality(random.Random(2026), "0621", n=30)
    True
"""

import csv
import datetime
import random
from functools import cache
from pathlib import Path

from registry.choices import RSV_INELIGIBLE_LEGAL_FORMS, Kind, LegalForm, Sector

from . import vocabulary as v
from .anchors import ANCHOR_RELATIONS, ANCHORS, CASES, Anchor
from .identifiers import cvr_is_valid, domain_for, email_for, random_cvr, random_p_number, random_phone
from .naming import Context, random_identity
from .profiles import assessments_for, relations_for, staffing_for, stakeholder_for
from .specs import CaseSpec, ContactSpec, OrgSpec, RelationSpec

DEMO_REFERENCE_DATE = datetime.date(2026, 1, 15)

# Shares of the organisations beyond the anchors, by kind.
KIND_WEIGHTS = [
    (Kind.SOCIAL_ENTERPRISE, 20),
    (Kind.COMPANY, 34),
    (Kind.VOLUNTARY, 13),
    (Kind.FOLKEOPLYSENDE, 5),
    (Kind.EMPLOYMENT_ACTOR, 7),
    (Kind.EDUCATION, 6),
    (Kind.FUND, 4),
    (Kind.INCUBATOR, 3),
    (Kind.MUNICIPAL_UNIT, 5),
    (Kind.COUNCIL, 3),
]
SECTOR_BY_KIND = {
    Kind.SOCIAL_ENTERPRISE: Sector.PRIVATE,
    Kind.COMPANY: Sector.PRIVATE,
    Kind.VOLUNTARY: Sector.CIVIL,
    Kind.FOLKEOPLYSENDE: Sector.CIVIL,
    Kind.EMPLOYMENT_ACTOR: Sector.PRIVATE,
    Kind.MUNICIPAL_UNIT: Sector.PUBLIC,
    Kind.COUNCIL: Sector.PUBLIC,
    Kind.EDUCATION: Sector.PUBLIC,
    Kind.FUND: Sector.CIVIL,
    Kind.INCUBATOR: Sector.CIVIL,
}
TARGET_GROUPS_FILE = Path(__file__).resolve().parent.parent / "registry" / "data" / "target_groups.csv"
MUNICIPALITIES_FILE = Path(__file__).resolve().parent.parent / "tenants" / "data" / "municipalities.csv"


@cache
def target_group_codes() -> tuple[str, ...]:
    with open(TARGET_GROUPS_FILE, encoding="utf-8", newline="") as handle:
        return tuple(row["code"] for row in csv.DictReader(handle))


@cache
def municipality_names() -> dict[str, str]:
    with open(MUNICIPALITIES_FILE, encoding="utf-8", newline="") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}


def municipality_cvr(code: str) -> str:
    """The municipality's own CVR number: the real one where listed, else a stable valid one."""
    if code in v.MUNICIPALITY_CVR:
        return v.MUNICIPALITY_CVR[code]
    return random_cvr(random.Random(f"municipality-cvr:{code}"), set())


def generate_municipality(
    rng: random.Random,
    municipality_code: str,
    n: int = 150,
    *,
    reference_date: datetime.date = DEMO_REFERENCE_DATE,
    used_cvrs: set[str] | None = None,
) -> list[OrgSpec]:
    """n organisations: the anchors first (municipal units, councils, the case organisations),
    then a weighted mix of all kinds. `used_cvrs` lets several municipalities share one pool so
    no CVR number repeats across the country."""
    city = municipality_names()[municipality_code]
    ctx = Context(rng, municipality_code, city, reference_date, used_cvrs if used_cvrs is not None else set())
    drafts = [_from_anchor(ctx, anchor) for anchor in ANCHORS[:n]]
    kinds, weights = zip(*KIND_WEIGHTS, strict=True)
    for kind in rng.choices(kinds, weights=weights, k=max(0, n - len(drafts))):
        drafts.append(_random_org(ctx, kind))
    for index, draft in enumerate(drafts, start=1):
        draft["key"] = f"{municipality_code}-{index:05d}"
    by_anchor = {d["anchor"]: d["key"] for d in drafts if d["anchor"]}
    fixed = [
        (by_anchor[s], kind, by_anchor[t], note)
        for s, kind, t, note in ANCHOR_RELATIONS
        if s in by_anchor and t in by_anchor
    ]
    relations = relations_for(rng, drafts, by_anchor, fixed)
    stakeholder_keys = _stakeholder_keys(rng, drafts, round(0.4 * n))
    specs = []
    for draft in drafts:
        draft["relations"] = tuple(
            RelationSpec(kind, target, note) for kind, target, note in relations.get(draft["key"], [])
        )
        if draft["key"] in stakeholder_keys:
            draft["stakeholder"] = stakeholder_for(rng, draft["kind"], draft["anchor"])
        draft.pop("activity", None)
        draft.pop("rsv_hint", None)
        draft.pop("share_hint", None)
        specs.append(OrgSpec(**draft))
    return specs


def generate_cases(
    specs: list[OrgSpec], *, reference_date: datetime.date = DEMO_REFERENCE_DATE
) -> list[CaseSpec]:
    """The local cases whose organisations all exist among the specs."""
    if not specs:
        return []
    city = municipality_names()[specs[0].municipality_code]
    by_anchor = {s.anchor: s.key for s in specs if s.anchor}
    cases = []
    for case in CASES:
        if all(a in by_anchor for a in case["anchors"]):
            cases.append(
                CaseSpec(
                    title=case["title"],
                    story=case["story"].format(city=city),
                    effects=case["effects"],
                    methods=case["methods"],
                    year=reference_date.year + case["year"],
                    organisation_keys=tuple(by_anchor[a] for a in case["anchors"]),
                )
            )
    return cases


def _stakeholder_keys(rng: random.Random, drafts: list[dict], target: int) -> set[str]:
    anchored = [d["key"] for d in drafts if d["anchor"]]
    others = [d["key"] for d in drafts if not d["anchor"]]
    chosen = anchored[:target]
    chosen += rng.sample(others, k=min(len(others), max(0, target - len(chosen))))
    return set(chosen)


def _from_anchor(ctx: Context, anchor: Anchor) -> dict:
    extra = anchor.extra.get(ctx.code, {})
    name = extra.get("name") or anchor.name.format(city=ctx.city)
    ctx.names.add(name)
    draft = _base(ctx, anchor.kind, name, anchor.legal_form, anchor.industry_code, anchor.subkind)
    draft.update(
        anchor=anchor.anchor,
        target_groups=anchor.target_groups,
        tags=tuple(sorted(set(anchor.tags))),
        activity=anchor.activity,
        rsv_hint=anchor.rsv,
        share_hint=anchor.special_share,
    )
    draft.update({k: val for k, val in extra.items() if k in ("street", "postcode", "city")})
    return _finish(ctx, draft)


def _random_org(ctx: Context, kind: str) -> dict:
    identity = random_identity(ctx, kind)
    draft = _base(ctx, kind, identity.name, identity.legal_form, identity.industry_code, identity.subkind)
    draft.update(anchor="", tags=identity.tags, activity=identity.activity, rsv_hint="", share_hint=None)
    draft["target_groups"] = _target_groups(ctx, kind)
    return _finish(ctx, draft)


def _base(ctx: Context, kind: str, name: str, legal: str, industry: str, subkind: str) -> dict:
    rng = ctx.rng
    if kind == Kind.COUNCIL:
        cvr, p_number = "", ""
    elif kind == Kind.MUNICIPAL_UNIT:
        cvr, p_number = municipality_cvr(ctx.code), random_p_number(rng, ctx.p_numbers)
    else:
        has_cvr = rng.random() < {Kind.VOLUNTARY: 0.8, Kind.FOLKEOPLYSENDE: 0.9}.get(kind, 1.0)
        cvr = random_cvr(rng, ctx.used_cvrs) if has_cvr else ""
        p_number = random_p_number(rng, ctx.p_numbers) if cvr and rng.random() < 0.4 else ""
    street, postcode, city = _address(ctx, kind)
    return {
        "municipality_code": ctx.code,
        "name": name,
        "kind": kind,
        "subkind": subkind,
        "sector": SECTOR_BY_KIND[kind]
        if not (kind == Kind.FUND and legal == LegalForm.AS)
        else Sector.PRIVATE,
        "legal_form": legal
        if cvr or kind not in (Kind.VOLUNTARY, Kind.FOLKEOPLYSENDE)
        else LegalForm.FORENING,
        "cvr": cvr,
        "p_number": p_number,
        "street": street,
        "postcode": postcode,
        "city": city,
        "industry_code": industry if kind != Kind.COUNCIL else "",
    }


def _address(ctx: Context, kind: str) -> tuple[str, str, str]:
    rng = ctx.rng
    if kind in (Kind.MUNICIPAL_UNIT, Kind.COUNCIL):
        return {
            "0621": ("Akseltorv 1", "6000", "Kolding"),
            "0751": ("Rådhuspladsen 2", "8000", "Aarhus C"),
            "0101": ("Rådhuspladsen 1", "1550", "København V"),
        }.get(ctx.code, ("Rådhuspladsen 1", "", ctx.city))
    number = f"{rng.randint(1, 140)}{rng.choice(['', '', '', 'A', 'B'])}"
    if ctx.places:
        weights = [6 if i == 0 else 1 for i in range(len(ctx.places))]
        postcode, town, streets = rng.choices(ctx.places, weights=weights)[0]
        return f"{rng.choice(streets)} {number}", postcode, town
    return f"{rng.choice(v.GENERIC_STREETS)} {number}", "", ctx.city


def _target_groups(ctx: Context, kind: str) -> tuple[str, ...]:
    k = {
        Kind.SOCIAL_ENTERPRISE: (1, 3),
        Kind.VOLUNTARY: (1, 2),
        Kind.EMPLOYMENT_ACTOR: (2, 4),
        Kind.FOLKEOPLYSENDE: (1, 2),
    }.get(kind)
    if k is None:
        return ()
    return tuple(sorted(ctx.rng.sample(target_group_codes(), ctx.rng.randint(*k))))


def _finish(ctx: Context, draft: dict) -> dict:
    rng, kind = ctx.rng, draft["kind"]
    domain = (
        domain_for(draft["name"])
        if kind not in (Kind.MUNICIPAL_UNIT, Kind.COUNCIL)
        else domain_for(f"{ctx.city} kommune")
    )
    draft["website"] = f"https://{domain}" if draft["cvr"] and rng.random() < 0.7 else ""
    contacts = []
    for _ in range(1 if kind == Kind.COUNCIL else rng.randint(1, 2)):
        first, last = rng.choice(v.FIRST_NAMES), rng.choice(v.SURNAMES)
        person = f"{first} {rng.choice(v.SURNAMES)} {last}" if rng.random() < 0.3 else f"{first} {last}"
        contacts.append(
            ContactSpec(
                person,
                rng.choice(v.CONTACT_ROLES[kind]),
                email_for(person, domain),
                random_phone(rng, ctx.phone_prefixes),
            )
        )
    draft["contacts"] = tuple(contacts)
    labels = _target_labels(draft["target_groups"]) or "borgere på kanten af arbejdsmarkedet"
    activity = draft["activity"] or "sælger varer og tjenesteydelser"
    template = v.PURPOSES.get(kind)
    draft["purpose"] = (
        template.format(name=draft["name"], activity=activity, groups=labels, trade=activity)
        if template
        else ""
    )
    registrable = (
        bool(draft["cvr"])
        and draft["legal_form"] not in RSV_INELIGIBLE_LEGAL_FORMS
        and draft["legal_form"] != ""
    )
    registered = (
        kind == Kind.SOCIAL_ENTERPRISE
        and registrable
        and (draft["rsv_hint"] == "registered" or (not draft["rsv_hint"] and rng.random() < 0.4))
    )
    draft["rsv_registered"] = registered
    draft["rsv_registered_on"] = _registered_on(ctx) if registered else None
    draft["assessments"] = assessments_for(
        rng, kind, ctx.today, labels, registered=registered, hint=draft["rsv_hint"]
    )
    draft["staffing"] = staffing_for(rng, kind, draft["subkind"], ctx.today, draft["share_hint"])
    tags = set(draft["tags"])
    if rng.random() < 0.3:
        tags.add("Kortlægning 2025")
    if (
        kind == Kind.SOCIAL_ENTERPRISE
        and draft["staffing"]
        and draft["staffing"][0].special_total * 10 >= 3 * draft["staffing"][0].employees_total
        and rng.random() < 0.3
    ):
        tags.add("Reserveret kontrakt")
    draft["tags"] = tuple(sorted(tags))
    assert not draft["cvr"] or cvr_is_valid(draft["cvr"])  # noqa: S101
    return draft


def _registered_on(ctx: Context) -> datetime.date:
    earliest = datetime.date(2015, 1, 1)  # the RSV register opened in 2015
    day = ctx.today - datetime.timedelta(days=ctx.rng.randint(60, 3650))
    return max(day, earliest)


@cache
def _target_names() -> dict[str, str]:
    with open(TARGET_GROUPS_FILE, encoding="utf-8", newline="") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}


def _target_labels(codes: tuple[str, ...]) -> str:
    names = [_target_names()[c].lower() for c in codes]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " og " + names[-1]

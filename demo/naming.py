"""Names and traits of generated organisations, by kind: a social enterprise's trade, a
company's owner and trade, an association's name and the place it is named after. Names are
unique within a municipality."""

import datetime
import random
from dataclasses import dataclass, field

from registry.choices import Kind, LegalForm, Subkind

from . import vocabulary as v

LEGAL_SUFFIX = {
    LegalForm.APS: " ApS",
    LegalForm.AS: " A/S",
    LegalForm.IVS: " IVS",
    LegalForm.AMBA: " A.m.b.A.",
    LegalForm.IS: " I/S",
}


@dataclass
class Context:
    rng: random.Random
    code: str
    city: str
    today: datetime.date
    used_cvrs: set[str]
    names: set[str] = field(default_factory=set)
    p_numbers: set[str] = field(default_factory=set)

    @property
    def places(self):
        return v.PLACES_BY_MUNICIPALITY.get(self.code)

    @property
    def phone_prefixes(self) -> list[str]:
        return v.PHONE_PREFIXES.get(self.code, v.GENERIC_PHONE_PREFIXES)

    def place_word(self) -> str:
        if self.places and self.rng.random() < 0.4:
            return self.rng.choice(self.places[1:] or self.places)[1]
        return self.rng.choice([self.city, *v.PLACE_WORDS])

    def unique(self, make) -> str:
        for _ in range(8):
            name = make()
            if name not in self.names:
                break
        else:
            base, n = name, 2
            while f"{base} {n}" in self.names:
                n += 1
            name = f"{base} {n}"
        self.names.add(name)
        return name


@dataclass(frozen=True)
class Identity:
    name: str
    legal_form: str
    industry_code: str
    subkind: str
    tags: tuple[str, ...]
    activity: str


def random_identity(ctx: Context, kind: str) -> Identity:
    rng = ctx.rng
    subkind, tags, activity = "", [], ""
    industry = ""
    if kind == Kind.SOCIAL_ENTERPRISE:
        stem, industry, tags, activity = rng.choice(v.SOCIAL_TRADES)
        legal = rng.choices(
            [
                LegalForm.APS,
                LegalForm.FORENING,
                LegalForm.FOND,
                LegalForm.SELVEJENDE,
                LegalForm.AS,
                LegalForm.AMBA,
                LegalForm.IVS,
            ],
            weights=[45, 20, 8, 12, 5, 5, 5],
        )[0]
        name = ctx.unique(lambda: f"{stem} {ctx.place_word()}{LEGAL_SUFFIX.get(legal, '')}")
    elif kind == Kind.COMPANY:
        trade, industry, tags = rng.choice(v.COMPANY_TRADES)
        legal = rng.choices(
            [LegalForm.AS, LegalForm.APS, LegalForm.ENKELTMAND, LegalForm.IS], weights=[30, 55, 10, 5]
        )[0]
        owners = [ctx.city, *v.COMPANY_OWNER_WORDS[1:]]

        def company_name():
            pattern = rng.randrange(3)
            head = (
                f"{_possessive(rng.choice(v.SURNAMES))} {trade}"
                if pattern == 0
                else f"{rng.choice(owners)} {trade}"
                if pattern == 1
                else f"{trade} {rng.choice(v.SURNAMES)}"
            )
            return head + LEGAL_SUFFIX.get(legal, "")

        name = ctx.unique(company_name)
        activity = trade.lower()
        tags = (
            list(tags)
            + (["Praktikvært"] if rng.random() < 0.3 else [])
            + (["CSR-partner"] if rng.random() < 0.15 else [])
        )
    elif kind in (Kind.VOLUNTARY, Kind.FOLKEOPLYSENDE, Kind.EMPLOYMENT_ACTOR):
        names = {
            Kind.VOLUNTARY: v.VOLUNTARY_NAMES,
            Kind.FOLKEOPLYSENDE: v.FOLKEOPLYSENDE_NAMES,
            Kind.EMPLOYMENT_ACTOR: v.EMPLOYMENT_NAMES,
        }[kind]
        if kind == Kind.EMPLOYMENT_ACTOR:
            legal = rng.choice([LegalForm.APS, LegalForm.AS, LegalForm.SELVEJENDE])
            industry = rng.choice(["781000", "889900", "855900"])
        else:
            legal = (
                LegalForm.FORENING if kind == Kind.VOLUNTARY or rng.random() < 0.6 else LegalForm.SELVEJENDE
            )
            industry = (
                rng.choice(["949900", "889900"])
                if kind == Kind.VOLUNTARY
                else rng.choice(["855900", "855200"])
            )
        base = rng.choice(names)
        name = ctx.unique(lambda: f"{base} {ctx.place_word()}{LEGAL_SUFFIX.get(legal, '')}")
    elif kind in (Kind.EDUCATION, Kind.FUND, Kind.INCUBATOR):
        names = {
            Kind.EDUCATION: v.EDUCATION_NAMES,
            Kind.FUND: v.FUND_NAMES,
            Kind.INCUBATOR: v.INCUBATOR_NAMES,
        }[kind]
        base, industry = rng.choice(names)
        legal = {
            Kind.EDUCATION: rng.choice([LegalForm.SELVEJENDE, LegalForm.PUBLIC]),
            Kind.FUND: LegalForm.AS if industry == "641900" else LegalForm.FOND,
            Kind.INCUBATOR: rng.choice([LegalForm.FORENING, LegalForm.FOND, LegalForm.SELVEJENDE]),
        }[kind]
        name = ctx.unique(lambda: f"{base} {ctx.place_word()}")
    elif kind == Kind.MUNICIPAL_UNIT:
        base = rng.choice(v.MUNICIPAL_UNIT_NAMES)
        subkind, legal, industry = Subkind.SOCIAL_ADMINISTRATION, LegalForm.PUBLIC, "841200"
        name = ctx.unique(lambda: f"{base} {ctx.place_word()}")
    else:
        base = rng.choice(v.COUNCIL_NAMES)
        subkind = Subkind.INTEGRATIONSRAAD if base == "Integrationsrådet" else Subkind.OTHER_FORUM
        legal = ""
        name = ctx.unique(lambda: f"{base} {ctx.place_word()}")
    return Identity(name, legal, industry, subkind, tuple(sorted(set(tags))), activity)


def _possessive(name: str) -> str:
    return f"{name}'" if name[-1] in "sxz" else f"{name}s"

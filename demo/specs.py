"""Plain, frozen descriptions of demo data. The generator builds them without touching the
database; demo.loader turns them into rows. Equal seeds give equal specs (dataclass equality)."""

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ContactSpec:
    name: str
    role: str
    email: str
    phone: str


@dataclass(frozen=True)
class AssessmentSpec:
    criterion: int  # registry.choices.Criterion
    status: str  # registry.choices.CriterionStatus
    evidence: str
    assessed_on: datetime.date


@dataclass(frozen=True)
class StaffingSpec:
    year: int
    employees_total: int
    fleksjob: int = 0
    skaanejob: int = 0
    wage_subsidy: int = 0
    other_special: int = 0
    interns: int = 0

    @property
    def special_total(self) -> int:
        return self.fleksjob + self.skaanejob + self.wage_subsidy + self.other_special


@dataclass(frozen=True)
class RelationSpec:
    kind: str  # registry.choices.RelationKind
    target_key: str
    note: str = ""


@dataclass(frozen=True)
class StakeholderSpec:
    influence: int  # 1–5
    interest: int  # 1–5
    note: str = ""


@dataclass(frozen=True)
class OrgSpec:
    """One organisation. `key` is unique and stable ("0621-00001"); `anchor` names the fixed
    organisations that users and cases hang on ("job_centre", "training_kitchen" …)."""

    key: str
    municipality_code: str
    name: str
    kind: str
    sector: str
    subkind: str = ""
    anchor: str = ""
    legal_form: str = ""
    cvr: str = ""
    p_number: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    industry_code: str = ""
    target_groups: tuple[str, ...] = ()
    purpose: str = ""
    website: str = ""
    contacts: tuple[ContactSpec, ...] = ()
    rsv_registered: bool = False
    rsv_registered_on: datetime.date | None = None
    assessments: tuple[AssessmentSpec, ...] = ()
    staffing: tuple[StaffingSpec, ...] = ()
    tags: tuple[str, ...] = ()
    relations: tuple[RelationSpec, ...] = ()
    stakeholder: StakeholderSpec | None = None


@dataclass(frozen=True)
class CaseSpec:
    """A local case (seed 002 §7.3): a short story with effects and methods."""

    title: str
    story: str
    effects: str
    methods: str
    year: int
    organisation_keys: tuple[str, ...] = field(default=())

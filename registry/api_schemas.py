"""Request and response shapes of the registry API (pydantic via django-ninja).

Identifiers are validated with registry.validators, so the API accepts and rejects exactly what
the pages do ("2425 6790" is fine, a wrong check digit is not), and the error names the field."""

import datetime
import uuid
from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import field_validator

from core.api_bodies import StrictBody as _Body
from core.api_bodies import iso_date as _iso_date

from .choices import Criterion, CriterionStatus, Kind, LegalForm, RelationKind, RsvStatus, Sector, Subkind
from .selectors import SORTABLE
from .validators import clean_cvr, clean_industry_code, clean_p_number

KindCode = Literal[tuple(Kind.values)]  # type: ignore[valid-type]
SubkindCode = Literal[tuple(Subkind.values + [""])]  # type: ignore[valid-type]
SectorCode = Literal[tuple(Sector.values)]  # type: ignore[valid-type]
LegalFormCode = Literal[tuple(LegalForm.values + [""])]  # type: ignore[valid-type]
RsvStatusCode = Literal[tuple(RsvStatus.values)]  # type: ignore[valid-type]
CriterionStatusCode = Literal[tuple(CriterionStatus.values)]  # type: ignore[valid-type]
RelationKindCode = Literal[tuple(RelationKind.values)]  # type: ignore[valid-type]
SortKey = Literal[tuple(sorted(SORTABLE) + [f"-{k}" for k in sorted(SORTABLE)])]  # type: ignore[valid-type]
MunicipalityCode = Annotated[str, Field(pattern=r"^\d{4}$", examples=["0621"])]


def _django_to_value_error(func, value):
    try:
        return func(value)
    except DjangoValidationError as error:
        raise ValueError(error.messages[0]) from None


# --- Reading -----------------------------------------------------------------------------------


class MunicipalityOut(Schema):
    code: str = Field(examples=["0621"])
    name: str = Field(examples=["Kolding"])


class OrganisationRef(Schema):
    public_id: uuid.UUID
    name: str


class OrganisationListItem(Schema):
    public_id: uuid.UUID
    name: str = Field(examples=["Café Bro ApS"])
    kind: str = Field(examples=["social_enterprise"])
    subkind: str
    sector: str
    municipality: MunicipalityOut
    cvr: str = Field(examples=["24256790"])
    p_number: str
    city: str
    rsv_status: str = Field(examples=["partly"])
    criteria_met: int = Field(ge=0, le=5)
    staffing_year: int | None
    employees_total: int | None
    employees_special: int | None
    special_share: float | None = Field(description="Andel ansatte på særlige vilkår, 0–1", examples=[0.35])
    reserved_contract_eligible: bool
    target_groups: list[str] = Field(description="Målgruppekoder")
    updated_at: datetime.datetime


class OrganisationPage(Schema):
    count: int = Field(description="Antal organisationer i alt, der matcher filtrene")
    limit: int
    offset: int
    items: list[OrganisationListItem]


class TargetGroupOut(Schema):
    code: str
    name: str


class ContactOut(Schema):
    id: int
    name: str
    role: str
    email: str
    phone: str


class AssessmentOut(Schema):
    criterion: int = Field(ge=1, le=5)
    label: str
    status: str
    evidence: str
    assessed_on: datetime.date | None


class ReasonablenessOut(Schema):
    ordinary: int = Field(description="Ordinært ansatte (ikke på offentlig støtte)")
    allowed: int = Field(description="Personer i løntilskud/praktik rimelighedskravet tillader")
    used: int
    remaining: int


class StaffingOut(Schema):
    year: int
    employees_total: int
    fleksjob: int
    skaanejob: int
    wage_subsidy: int
    other_special: int
    interns: int
    special_total: int
    special_share: float | None
    reserved_contract_eligible: bool
    reasonableness: ReasonablenessOut


class RelationOut(Schema):
    kind: str
    label: str = Field(description="Relationen læst fra denne organisation")
    note: str
    organisation: OrganisationRef


class OrganisationDetail(OrganisationListItem):
    street: str
    postcode: str
    industry_code: str
    legal_form: str
    purpose: str
    website: str
    notes: str
    rsv_registered: bool
    rsv_registered_on: datetime.date | None
    can_register_in_rsv: bool
    created_at: datetime.datetime
    target_groups_detail: list[TargetGroupOut]
    tags: list[str]
    contacts: list[ContactOut]
    assessments: list[AssessmentOut] = Field(description="Alle fem RSV-kriterier, også de ikke vurderede")
    latest_staffing: StaffingOut | None
    staffing: list[StaffingOut] = Field(description="Alle år, nyeste først")
    relations_out: list[RelationOut]
    relations_in: list[RelationOut]
    can_edit: bool


# --- Filtering ---------------------------------------------------------------------------------


class OrganisationFilters(Schema):
    """The list page's filters (registry.forms.OrganisationFilterForm), plus paging."""

    q: str | None = Field(None, max_length=200, description="Navn, by, formål eller CVR")
    kind: KindCode | None = None
    sector: SectorCode | None = None
    municipality: MunicipalityCode | None = Field(None, description="Kommunekode")
    target_group: str | None = Field(None, max_length=50, description="Målgruppekode")
    tag: str | None = Field(None, max_length=60)
    rsv_status: RsvStatusCode | None = None
    criteria_min: int | None = Field(None, ge=0, le=5)
    share_min: Decimal | None = Field(None, description="Mindst % på særlige vilkår (0–100; komma tilladt)")
    reserved_eligible: bool | None = None
    sort: SortKey | None = Field(None, description="Feltnavn, med - foran for faldende")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)

    @field_validator("share_min", mode="before")
    @classmethod
    def _share(cls, value):
        if value is None or value == "":
            return None
        try:
            share = Decimal(str(value).replace(",", ".").strip())
        except InvalidOperation:
            raise ValueError(_("Skal være et tal.")) from None
        if not share.is_finite() or not (0 <= share <= 100):
            raise ValueError(_("Skal være mellem 0 og 100."))
        return share


# --- Writing -----------------------------------------------------------------------------------


class _OrganisationFields(_Body):
    subkind: SubkindCode | None = None
    cvr: str | None = Field(None, max_length=20, examples=["24256790"])
    p_number: str | None = Field(None, max_length=20)
    street: str | None = Field(None, max_length=200)
    postcode: str | None = Field(None, pattern=r"^(\d{4})?$")
    city: str | None = Field(None, max_length=100)
    industry_code: str | None = Field(None, max_length=20, examples=["88.99.00"])
    legal_form: LegalFormCode | None = None
    purpose: str | None = Field(None, max_length=5000)
    website: str | None = Field(None, max_length=200)
    notes: str | None = Field(None, max_length=5000)
    rsv_registered: bool | None = None
    rsv_registered_on: datetime.date | None = None
    target_groups: list[Annotated[str, Field(max_length=50)]] | None = Field(
        None, description="Målgruppekoder"
    )
    tags: list[Annotated[str, Field(min_length=1, max_length=60)]] | None = None

    _rsv_registered_on = field_validator("rsv_registered_on", mode="before")(_iso_date)

    @field_validator("cvr")
    @classmethod
    def _cvr(cls, value):
        return None if value is None else _django_to_value_error(clean_cvr, value)

    @field_validator("p_number")
    @classmethod
    def _p_number(cls, value):
        return None if value is None else _django_to_value_error(clean_p_number, value)

    @field_validator("industry_code")
    @classmethod
    def _industry_code(cls, value):
        return None if value is None else _django_to_value_error(clean_industry_code, value)


class OrganisationCreate(_OrganisationFields):
    municipality: MunicipalityCode
    name: str = Field(min_length=1, max_length=200, examples=["Café Bro ApS"])
    kind: KindCode
    sector: SectorCode

    @field_validator("name")
    @classmethod
    def _name(cls, value):
        if not value.strip():
            raise ValueError(_("Feltet skal udfyldes."))
        return value.strip()


class OrganisationUpdate(_OrganisationFields):
    """Only the fields sent are changed. `municipality` moves the organisation (needs
    registry.edit in both municipalities)."""

    municipality: MunicipalityCode | None = None
    name: str | None = Field(None, min_length=1, max_length=200)
    kind: KindCode | None = None
    sector: SectorCode | None = None

    @field_validator("name")
    @classmethod
    def _name(cls, value):
        if value is not None and not value.strip():
            raise ValueError(_("Feltet skal udfyldes."))
        return value.strip() if value else value


class AssessmentIn(_Body):
    criterion: int = Field(ge=1, le=5)
    status: CriterionStatusCode
    evidence: str = Field("", max_length=5000)
    assessed_on: datetime.date | None = None

    _assessed_on = field_validator("assessed_on", mode="before")(_iso_date)


class AssessmentsIn(_Body):
    criteria: list[AssessmentIn] = Field(
        min_length=5, max_length=5, description="Alle fem kriterier, hver én gang"
    )


class StaffingIn(_Body):
    employees_total: int = Field(ge=0, le=1_000_000, examples=[20])
    fleksjob: int = Field(0, ge=0, le=1_000_000, examples=[4])
    skaanejob: int = Field(0, ge=0, le=1_000_000)
    wage_subsidy: int = Field(0, ge=0, le=1_000_000, examples=[2])
    other_special: int = Field(0, ge=0, le=1_000_000)
    interns: int = Field(0, ge=0, le=1_000_000)


CRITERION_LABELS = {int(c): c.label for c in Criterion}

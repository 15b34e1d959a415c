"""Registry endpoints of the JSON API: the same reads (registry.selectors) and writes
(registry.services, atomic and audited) as the pages, with the same permissions
(registry.access): another municipality's organisation answers 404, a visible organisation the
user may not change answers 403. The field rules and the move between municipalities are the
services' (422 naming the field), exactly as on the pages."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from accounts.access import Access, access_for
from accounts.roles import Perm
from core.api_errors import READ_ERRORS, WRITE_ERRORS
from tenants.models import Municipality

from . import access as ra
from . import services
from .api_schemas import (
    CRITERION_LABELS,
    AssessmentsIn,
    OrganisationCreate,
    OrganisationDetail,
    OrganisationFilters,
    OrganisationPage,
    OrganisationUpdate,
    StaffingIn,
    StaffingOut,
)
from .choices import Criterion, CriterionStatus
from .models import Organisation, Staffing, TargetGroup
from .rules import reserved_contract_eligible
from .selectors import organisation_detail_context, organisation_search

router = Router()

TEXT_FIELDS = ["subkind", "cvr", "p_number", "street", "postcode", "city", "industry_code", "legal_form"]
TEXT_FIELDS += ["purpose", "website", "notes"]
REQUIRED_FIELDS = ["name", "kind", "sector", "municipality"]


# --- Serialising ---------------------------------------------------------------------------------


def _share(value) -> float | None:
    return None if value is None else float(value)


def list_item(org: Organisation, target_groups=None) -> dict:
    """One row of the list; target groups come from the prefetch unless given."""
    if target_groups is None:
        target_groups = org.target_groups.all()
    return {
        "public_id": org.public_id,
        "name": org.name,
        "kind": org.kind,
        "subkind": org.subkind,
        "sector": org.sector,
        "municipality": {"code": org.municipality.code, "name": org.municipality.name},
        "cvr": org.cvr,
        "p_number": org.p_number,
        "city": org.city,
        "rsv_status": org.rsv_status,
        "criteria_met": org.criteria_met,
        "staffing_year": org.staffing_year,
        "employees_total": org.employees_total,
        "employees_special": org.employees_special,
        "special_share": _share(org.special_share),
        "reserved_contract_eligible": reserved_contract_eligible(org.special_share),
        "target_groups": [group.code for group in target_groups],
        "updated_at": org.updated_at,
    }


def staffing_out(staffing: Staffing) -> dict:
    reasonableness = staffing.reasonableness
    return {
        "year": staffing.year,
        "employees_total": staffing.employees_total,
        "fleksjob": staffing.fleksjob,
        "skaanejob": staffing.skaanejob,
        "wage_subsidy": staffing.wage_subsidy,
        "other_special": staffing.other_special,
        "interns": staffing.interns,
        "special_total": staffing.special_total,
        "special_share": _share(staffing.special_share),
        "reserved_contract_eligible": reserved_contract_eligible(staffing.special_share),
        "reasonableness": {
            "ordinary": reasonableness.ordinary,
            "allowed": reasonableness.allowed,
            "used": reasonableness.used,
            "remaining": reasonableness.remaining,
        },
    }


def _relation(relation, other: Organisation, label: str) -> dict:
    return {
        "kind": relation.kind,
        "label": str(label),
        "note": relation.note,
        "organisation": {"public_id": other.public_id, "name": other.name},
    }


def detail(access: Access, org: Organisation) -> dict:
    """Everything the detail page shows, in a constant number of queries."""
    context = organisation_detail_context(access, org)
    target_groups = context["target_groups"]
    assessments = context["assessments"]
    staffing = [staffing_out(s) for s in context["staffing"]]
    return {
        **list_item(org, target_groups),
        "street": org.street,
        "postcode": org.postcode,
        "industry_code": org.industry_code,
        "legal_form": org.legal_form,
        "purpose": org.purpose,
        "website": org.website,
        "notes": org.notes,
        "rsv_registered": org.rsv_registered,
        "rsv_registered_on": org.rsv_registered_on,
        "can_register_in_rsv": org.can_register_in_rsv,
        "created_at": org.created_at,
        "target_groups_detail": [{"code": g.code, "name": g.name} for g in target_groups],
        "tags": [tag.name for tag in context["tags"]],
        "contacts": [
            {"id": c.pk, "name": c.name, "role": c.role, "email": c.email, "phone": c.phone}
            for c in context["contacts"]
        ],
        "assessments": [
            {
                "criterion": int(criterion),
                "label": str(CRITERION_LABELS[int(criterion)]),
                "status": assessments[criterion].status
                if criterion in assessments
                else CriterionStatus.UNKNOWN,
                "evidence": assessments[criterion].evidence if criterion in assessments else "",
                "assessed_on": assessments[criterion].assessed_on if criterion in assessments else None,
            }
            for criterion in Criterion
        ],
        "latest_staffing": staffing[0] if staffing else None,
        "staffing": staffing,
        "relations_out": [_relation(r, r.target, r.get_kind_display()) for r in context["relations_out"]],
        "relations_in": [_relation(r, r.source, r.inverse_label) for r in context["relations_in"]],
        "can_edit": ra.can_edit(access, org),
    }


# --- Resolving input -----------------------------------------------------------------------------


def _municipality(code: str) -> Municipality:
    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None:
        raise ValidationError({"municipality": _("Ukendt kommunekode.")})
    return municipality


def _writable_municipality(access: Access, code: str) -> Municipality:
    """The municipality to create in: 404 where the user holds nothing, 403 where the user sees
    the registry but may not change it."""
    municipality = _municipality(code)
    if not access.has(Perm.REGISTRY_VIEW, municipality.pk):
        raise Http404
    if not access.has(Perm.REGISTRY_EDIT, municipality.pk):
        raise PermissionDenied
    return municipality


def _target_groups(codes: list[str] | None, field: str = "target_groups") -> list[TargetGroup] | None:
    if codes is None:
        return None
    wanted = set(codes)
    groups = list(TargetGroup.objects.filter(code__in=wanted))
    unknown = sorted(wanted - {g.code for g in groups})
    if unknown:
        raise ValidationError({field: _("Ukendt målgruppekode: %(codes)s.") % {"codes": ", ".join(unknown)}})
    return groups


def _model_data(sent: dict) -> dict:
    """Payload values as model values: null text becomes "", null flags False."""
    data = {}
    for key, value in sent.items():
        if key in ("municipality", "target_groups", "tags"):
            continue
        if key in REQUIRED_FIELDS and value is None:
            raise ValidationError({key: _("Feltet må ikke være tomt.")})
        if key in TEXT_FIELDS and value is None:
            value = ""
        if key == "rsv_registered" and value is None:
            value = False
        data[key] = value
    return data


# --- Endpoints -----------------------------------------------------------------------------------


@router.get("/organisations", response={200: OrganisationPage, **READ_ERRORS}, summary="Organisationer")
def organisation_list(request, filters: Query[OrganisationFilters]):
    """The registry list with the list page's filters; `count` is the total before paging."""
    access = access_for(request)
    access.require(Perm.REGISTRY_VIEW)
    unknown = sorted(set(request.GET) - set(OrganisationFilters.model_fields))
    if unknown:  # a misspelt filter must not silently return everything
        raise ValidationError({name: _("Ukendt parameter.") for name in unknown})
    params = filters.model_dump(exclude={"limit", "offset"})
    if params["municipality"]:
        params["municipality"] = _municipality(params["municipality"]).pk
    if params["target_group"]:
        params["target_group"] = _target_groups([params["target_group"]], "target_group")[0].pk
    queryset = organisation_search(access, params)
    count = queryset.count()
    page = queryset.prefetch_related(
        Prefetch("target_groups", queryset=TargetGroup.objects.only("id", "code"))
    )
    rows = list(page[filters.offset : filters.offset + filters.limit]) if count else []
    return {
        "count": count,
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [list_item(o) for o in rows],
    }


@router.get(
    "/organisations/{public_id}", response={200: OrganisationDetail, **READ_ERRORS}, summary="Organisation"
)
def organisation_read(request, public_id: uuid.UUID):
    access = access_for(request)
    return detail(access, ra.organisation_get(access, public_id))


@router.post(
    "/organisations", response={201: OrganisationDetail, **WRITE_ERRORS}, summary="Opret organisation"
)
def organisation_create(request, payload: OrganisationCreate):
    """Needs registry.edit in the municipality given by `municipality` (its code)."""
    access = access_for(request)
    sent = payload.model_dump()
    municipality = _writable_municipality(access, payload.municipality)
    org = services.organisation_create(
        by=request.user,
        data=_model_data(sent) | {"municipality": municipality},
        target_groups=_target_groups(payload.target_groups),
        tags=payload.tags or [],
    )
    return Status(201, detail(access, ra.organisation_get(access, org.public_id)))


@router.patch(
    "/organisations/{public_id}",
    response={200: OrganisationDetail, **WRITE_ERRORS},
    summary="Ret organisation",
)
def organisation_update(request, public_id: uuid.UUID, payload: OrganisationUpdate):
    """Changes only the fields sent. Moving to another municipality (`municipality`) needs
    registry.edit in both; the tags move with the organisation."""
    access = access_for(request)
    org = ra.organisation_for_edit(access, public_id)
    sent = payload.model_dump(exclude_unset=True)
    data = _model_data(sent)
    if "municipality" in sent:
        if sent["municipality"] is None:
            raise ValidationError({"municipality": _("Feltet må ikke være tomt.")})
        data["municipality"] = _municipality(sent["municipality"])
    services.organisation_update(
        by=request.user,
        organisation=org,
        data=data,
        target_groups=_target_groups(sent["target_groups"] or []) if "target_groups" in sent else None,
        tags=(sent["tags"] or []) if "tags" in sent else None,
    )
    return detail(access, ra.organisation_get(access, public_id))


@router.put(
    "/organisations/{public_id}/assessments",
    response={200: OrganisationDetail, **WRITE_ERRORS},
    summary="Vurdér de fem RSV-kriterier",
)
def assessments_set(request, public_id: uuid.UUID, payload: AssessmentsIn):
    """All five criteria at once; a criterion assessed as met or not met needs evidence."""
    access = access_for(request)
    org = ra.organisation_for_edit(access, public_id)
    errors, seen = {}, set()
    for index, row in enumerate(payload.criteria):
        if row.criterion in seen:
            errors[f"criteria.{index}.criterion"] = _("Kriteriet står mere end én gang.")
        seen.add(row.criterion)
        if row.status in (CriterionStatus.MET, CriterionStatus.NOT_MET) and not row.evidence.strip():
            errors[f"criteria.{index}.evidence"] = _("Skriv dokumentationen for vurderingen.")
    if errors:
        raise ValidationError(errors)
    services.assessments_set(
        by=request.user, organisation=org, rows=[row.model_dump() for row in payload.criteria]
    )
    return detail(access, ra.organisation_get(access, public_id))


@router.put(
    "/organisations/{public_id}/staffing/{year}",
    response={200: StaffingOut, **WRITE_ERRORS},
    summary="Personale for et år",
)
def staffing_set(request, public_id: uuid.UUID, payload: StaffingIn, year: int = Path(..., ge=1900, le=2100)):
    """Creates or replaces the year's staff counts; the derived share and eligibility follow."""
    access = access_for(request)
    org = ra.organisation_for_edit(access, public_id)
    special = payload.fleksjob + payload.skaanejob + payload.wage_subsidy + payload.other_special
    if special > payload.employees_total:
        raise ValidationError(
            {"employees_total": _("Ansatte på særlige vilkår kan ikke være flere end ansatte i alt.")}
        )
    staffing = services.staffing_set(by=request.user, organisation=org, year=year, data=payload.model_dump())
    return staffing_out(staffing)

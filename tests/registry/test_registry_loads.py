"""The organisation page's loads, written as plain SQL (registry.access.organisation_get and
relations_visible_to, registry.selectors.organisation_detail_context), give what the ORM gives:
the same rows in the same order, the same fields loaded (and deferred), the same values and
types, the same scoping. The ORM formulations below are the reference (the code before issue 18)."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Q
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from accounts.access import Access
from accounts.models import Membership
from accounts.roles import Perm, Role
from registry import access as ra
from registry.choices import Criterion, CriterionStatus, Kind, RelationKind
from registry.models import Contact, CriterionAssessment, Organisation, Relation, Staffing, Tag, TargetGroup
from registry.selectors import organisation_detail_context
from registry.testing import make_organisation

# --- The reference: the ORM ----------------------------------------------------------------------


def orm_get(access, public_id, perm=Perm.REGISTRY_VIEW):
    return (
        Organisation.objects.filter(municipality_id__in=access.municipalities_with(perm))
        .select_related("municipality")
        .get(public_id=public_id)
    )


def orm_relations(access, org):
    visible = access.municipalities_with(Perm.REGISTRY_VIEW)
    rows = list(
        Relation.objects.filter(
            Q(source=org, target__municipality_id__in=visible) | Q(target=org, source__municipality_id__in=visible)
        )
        .select_related("source", "target")
        .only("kind", "note", "source", "target", "source__public_id", "source__name", "target__public_id", "target__name")
        .order_by("pk")
    )
    return [r for r in rows if r.source_id == org.pk], [r for r in rows if r.target_id == org.pk]


def orm_lists(org):
    return {
        "contacts": list(org.contacts.all()),
        "assessments": list(org.assessments.all()),
        "staffing": list(org.staffing.all()),
        "target_groups": list(org.target_groups.all()),
        "tags": list(org.tags.all()),
    }


def assert_same(loaded, expected):
    """The same model, row, loaded fields, values and value types; related objects cached alike."""
    assert type(loaded) is type(expected)
    assert loaded._state.db == expected._state.db and loaded._state.adding is expected._state.adding is False
    assert loaded.get_deferred_fields() == expected.get_deferred_fields()
    for field in type(expected)._meta.concrete_fields:
        if field.attname in expected.get_deferred_fields():
            continue
        value, wanted = getattr(loaded, field.attname), getattr(expected, field.attname)
        assert (value, type(value)) == (wanted, type(wanted)), field.name
    assert loaded._state.fields_cache.keys() == expected._state.fields_cache.keys()
    for name, related in expected._state.fields_cache.items():
        assert_same(loaded._state.fields_cache[name], related)


def assert_all_same(loaded, expected):
    assert len(loaded) == len(expected)
    for one, other in zip(loaded, expected, strict=True):
        assert_same(one, other)


# --- Varied data ---------------------------------------------------------------------------------


@pytest.fixture
def registry(world):
    """Kolding organisations with and without each list, relations both ways to visible and
    invisible (Aarhus) organisations, rows made out of their display order."""
    kolding, aarhus = world.kolding, world.aarhus
    rich = make_organisation(kolding, name="Rig Forening", kind=Kind.SOCIAL_ENTERPRISE, purpose="Formål")
    Organisation.objects.filter(pk=rich.pk).update(
        special_share=Decimal("0.3125"),
        staffing_year=2024,
        employees_total=16,
        employees_special=5,
        rsv_registered=True,
        rsv_registered_on=datetime.date(2024, 5, 1),
    )
    bare = make_organisation(kolding, name="Tom ApS")
    related_only = make_organisation(kolding, name="Kun Relationer")
    aarhus_other = make_organisation(aarhus, name="Aarhus Partner")
    for name in ("Mette", "Anders", "Søren", "Birgit"):
        Contact.objects.create(organisation=rich, name=name, role="leder", email=f"{name.lower()}@example.dk")
    for criterion, status in ((Criterion.INDEPENDENT, CriterionStatus.MET), (Criterion.SOCIAL_PURPOSE, CriterionStatus.NOT_MET)):
        CriterionAssessment.objects.create(
            organisation=rich,
            criterion=criterion,
            status=status,
            evidence="Vedtægter",
            assessed_on=datetime.date(2025, 3, 1),
            assessed_by=world.users[Role.CONSULTANT],
        )
    CriterionAssessment.objects.create(organisation=rich, criterion=Criterion.TRADING)  # no date, no assessor
    for year, total, fleks in ((2022, 10, 1), (2024, 16, 5), (2023, 12, 2)):
        Staffing.objects.create(organisation=rich, year=year, employees_total=total, fleksjob=fleks, interns=1)
    rich.target_groups.set(TargetGroup.objects.order_by("-code")[:3])
    rich.tags.set([Tag.objects.create(municipality=kolding, name=n) for n in ("værksted", "café", "genbrug")])
    related_only.tags.set([Tag.objects.get(municipality=kolding, name="café")])
    Relation.objects.create(source=rich, target=bare, kind=RelationKind.PARTNER_OF, note="kantine")
    Relation.objects.create(source=rich, target=world.aarhus_company, kind=RelationKind.SUPPLIER_TO)
    Relation.objects.create(source=related_only, target=rich, kind=RelationKind.MEMBER_OF)
    Relation.objects.create(source=aarhus_other, target=rich, kind=RelationKind.FUNDED_BY)
    Relation.objects.create(source=rich, target=related_only, kind=RelationKind.RUNS)
    Relation.objects.create(source=related_only, target=world.aarhus_company, kind=RelationKind.PARTNER_OF)
    return [rich, bare, related_only, world.company, world.aarhus_company, aarhus_other]


@pytest.fixture
def both_municipalities(world):
    """A consultant of Kolding who is also an analyst in Aarhus: sees relations across both."""
    user = world.users[Role.CONSULTANT]
    Membership.objects.create(user=user, organisation=world.aarhus_business, role=Role.ANALYST)
    return user


def readers(world, both_municipalities):
    return [
        world.users[Role.CONSULTANT],
        world.users[Role.ANALYST],
        world.users[Role.PROCUREMENT],
        world.outsiders[Role.CONSULTANT],
        world.nobody,
    ]


# --- The loads against the reference -------------------------------------------------------------


@pytest.mark.parametrize("perm", [Perm.REGISTRY_VIEW, Perm.REGISTRY_EDIT, Perm.REGISTRY_EXPORT])
def test_organisation_get_loads_what_the_orm_loads_and_404s_where_it_finds_nothing(world, registry, both_municipalities, perm):
    found = missing = 0
    for user in readers(world, both_municipalities):
        access = Access(user)
        for org in registry:
            try:
                expected = orm_get(access, org.public_id, perm)
            except Organisation.DoesNotExist:
                with pytest.raises(Http404):
                    ra.organisation_get(access, org.public_id, perm)
                missing += 1
                continue
            loaded = ra.organisation_get(access, org.public_id, perm)
            assert_same(loaded, expected)
            assert str(loaded.municipality) == str(expected.municipality)
            found += 1
    assert found and missing  # both outcomes seen for every permission


def test_organisation_get_takes_the_address_as_text_and_404s_an_unknown_one(world, registry):
    access = Access(world.users[Role.ANALYST])
    assert_same(ra.organisation_get(access, str(registry[0].public_id)), orm_get(access, registry[0].public_id))
    with pytest.raises(Http404):
        ra.organisation_get(access, uuid.uuid4())


def test_relations_are_the_orms_in_order_and_leave_out_invisible_ends(world, registry, both_municipalities):
    rich = registry[0]
    seen = set()
    for user in readers(world, both_municipalities):
        access = Access(user)
        for org in registry:
            out, into = ra.relations_visible_to(access, org)
            expected_out, expected_in = orm_relations(access, org)
            assert_all_same(out, expected_out)
            assert_all_same(into, expected_in)
            assert [r.get_kind_display() for r in out] == [r.get_kind_display() for r in expected_out]
            assert [r.inverse_label for r in into] == [r.inverse_label for r in expected_in]
            if org == rich:
                seen.add((len(out), len(into)))
    # the Kolding users miss the Aarhus ends; the user of both municipalities sees them; nobody sees none
    assert {(2, 1), (3, 2), (0, 0)} <= seen


def test_the_detail_context_is_the_orms(world, registry, both_municipalities):
    for user in readers(world, both_municipalities):
        access = Access(user)
        for org in registry:
            context = organisation_detail_context(access, org)
            expected = orm_lists(org)
            for name in ("contacts", "staffing", "target_groups", "tags"):
                assert_all_same(context[name], expected[name])
            assert list(context["assessments"]) == [a.criterion for a in expected["assessments"]]
            assert_all_same(list(context["assessments"].values()), expected["assessments"])
            out, into = orm_relations(access, org)
            assert_all_same(context["relations_out"], out)
            assert_all_same(context["relations_in"], into)
    rich = organisation_detail_context(Access(world.users[Role.CONSULTANT]), registry[0])
    assert [c.name for c in rich["contacts"]] == ["Anders", "Birgit", "Mette", "Søren"]
    assert [s.year for s in rich["staffing"]] == [2024, 2023, 2022]
    assert list(rich["assessments"]) == [Criterion.SOCIAL_PURPOSE, Criterion.TRADING, Criterion.INDEPENDENT]
    assert [t.name for t in rich["tags"]] == ["café", "genbrug", "værksted"]
    assert rich["staffing"][0].special_share == Decimal("0.3125") and rich["staffing"][0].reasonableness.allowed == 2


def test_the_loads_take_the_same_statements_for_a_rich_and_a_bare_organisation(world, registry):
    access = Access(world.users[Role.CONSULTANT])
    access.municipalities_with(Perm.REGISTRY_VIEW)  # the memberships' own query, outside the count
    counts = []
    for org in registry[:2]:
        with CaptureQueriesContext(connection) as queries:
            organisation_detail_context(access, ra.organisation_get(access, org.public_id))
        counts.append(len(queries.captured_queries))
    # the organisation, its relations, its five lists (a statement each, prepared on the server)
    assert counts == [7, 7]

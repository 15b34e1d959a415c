"""The registry list: filters, sorting, pagination, htmx partial, and a constant query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from registry import services
from registry.choices import CriterionStatus, Kind, RsvStatus, Sector
from registry.models import Organisation, TargetGroup
from registry.testing import make_organisation
from registry.views import PAGE_SIZE

MET, NOT_MET, UNKNOWN = CriterionStatus.MET, CriterionStatus.NOT_MET, CriterionStatus.UNKNOWN


def assess(org, statuses, by):
    rows = [
        {"criterion": i + 1, "status": s, "evidence": "x", "assessed_on": None}
        for i, s in enumerate(statuses)
    ]
    services.assessments_set(by=by, organisation=org, rows=rows)


@pytest.fixture
def listed(world, client_for):
    """Staffing and assessments on three Kolding organisations, set through the services."""
    by = world.users[Role.CONSULTANT]
    services.staffing_set(
        by=by, organisation=world.social_enterprise, year=2024, data={"employees_total": 10, "fleksjob": 3}
    )
    services.staffing_set(
        by=by, organisation=world.company, year=2024, data={"employees_total": 20, "fleksjob": 4}
    )
    services.staffing_set(
        by=by, organisation=world.provider, year=2024, data={"employees_total": 5, "wage_subsidy": 0}
    )
    assess(world.social_enterprise, [MET, MET, MET, UNKNOWN, UNKNOWN], by)
    assess(world.company, [MET, NOT_MET, UNKNOWN, UNKNOWN, UNKNOWN], by)
    world.client = client_for(by)
    return world


def names(client, **params) -> list[str]:
    response = client.get(reverse("registry:list"), params)
    assert response.status_code == 200
    return [org.name for org in response.context["page"].object_list]


def kolding_names(world, **filters) -> set[str]:
    return set(
        Organisation.objects.filter(municipality=world.kolding, **filters).values_list("name", flat=True)
    )


def test_it_filters_by_kind(listed):
    assert names(listed.client, kind=Kind.SOCIAL_ENTERPRISE) == ["Café Bro ApS"]
    assert set(names(listed.client, kind=Kind.MUNICIPAL_UNIT)) == {
        "Erhvervsservice Kolding",
        "Indkøb Kolding",
        "Jobcenter Kolding",
    }


def test_it_filters_by_sector(listed):
    assert set(names(listed.client, sector=Sector.PUBLIC)) == kolding_names(listed, sector=Sector.PUBLIC)
    assert set(names(listed.client, sector=Sector.PRIVATE)) == {
        "Café Bro ApS",
        "Kolding Tømrer A/S",
        "Job & Vækst Kolding ApS",
    }


def test_it_filters_by_target_group(listed):
    group = TargetGroup.objects.order_by("pk").first()
    listed.company.target_groups.add(group)
    listed.aarhus_company.target_groups.add(group)
    assert names(listed.client, target_group=group.pk) == ["Kolding Tømrer A/S"]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (RsvStatus.PARTLY, {"Café Bro ApS", "Kolding Tømrer A/S"}),
        (RsvStatus.MEETS, set()),
        (RsvStatus.REGISTERED, set()),
        (
            RsvStatus.NOT_ASSESSED,
            {"Erhvervsservice Kolding", "Indkøb Kolding", "Jobcenter Kolding", "Job & Vækst Kolding ApS"},
        ),
    ],
)
def test_it_filters_by_rsv_status(listed, status, expected):
    assert set(names(listed.client, rsv_status=status)) == expected


@pytest.mark.parametrize(("minimum", "expected"), [(0, 6), (1, 2), (3, 1), (4, 0)])
def test_it_filters_by_the_number_of_criteria_met(listed, minimum, expected):
    result = names(listed.client, criteria_min=minimum)
    assert len(result) == expected
    if minimum == 3:
        assert result == ["Café Bro ApS"]


@pytest.mark.parametrize(
    ("share_min", "expected"),
    [
        ("30", {"Café Bro ApS"}),
        ("20", {"Café Bro ApS", "Kolding Tømrer A/S"}),
        ("19,5", {"Café Bro ApS", "Kolding Tømrer A/S"}),
        ("0", {"Café Bro ApS", "Kolding Tømrer A/S", "Job & Vækst Kolding ApS"}),
        ("30,5", set()),
        ("30.5", set()),
    ],
)
def test_it_filters_by_the_share_on_special_terms(listed, share_min, expected):
    # 3/10 = 30 %, 4/20 = 20 %, 0/5 = 0 %; organisations without staffing never match.
    assert set(names(listed.client, share_min=share_min)) == expected


def test_an_invalid_filter_is_ignored_rather_than_failing(listed):
    assert len(names(listed.client, criteria_min="fem", share_min="200")) == 6


def test_an_invalid_filter_shows_its_error_and_the_valid_ones_still_apply(listed):
    response = listed.client.get(
        reverse("registry:list"), {"kind": Kind.SOCIAL_ENTERPRISE, "criteria_min": "fem"}
    )
    assert [o.name for o in response.context["page"].object_list] == ["Café Bro ApS"]
    assert "criteria_min" in response.context["form"].errors
    assert 'id="id_criteria_min_error"' in response.content.decode()


def test_it_searches_name_city_and_purpose(listed):
    Organisation.objects.filter(pk=listed.provider.pk).update(city="Vejen", purpose="Ledige i job")
    assert names(listed.client, q="tømrer") == ["Kolding Tømrer A/S"]
    assert names(listed.client, q="vejen") == ["Job & Vækst Kolding ApS"]
    assert names(listed.client, q="ledige i") == ["Job & Vækst Kolding ApS"]


def test_it_searches_by_cvr_prefix_with_spaces(listed):
    cvr = listed.company.cvr
    expected = {
        o.name for o in Organisation.objects.filter(municipality=listed.kolding) if o.cvr.startswith(cvr[:4])
    }
    assert set(names(listed.client, q=f"{cvr[:2]} {cvr[2:4]}")) == expected
    assert names(listed.client, q=cvr) == ["Kolding Tømrer A/S"]
    assert names(listed.client, q=listed.aarhus_company.cvr) == []


def test_it_combines_filters(listed):
    assert names(listed.client, sector=Sector.PRIVATE, rsv_status=RsvStatus.PARTLY, share_min="25") == [
        "Café Bro ApS"
    ]


def test_it_sorts_by_name_both_ways(listed):
    ascending, descending = names(listed.client, sort="name"), names(listed.client, sort="-name")
    assert len(ascending) == 6 and ascending == list(reversed(descending))


def test_it_sorts_by_employees_with_the_unknown_last(listed):
    assert names(listed.client, sort="-employees")[:3] == [
        "Kolding Tømrer A/S",
        "Café Bro ApS",
        "Job & Vækst Kolding ApS",
    ]
    assert names(listed.client, sort="employees")[:3] == [
        "Job & Vækst Kolding ApS",
        "Café Bro ApS",
        "Kolding Tømrer A/S",
    ]


def test_it_sorts_by_share_and_criteria(listed):
    assert names(listed.client, sort="-share")[:3] == [
        "Café Bro ApS",
        "Kolding Tømrer A/S",
        "Job & Vækst Kolding ApS",
    ]
    assert names(listed.client, sort="-criteria")[:2] == ["Café Bro ApS", "Kolding Tømrer A/S"]


def test_the_column_header_shows_the_sort_state(listed):
    body = listed.client.get(reverse("registry:list"), {"sort": "-share"}).content.decode()
    assert 'aria-sort="descending"' in body and 'href="?sort=share"' in body


def test_an_unknown_sort_key_falls_back_to_name(listed):
    assert names(listed.client, sort="password") == names(listed.client, sort="name")


def test_it_paginates(world, client_for):
    for i in range(60):
        make_organisation(world.kolding, name=f"Side-test {i:02d}")
    client = client_for(world.users[Role.ANALYST])
    total = Organisation.objects.filter(municipality=world.kolding).count()
    first = client.get(reverse("registry:list"))
    second = client.get(reverse("registry:list"), {"page": 2})
    assert first.context["total"] == total == 66
    assert len(first.context["page"].object_list) == PAGE_SIZE
    assert len(second.context["page"].object_list) == total - PAGE_SIZE
    seen = [o.pk for o in first.context["page"].object_list] + [
        o.pk for o in second.context["page"].object_list
    ]
    assert len(set(seen)) == total
    assert "66 organisationer" in first.content.decode() and "Side 1 af 2" in first.content.decode()
    assert "page=2" in first.content.decode()
    assert client.get(reverse("registry:list"), {"page": 99}).context["page"].number == 2


def test_pagination_keeps_the_filters(world, client_for):
    for i in range(55):
        make_organisation(world.kolding, name=f"Café nr. {i:02d}", kind=Kind.SOCIAL_ENTERPRISE)
    body = (
        client_for(world.users[Role.ANALYST])
        .get(reverse("registry:list"), {"kind": "social_enterprise"})
        .content.decode()
    )
    assert "kind=social_enterprise&amp;page=2" in body


def test_htmx_gets_only_the_results_fragment(listed):
    response = listed.client.get(reverse("registry:list"), {"q": "Café"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and 'id="organisation-table"' in body and "Café Bro ApS" in body


def list_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("registry:list"), {"sort": "-share"}).status_code == 200
    return len(ctx.captured_queries)


def populate(world, n: int, by):
    groups = list(TargetGroup.objects.all()[:2])
    for i in range(n):
        org = make_organisation(world.kolding, name=f"Mængde {i:03d}")
        org.target_groups.set(groups)
        services.staffing_set(
            by=by, organisation=org, year=2024, data={"employees_total": 10, "fleksjob": i % 4}
        )


def test_the_list_query_count_is_the_same_for_5_and_60_organisations(world, client_for):
    by = world.users[Role.CONSULTANT]
    client = client_for(by)
    populate(world, 5, by)
    client.get(reverse("registry:list"))  # warm the session
    few = list_queries(client)
    populate(world, 55, by)
    assert Organisation.objects.filter(name__startswith="Mængde").count() == 60
    assert list_queries(client) == few


@pytest.mark.parametrize("municipalities", ["none", "kolding", "both"])
@pytest.mark.parametrize("data", [None, {"target_group": "first", "municipality": "kolding"}])
def test_the_filter_forms_options_are_the_orms(world, municipalities, data):
    """The options are loaded as plain SQL (registry.forms._show_choices): the same values,
    labels, order and markup as the ModelChoiceFields' own querysets give, a choice still valid."""
    from django import forms as django_forms

    from registry.forms import OrganisationFilterForm
    from tenants.models import Municipality

    ids = {"none": [], "kolding": [world.kolding.pk], "both": [world.aarhus.pk, world.kolding.pk]}[municipalities]
    TargetGroup.objects.create(code="aa-sidst", name="Ældre")  # last by name though first by code
    if data is not None:
        data = {"target_group": TargetGroup.objects.order_by("name")[0].pk, "municipality": world.kolding.pk}
    form = OrganisationFilterForm(data, municipality_ids=ids)
    reference = {
        "municipality": Municipality.objects.filter(pk__in=ids),
        "target_group": TargetGroup.objects.all(),
    }
    for name, queryset in reference.items():
        orm = django_forms.ModelChoiceField(queryset=queryset, empty_label=form.fields[name].empty_label)
        orm.widget = type(form.fields[name].widget)(attrs=form.fields[name].widget.attrs)
        orm.widget.choices = orm.choices
        expected = [(str(value), str(label)) for value, label in orm.choices]
        assert [(str(value), str(label)) for value, label in form.fields[name].choices] == expected
        value = form[name].value()
        assert form.fields[name].widget.render(name, value) == orm.widget.render(name, value)
    assert len(form.fields["target_group"].choices) == TargetGroup.objects.count() + 1
    if data is not None:
        assert form.is_valid() is (municipalities != "none")
        assert form.cleaned_data["target_group"] == TargetGroup.objects.order_by("name")[0]

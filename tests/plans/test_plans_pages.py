"""Every page of plans answers 200 for the consultant (no template error on any form), in Danish
and in English, and shows no code keys."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.roles import Role
from plans import services_pipeline, services_steering
from plans.testing import make_case, make_group, make_outreach, make_strategy, rsv_goal, seed002_project


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["da", "en"])
def test_every_page_renders(world, client_for, language):
    strategy = make_strategy(world.kolding, goals=[rsv_goal()])
    version = strategy.versions.get()
    goal = version.goals.get()
    project = seed002_project(world.kolding)
    phase = project.phases.first()
    activity = phase.activities.first()
    group = make_group(world.kolding, strategy=strategy)
    meeting = services_steering.meeting_save(by=None, group=group, data={"date": datetime.date(2026, 2, 1), "agenda": "Plan"})
    case = make_case(world.kolding, organisation=world.social_enterprise, stage="idea")
    make_outreach(world.kolding, world.company, campaign="Udbud")
    idea = services_pipeline.idea_save(by=None, municipality=world.kolding, data={"title": "Spiremiljø"})
    services_pipeline.context_figure_set(by=None, municipality=world.kolding, year=2012, kind="population", value=Decimal(56000), source="DST")
    client = client_for(world.users[Role.CONSULTANT])
    if language == "en":
        client.cookies["django_language"] = "en"
    pages = [
        reverse("plans:index"), reverse("plans:strategy_create"), reverse("plans:strategy", args=[strategy.public_id]),
        reverse("plans:compare", args=[strategy.public_id]), reverse("plans:vision", args=[version.public_id]),
        reverse("plans:adopt", args=[version.public_id]), reverse("plans:precondition_add", args=[version.public_id]),
        reverse("plans:goal_create", args=[version.public_id]), reverse("plans:goal_edit", args=[version.public_id, goal.public_id]),
        reverse("plans:initiative_create", args=[goal.public_id]),
        reverse("plans:project_create"), reverse("plans:project", args=[project.public_id]),
        reverse("plans:phase_create", args=[project.public_id]), reverse("plans:phase_edit", args=[project.public_id, phase.public_id]),
        reverse("plans:activity_create", args=[phase.public_id]), reverse("plans:activity_edit", args=[activity.public_id]),
        reverse("plans:other_cost_add", args=[phase.public_id]), reverse("plans:actual_add", args=[activity.public_id]),
        reverse("plans:cases"), reverse("plans:case_create"), reverse("plans:incubator"), reverse("plans:case", args=[case.public_id]),
        reverse("plans:outreach"), reverse("plans:outreach_add"),
        reverse("plans:group_create"), reverse("plans:group", args=[group.public_id]),
        reverse("plans:member_add", args=[group.public_id]), reverse("plans:meeting_create", args=[group.public_id]),
        reverse("plans:meeting_edit", args=[group.public_id, meeting.public_id]), reverse("plans:milestone_add", args=[group.public_id]),
        reverse("plans:ideas"), reverse("plans:idea_create"), reverse("plans:application_add", args=[idea.public_id]),
        reverse("plans:mapping"), reverse("plans:need_add"), reverse("plans:figure_add"),
    ]  # fmt: skip
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        shown = re.sub(r'(value|name|id|for|href|action|class)="[^"]*"', "", body)
        for key in ("rsv_count", "social_enterprise", "business_model", "seed 00", "§"):
            assert key not in shown, (url, key)
        if language == "en":
            assert 'lang="en"' in body, url

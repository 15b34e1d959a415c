"""Steering group pages: members, meetings (minutes only for members and editors), the work
plan's milestones."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import access_for

from . import access as pa
from . import services_steering as services
from .forms import MeetingForm, MemberForm, MilestoneForm, SteeringGroupForm
from .models import Meeting
from .views import editable_municipality, form_page


def _url(group) -> str:
    return reverse("plans:group", args=[group.public_id])


@login_required
def group_create(request):
    access = access_for(request)
    municipality = editable_municipality(access)
    form = SteeringGroupForm(request.POST or None, strategies=pa.strategies_visible_to(access).filter(municipality=municipality))

    def save(data):
        return _url(services.group_create(by=request.user, municipality=municipality, **data))

    return form_page(request, form, save, title=_("Ny styregruppe"), back="plans:index", success=_("Styregruppen er oprettet."))


@login_required
def group_detail(request, public_id):
    access = access_for(request)
    group = pa.group_get(access, public_id)
    return render(request, "plans/group.html", {
        "group": group, "can_edit": pa.can_edit(access, group), "sees_minutes": pa.sees_minutes(access, group),
        "members": group.members.select_related("user"), "meetings": group.meetings.all(),
        "milestones": group.milestones.all(), "submissions": group.submissions.all(),
    })  # fmt: skip


@login_required
def member_add(request, public_id):
    group = pa.group_for_edit(access_for(request), public_id)
    form = MemberForm(request.POST or None, municipality_id=group.municipality_id)

    def save(data):
        services.member_add(by=request.user, group=group, **data)
        return _url(group)

    return form_page(request, form, save, title=_("Nyt medlem"), back=_url(group), success=_("Medlemmet er tilføjet."))


@login_required
def meeting_edit(request, public_id, meeting_id=None):
    group = pa.group_for_edit(access_for(request), public_id)
    meeting = get_object_or_404(Meeting, public_id=meeting_id, group=group) if meeting_id else None
    form = MeetingForm(request.POST or None, instance=meeting)

    def save(data):
        services.meeting_save(by=request.user, group=group, data=data, meeting=meeting)
        return _url(group)

    title = _("Redigér møde") if meeting else _("Nyt møde")
    return form_page(request, form, save, title=title, back=_url(group), success=_("Mødet er gemt."))


@login_required
def milestone_add(request, public_id):
    group = pa.group_for_edit(access_for(request), public_id)
    form = MilestoneForm(request.POST or None)

    def save(data):
        services.milestone_save(by=request.user, group=group, data=data)
        return _url(group)

    return form_page(request, form, save, title=_("Ny milepæl"), back=_url(group), success=_("Milepælen er tilføjet."))

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from accounts.access import access_for
from accounts.roles import Perm
from core.forms import FdsFormMixin

from .models import AuditAction, AuditEvent


class AuditFilterForm(FdsFormMixin, forms.Form):
    actor = forms.CharField(label=_("Bruger"), required=False)
    action = forms.ChoiceField(label=_("Handling"), required=False, choices=[("", _("Alle"))] + AuditAction.choices)
    event = forms.CharField(label=_("Hændelse"), required=False, help_text=_("fx registry.organisation"))
    object_label = forms.CharField(label=_("Objekt"), required=False)
    date_from = forms.DateField(label=_("Fra dato"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Til dato"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


@login_required
def audit_list(request):
    """An administrator browses their municipalities' audit trail. Read-only by design."""
    access = access_for(request)
    access.require(Perm.AUDIT_VIEW)
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.filter(municipality_id__in=access.municipalities_with(Perm.AUDIT_VIEW))
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["actor"]:
            events = events.filter(actor_label__icontains=data["actor"])
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["event"]:
            events = events.filter(event__startswith=data["event"])
        if data["object_label"]:
            events = events.filter(object_label__icontains=data["object_label"])
        if data["date_from"]:
            events = events.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            events = events.filter(at__date__lte=data["date_to"])
    page = Paginator(events.order_by("-at", "-id"), 100).get_page(request.GET.get("page"))
    return render(request, "audit/list.html", {"form": form, "page": page})

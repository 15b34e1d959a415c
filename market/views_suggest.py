"""Supplier suggestions for a posting and the invitations (procurement or the posting company)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import access_for
from registry.models import Organisation

from . import access as ma
from .services_invite import invite_suppliers
from .suggestions import suggestions_for


@login_required
def suggestions(request, public_id):
    access = access_for(request)
    posting = ma.posting_for_manage(access, public_id)
    rows = suggestions_for(posting)
    invited = set(posting.invitations.values_list("organisation_id", flat=True))
    return render(request, "market/suggestions.html", {"posting": posting, "rows": rows, "invited": invited})


@login_required
@require_POST
def invite(request, public_id):
    access = access_for(request)
    posting = ma.posting_for_manage(access, public_id)
    wanted = {s.organisation.pk for s in suggestions_for(posting)} & {
        int(v) for v in request.POST.getlist("organisation") if v.isdigit()
    }
    try:
        created = invite_suppliers(by=request.user, posting=posting, organisations=Organisation.objects.filter(pk__in=wanted))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(n)s virksomheder er inviteret. E-mails sendes i baggrunden.") % {"n": len(created)})
    return redirect("market:suggestions", public_id=posting.public_id)

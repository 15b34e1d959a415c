"""Market pages: the board, a posting's page and its management (lifecycle moves, lots,
documents, social clauses, questions and answers). Lookups go through market.access (404 for
missing and forbidden alike); every write through market.services. Bids: views_bids.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.access import access_for
from accounts.roles import Perm
from core.forms import add_service_errors
from core.lifecycle import IllegalTransition

from . import access as ma
from . import selectors, services
from .eligibility import eligibility_for
from .forms import (
    AnswerForm,
    ClauseForm,
    DocumentForm,
    LotForm,
    OrganisationChoiceForm,
    PostingForm,
    QuestionForm,
)
from .models import COMPANY_KINDS, MUNICIPAL_KINDS, PostingKind, Status
from .rules import manual_moves

PAGE_SIZE = 50


@login_required
def index(request):
    access = access_for(request)
    if not ma.can_list(access):
        raise Http404
    kind = request.GET.get("type", "") if request.GET.get("type") in PostingKind.values else ""
    status = request.GET.get("status", "") if request.GET.get("status") in Status.values else ""
    mine = request.GET.get("mine") == "1"
    page = Paginator(selectors.posting_list(access, kind=kind, status=status, mine=mine), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page, "kinds": PostingKind.choices, "statuses": Status.choices, "kind": kind, "status": status,
        "mine": mine, "can_post": ma.can_post(access), "can_bid": bool(ma.bidder_ids(access)),
        "can_see_value": bool(ma.social_value_municipalities(access)),
    }  # fmt: skip
    return render(request, "market/index.html", context)


def _kinds_for(access) -> list[str]:
    kinds = list(MUNICIPAL_KINDS) if access.has(Perm.MARKET_BUY) else []
    return kinds + (list(COMPANY_KINDS) if access.organisations_with(Perm.MARKET_POST_OWN) else [])


def _posting_form(request, access, initial=None):
    return PostingForm(
        request.POST or None, initial=initial, buyers=selectors.buyer_choices(access), kinds=_kinds_for(access)
    )


@login_required
def posting_create(request):
    access = access_for(request)
    if not ma.can_post(access):
        raise Http404
    form = _posting_form(request, access)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        buyer = data.pop("buyer")
        try:
            posting = services.posting_create(by=request.user, buyer=buyer, data=data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Opslaget er gemt som kladde."))
            return redirect("market:detail", public_id=posting.public_id)
    return render(request, "market/posting_form.html", {"form": form})


@login_required
def posting_edit(request, public_id):
    access = access_for(request)
    posting = ma.posting_for_manage(access, public_id)
    form = _posting_form(request, access, initial=PostingForm.initial_from(posting))
    form.fields["buyer"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "buyer"}
        try:
            services.posting_update(by=request.user, posting=posting, data=data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Opslaget er gemt."))
            return redirect("market:detail", public_id=posting.public_id)
    return render(request, "market/posting_form.html", {"form": form, "posting": posting})


@login_required
def posting_detail(request, public_id):
    access = access_for(request)
    posting = ma.posting_get(access, public_id)
    now = timezone.now()
    can_manage = ma.can_manage(access, posting)
    bidders = selectors.bidder_choices(access, posting)
    eligibility = []
    if posting.reserved or any(lot.reserved for lot in posting.lots.all()):
        eligibility = [(org, eligibility_for([org.pk])) for org in bidders]
    context = {
        "posting": posting, **selectors.posting_parts(posting), "can_manage": can_manage,
        "bids": list(selectors.bids_on(access, posting, now=now)), "sealed": now < posting.bid_deadline,
        "interests": list(selectors.interests_on(posting)) if can_manage else [],
        "moves": sorted(manual_moves(posting.status)) if can_manage else [],
        "can_bid": posting.status == Status.PUBLISHED and now <= posting.bid_deadline and bidders.exists(),
        "eligibility": eligibility, "bidders": bidders,
        "question_form": QuestionForm(organisations=bidders) if bidders.exists() else None,
        "interest_form": OrganisationChoiceForm(organisations=bidders) if bidders.exists() else None,
        "lot_form": LotForm(), "document_form": DocumentForm(), "clause_form": ClauseForm(), "answer_form": AnswerForm(),
    }  # fmt: skip
    if not can_manage:
        context["questions"] = [q for q in context["questions"] if q.answer]
    return render(request, "market/detail.html", context)


MOVE_MESSAGES = {
    Status.PUBLISHED: gettext_lazy("Opslaget er offentliggjort."),
    Status.CLOSED: gettext_lazy("Opslaget er lukket for tilbud."),
    Status.CANCELLED: gettext_lazy("Opslaget er annulleret."),
}


@login_required
@require_POST
def posting_move(request, public_id, target):
    access = access_for(request)
    posting = ma.posting_for_manage(access, public_id)
    try:
        services.posting_move(by=request.user, posting=posting, target=target)
    except IllegalTransition:
        messages.error(request, _("Opslaget kan ikke skifte til den status nu."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, str(MOVE_MESSAGES.get(target, _("Status er ændret."))))
    return redirect("market:detail", public_id=posting.public_id)


def _post_part(request, public_id, form_class, save, success):
    """Shared shape of the small POST forms on a posting's page: errors go back as messages."""
    access = access_for(request)
    posting = ma.posting_for_manage(access, public_id)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            save(posting, form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, success)
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for message in errors:
                messages.error(request, f"{label}: {message}" if label else message)
    return redirect("market:detail", public_id=posting.public_id)


@login_required
@require_POST
def lot_add(request, public_id):
    return _post_part(
        request, public_id, LotForm, lambda p, d: services.lot_add(by=request.user, posting=p, data=d),
        _("Delkontrakten er tilføjet."),
    )  # fmt: skip


@login_required
@require_POST
def document_add(request, public_id):
    def save(posting, data):
        upload = data["file"]
        services.document_add(by=request.user, posting=posting, file_name=upload.name, content=upload.read())

    return _post_part(request, public_id, DocumentForm, save, _("Dokumentet er uploadet."))


@login_required
@require_POST
def clause_add(request, public_id):
    return _post_part(
        request, public_id, ClauseForm, lambda p, d: services.clause_add(by=request.user, posting=p, data=d),
        _("Den sociale klausul er tilføjet."),
    )  # fmt: skip


@login_required
def document_download(request, public_id, document_id):
    access = access_for(request)
    posting = ma.posting_get(access, public_id)
    document = get_object_or_404(posting.documents, public_id=document_id)
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.file_name}"'
    return response


@login_required
@require_POST
def question_ask(request, public_id):
    access = access_for(request)
    posting = ma.posting_get(access, public_id)
    form = QuestionForm(request.POST, organisations=selectors.bidder_choices(access, posting))
    if form.is_valid():
        try:
            services.question_ask(
                by=request.user, posting=posting, organisation=form.cleaned_data["organisation"],
                text=form.cleaned_data["text"],
            )  # fmt: skip
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Spørgsmålet er sendt. Svaret bliver synligt for alle tilbudsgivere."))
    else:
        messages.error(request, _("Skriv dit spørgsmål og vælg virksomheden."))
    return redirect("market:detail", public_id=posting.public_id)


@login_required
@require_POST
def question_answer(request, public_id, pk):
    access = access_for(request)
    posting = ma.posting_for_manage(access, public_id)
    question = get_object_or_404(posting.questions, pk=pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        services.question_answer(by=request.user, question=question, answer=form.cleaned_data["answer"])
        messages.success(request, _("Svaret er offentliggjort for alle tilbudsgivere."))
    else:
        messages.error(request, _("Skriv et svar."))
    return redirect("market:detail", public_id=posting.public_id)

"""Public pages, no login: the list of published postings, one posting, its documents, the
OCDS release packages (page and download) and the Atom feed. They read only
selectors.public_postings (models.public_q), so nothing unpublished can leak."""


from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import ocds, selectors
from .models import Document

PAGE_SIZE = 50


def public_list(request):
    page = Paginator(selectors.public_postings(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "market/public_list.html", {"page": page})


def public_detail(request, public_id):
    posting = selectors.public_posting(public_id)
    context = {"posting": posting, **selectors.posting_parts(posting)}
    context["questions"] = [q for q in context["questions"] if q.answer]
    return render(request, "market/public_detail.html", context)


def public_document(request, public_id, document_id):
    posting = selectors.public_posting(public_id)
    document = get_object_or_404(Document.objects.filter(posting=posting), public_id=document_id)
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.file_name}"'
    return response


def _package_response(request, postings, file_name: str):
    package = ocds.release_package(
        postings, uri=request.build_absolute_uri(), base_url=request.build_absolute_uri("/").rstrip("/")
    )
    response = JsonResponse(package, json_dumps_params={"ensure_ascii": False, "indent": 2})
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


def ocds_all(request):
    stamp = timezone.localdate().strftime("%Y%m%d")
    return _package_response(request, ocds.public_postings_for_ocds(), f"brobyg-ocds-{stamp}.json")


def ocds_posting(request, public_id):
    postings = ocds.public_postings_for_ocds().filter(public_id=public_id)
    get_object_or_404(postings)
    return _package_response(request, postings, f"ocds-{public_id}.json")


class PostingFeed(Feed):
    """Atom feed of published postings, newest first."""

    feed_type = Atom1Feed
    title = gettext_lazy("Brobyg: udbud og opgaver")
    subtitle = gettext_lazy("Nye opslag fra kommuner og virksomheder på markedspladsen.")

    def link(self):
        return reverse("market:public_list")

    def items(self):
        return selectors.public_postings().order_by("-published_at", "-pk")[:50]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        deadline = timezone.localtime(item.bid_deadline).strftime("%d-%m-%Y %H:%M")
        return _("%(kind)s fra %(buyer)s. Frist for tilbud: %(deadline)s.") % {
            "kind": item.get_kind_display(), "buyer": item.buyer.name, "deadline": deadline,
        }  # fmt: skip

    def item_link(self, item):
        return reverse("market:public_detail", args=[item.public_id])

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at



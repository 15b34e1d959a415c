"""Confirmation of destructive or irreversible actions (an exit, deleting a contact, removing a
role, deactivating a user), checked on the server: a POST without `confirm=1` changes nothing
and answers with a page that asks the question again, carrying the posted fields, so the action
is confirmed with or without JavaScript. With JavaScript the same question is a dkfds modal
(templates/core/_confirm.html, static/js/confirm.js) whose button posts `confirm=1`."""

from django.db import transaction
from django.shortcuts import render

CONFIRM_FIELD = "confirm"
NOT_CARRIED = {"csrfmiddlewaretoken", CONFIRM_FIELD}


def confirmed(request) -> bool:
    return request.POST.get(CONFIRM_FIELD) == "1"


def ask_to_confirm(request, *, title: str, text: str, action_label: str, cancel_url: str):
    """The confirmation page: the question, the posted fields as hidden inputs, a confirm button
    and a way back. Nothing has been changed."""
    fields = [(k, v) for k, values in request.POST.lists() if k not in NOT_CARRIED for v in values]
    context = {"title": title, "text": text, "action_label": action_label, "cancel_url": cancel_url, "fields": fields}
    return render(request, "core/confirm.html", context)


class _Rollback(Exception):
    pass


def dry_run(change) -> None:
    """Run `change()` and roll it back: the service's own checks run (raising its
    ValidationError) before the user is asked to confirm, so an error is never found only
    after the confirmation."""
    try:
        with transaction.atomic():
            change()
            raise _Rollback
    except _Rollback:
        pass

"""Signed tokens for the links in e-mails: a personal cancellation link per registration,
and confirm/unsubscribe links per subscription. The token carries only the public id; the
signature (with a salt per purpose) makes it impossible to guess another person's link."""

from django.core import signing

SIGNUP_CANCEL = "events.signup.cancel"
SUBSCRIPTION_CONFIRM = "events.subscription.confirm"
SUBSCRIPTION_UNSUBSCRIBE = "events.subscription.unsubscribe"


def make(public_id, purpose: str) -> str:
    return signing.dumps(str(public_id), salt=purpose)


def read(token: str, purpose: str) -> str | None:
    """The public id in a valid token, else None (tampered, foreign or truncated)."""
    try:
        return signing.loads(token, salt=purpose)
    except signing.BadSignature:
        return None

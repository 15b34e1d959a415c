import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .roles import Role


class User(AbstractUser):
    """A person who logs in. What they may see follows from their memberships."""

    email = models.EmailField(_("e-mail"), unique=True)

    class Meta:
        verbose_name = _("bruger")
        verbose_name_plural = _("brugere")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Membership(models.Model):
    """A user's role in one organisation; the organisation's municipality is the tenant."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey("registry.Organisation", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="unique_membership_role"),
        ]
        verbose_name = _("medlemskab")
        verbose_name_plural = _("medlemskaber")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class TokenScope(models.TextChoices):
    READ = "read", _("Kun læse")
    WRITE = "write", _("Læse og skrive")


TOKEN_DEFAULT_DAYS = 90
TOKEN_MAX_DAYS = 365


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored; the raw value is shown once.
    Every token expires (90 days unless chosen otherwise, at most a year) and has a scope: a
    read token is refused (403) on every write."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("navn"), max_length=100)
    prefix = models.CharField(max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("udløber"))
    scope = models.CharField(_("adgang"), max_length=5, choices=TokenScope.choices)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-nøgle")
        verbose_name_plural = _("API-nøgler")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(
        cls, *, user, name: str, scope: str = TokenScope.WRITE, days: int = TOKEN_DEFAULT_DAYS
    ) -> tuple["ApiToken", str]:
        if not 1 <= days <= TOKEN_MAX_DAYS:
            raise ValueError(f"an API token lives 1 to {TOKEN_MAX_DAYS} days, not {days}")
        raw = "bb_" + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            prefix=raw[:8],
            key_hash=_hash_token(raw),
            scope=TokenScope(scope),
            expires_at=timezone.now() + timedelta(days=days),
        )
        return token, raw

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @classmethod
    def find(cls, raw: str) -> "ApiToken | None":
        return cls.objects.active().select_related("user").filter(key_hash=_hash_token(raw)).first()


class ThrottleScope(models.TextChoices):
    USER = "user", _("brugernavn")
    IP = "ip", _("IP-adresse")


class LoginThrottle(models.Model):
    """Failed logins counted per username (across IP addresses) and per IP address (across
    usernames); accounts/throttle.py turns the count into a growing wait before the next try."""

    scope = models.CharField(max_length=4, choices=ThrottleScope.choices)
    key = models.CharField(max_length=150)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="unique_login_throttle")]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key} ({self.failures})"

"""Sessions, passwords and the address a request comes from.

- ``SessionTimeoutMiddleware``: a session ends after ``SESSION_IDLE_SECONDS`` without a request
  and, however busy, ``SESSION_ABSOLUTE_SECONDS`` after the login; the user signs in again.
- ``CharacterClassesValidator``: a password mixes at least ``min_classes`` of lower case, upper
  case, digits and other characters (with Django's minimum length, the rule of MLPS 2.0).
- ``client_ip``: behind ``TRUSTED_PROXY_COUNT`` reverse proxies that each append the address they saw to
``X-Forwarded-For``, the client's address is the one the outermost proxy appended; with none,
``REMOTE_ADDR``. Addresses a client writes itself into the header are never taken.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# A session's last request is written back at most this often (seconds), not on every request.
SEEN_EVERY_SECONDS = 60


def client_ip(request) -> str | None:
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR") or None


def session_started(sender, request, user, **kwargs) -> None:
    """At login, the session's start and last request (connected to user_logged_in in apps.py)."""
    if hasattr(request, "session"):
        request.session["started_at"] = request.session["seen_at"] = time.time()


class SessionTimeoutMiddleware:
    """Ends a signed-in session that has been idle too long or has lasted too long."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            self._check(request)
        return self.get_response(request)

    def _check(self, request) -> None:
        session, now = request.session, time.time()
        started, seen = session.get("started_at"), session.get("seen_at")
        if started is None or seen is None:
            session["started_at"] = session["seen_at"] = now
            return
        if now - seen > settings.SESSION_IDLE_SECONDS or now - started > settings.SESSION_ABSOLUTE_SECONDS:
            logout(request)
            messages.info(
                request,
                _("You were signed out after a long time without activity, or a long session; please sign in again."),
            )
            return
        if now - seen > SEEN_EVERY_SECONDS:
            session["seen_at"] = now  # saves the session: its expiry moves on


class CharacterClassesValidator:
    """A password mixes at least ``min_classes`` of: lower case, upper case, digits, other characters."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    @staticmethod
    def classes(password: str) -> int:
        kinds = (str.islower, str.isupper, str.isdigit, lambda char: not char.isalnum())
        return sum(any(kind(char) for char in password) for kind in kinds)

    def validate(self, password, user=None) -> None:
        if self.classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return ngettext(
            "Your password must mix at least %(count)d kind of characters: lower case, upper case, digits, others.",
            "Your password must mix at least %(count)d kinds of characters: lower case, upper case, digits, others.",
            self.min_classes,
        ) % {"count": self.min_classes}

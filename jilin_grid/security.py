"""Sessions, passwords and the address a request comes from.

- ``SessionTimeoutMiddleware``: a session ends after ``SESSION_IDLE_SECONDS`` without a request
  and, however busy, ``SESSION_ABSOLUTE_SECONDS`` after the login; the user signs in again.
- ``CharacterClassesValidator``: a password mixes at least ``min_classes`` of lower case, upper
  case, digits and other characters (with Django's minimum length, the rule of MLPS 2.0).
- ``client_ip``: behind ``TRUSTED_PROXY_COUNT`` reverse proxies that each append the address they saw to
``X-Forwarded-For``, the client's address is the one the outermost proxy appended; with none,
``REMOTE_ADDR``. Addresses a client writes itself into the header are never taken.
- ``ApiClientPortalMiddleware``: an account whose only role is the read-only API client has no
  portal pages (403 on every page and export); the API, the login and logout, the language switch
  and the Django admin are left alone. The portal's login form refuses such an account.
- Demo accounts (known passwords) belong to the group ``DEMO_GROUP``; at login the session notes
  it, so every page shows the "Demo account" badge without a query.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .scope import get_scope

# A session's last request is written back at most this often (seconds), not on every request.
SEEN_EVERY_SECONDS = 60


def client_ip(request) -> str | None:
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR") or None


# The group of the demo accounts, whose passwords are published (communities/demo.py adds them).
DEMO_GROUP = "Demo accounts"
# The session key that marks a demo account's session (set at login).
DEMO_SESSION_KEY = "demo_account"


def session_started(sender, request, user, **kwargs) -> None:
    """At login, the session's start and last request, and whether the account is a demo one
    (connected to user_logged_in in apps.py)."""
    if hasattr(request, "session"):
        request.session["started_at"] = request.session["seen_at"] = time.time()
        if user.groups.filter(name=DEMO_GROUP).exists():
            request.session[DEMO_SESSION_KEY] = True


# Said in both languages, like the lockout page: the account's holder may read either.
API_CLIENT_ONLY_MESSAGE = (
    "此账号仅供接口客户端使用：请用令牌访问接口，不能登录门户。"
    " / This account is for API clients: use it with a token, not in the portal."
)


class ApiClientPortalMiddleware:
    """403 on every portal page for an account whose only role is the read-only API client."""

    # URL names whose paths (and everything below them) stay open to such an account.
    open_url_names = ("api-root", "admin:index", "login", "logout", "set_language", "healthz", "readyz")

    def __init__(self, get_response):
        self.get_response = get_response
        self._open_prefixes: tuple[str, ...] | None = None

    def open_prefixes(self) -> tuple[str, ...]:
        if self._open_prefixes is None:
            static = tuple(f"/{url.lstrip('/')}" for url in (settings.STATIC_URL, settings.MEDIA_URL) if url)
            self._open_prefixes = tuple(reverse(name) for name in self.open_url_names) + static
        return self._open_prefixes

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith(self.open_prefixes()):
            return None
        if get_scope(getattr(request, "user", None)).is_api_client_only:
            return render(request, "403.html", {"refusal": API_CLIENT_ONLY_MESSAGE}, status=403)
        return None


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

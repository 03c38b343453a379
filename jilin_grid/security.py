"""The address a request comes from, for the lockout of password guessing.

Behind ``TRUSTED_PROXY_COUNT`` reverse proxies that each append the address they saw to
``X-Forwarded-For``, the client's address is the one the outermost proxy appended; with none,
``REMOTE_ADDR``. Addresses a client writes itself into the header are never taken.
"""

from __future__ import annotations

from django.conf import settings


def client_ip(request) -> str | None:
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR") or None

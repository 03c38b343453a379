"""How the shared layer obtains an API token for a user (the load benchmark's client) without
knowing the app that keeps tokens: that app registers its issuer here when it starts."""

from __future__ import annotations

from collections.abc import Callable

_issuer: Callable[..., str] | None = None


def register_token_issuer(issuer: Callable[..., str]) -> None:
    """``issuer(user=..., label=...)`` makes a new token for the user and answers its key."""
    global _issuer
    _issuer = issuer


def issue_token(*, user, label: str) -> str:
    """A new API token's key for ``user``, as ``Authorization: Token <key>`` takes it."""
    if _issuer is None:
        raise RuntimeError("No app registered an API token issuer.")
    return _issuer(user=user, label=label)

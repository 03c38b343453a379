"""API authentication with the portal's own tokens (``communities.ApiToken``).

Clients send ``Authorization: Token <key>`` as before. An unknown, expired or revoked key, or the
key of an inactive account, answers 401 with ``WWW-Authenticate: Token`` and a message saying
which. A request that authenticates costs one query; its last use is written at most once a minute.
"""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from communities.models import ApiToken
from communities.services import api_token_record_use

# Bilingual like the API's other refusals (``jilin_grid.api.exceptions.bilingual``, which cannot be
# imported here: DRF loads this class while its own views module is still half initialised).
INVALID = "令牌无效。 / Invalid token."
EXPIRED = "令牌已过期，请向管理员申请新的令牌。 / The token has expired; ask an administrator for a new one."
REVOKED = "令牌已被撤销，请向管理员申请新的令牌。 / The token has been revoked; ask an administrator for a new one."
INACTIVE = "账号已停用或已删除。 / The account is inactive or deleted."


class ApiTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``, checked against the SHA-256 of the portal's tokens."""

    keyword = "Token"

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash_key(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(INVALID)
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(REVOKED)
        now = timezone.now()
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(EXPIRED)
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(INACTIVE)
        api_token_record_use(token=token, now=now)
        return token.user, token


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The OpenAPI security scheme of the tokens, named ``tokenAuth`` as before."""

    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'Token-based authentication with required prefix "Token"; tokens expire.',
        }

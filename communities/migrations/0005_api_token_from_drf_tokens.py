"""The tokens of DRF's ``rest_framework.authtoken`` become the portal's own tokens.

Each old key keeps working (its client changes nothing) until API_TOKEN_DEFAULT_DAYS from now;
only its SHA-256 is kept. The old table, which held the keys in clear, is dropped, and its
migrations are forgotten, so the app could be installed again from scratch.
"""

import hashlib
from datetime import UTC, timedelta

from django.conf import settings
from django.db import migrations
from django.utils import timezone
from django.utils.dateparse import parse_datetime

OLD_TABLE = "authtoken_token"


def _aware(value):
    """A timestamp read with a raw cursor: a string on some backends, naive (UTC) on others."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


def copy_drf_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if OLD_TABLE not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("communities", "ApiToken")
    now = timezone.now()
    expires_at = now + timedelta(days=settings.API_TOKEN_DEFAULT_DAYS)
    quote = schema_editor.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quote('key')}, {quote('user_id')}, {quote('created')} FROM {quote(OLD_TABLE)}")
        rows = cursor.fetchall()
    ApiToken.objects.bulk_create(
        ApiToken(
            label="Token before expiry",
            user_id=user_id,
            key_hash=hashlib.sha256(key.encode()).hexdigest(),
            key_prefix=key[:8],
            created_at=_aware(created) or now,
            expires_at=expires_at,
        )
        for key, user_id, created in rows
    )
    schema_editor.execute(f"DROP TABLE {quote(OLD_TABLE)}")
    schema_editor.execute("DELETE FROM django_migrations WHERE app = %s", ["authtoken"])


class Migration(migrations.Migration):
    dependencies = [("communities", "0004_api_token")]

    # The keys cannot be recovered from their hashes: going back leaves the new tokens alone.
    operations = [migrations.RunPython(copy_drf_tokens, migrations.RunPython.noop, elidable=True)]

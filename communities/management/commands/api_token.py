"""API tokens for operators: create one (its key is printed once), list them, revoke one.

python manage.py api_token create --user api --label "big screen" [--days 90]
python manage.py api_token list [--user api] [--all]
python manage.py api_token revoke ID
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from communities.choices import ApiTokenStatus
from communities.models import ApiToken
from communities.services import api_token_create, api_token_revoke


class Command(BaseCommand):
    help = "Create (the key is printed once), list or revoke API tokens."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create a token and print its key, once.")
        create.add_argument("--user", required=True, help="The account the token acts for.")
        create.add_argument("--label", required=True, help="Which client uses the token.")
        create.add_argument(
            "--days",
            type=int,
            default=settings.API_TOKEN_DEFAULT_DAYS,
            help=f"Days until it expires (default {settings.API_TOKEN_DEFAULT_DAYS}, "
            f"at most {settings.API_TOKEN_MAX_DAYS}).",
        )
        listing = actions.add_parser("list", help="List the tokens still active (or all with --all).")
        listing.add_argument("--user", help="Only this account's tokens.")
        listing.add_argument("--all", action="store_true", help="Include expired and revoked tokens.")
        revoke = actions.add_parser("revoke", help="Revoke a token by its id (see list).")
        revoke.add_argument("id", type=int)

    def handle(self, *args, action: str, **options):
        getattr(self, f"handle_{action}")(**options)

    def handle_create(self, *, user: str, label: str, days: int, **options):
        account = get_user_model().objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"没有账号 {user}。 / No account named {user!r}.")
        if days < 1:
            raise CommandError("--days 至少为 1。 / --days must be at least 1.")
        try:
            now = timezone.now()
            token, key = api_token_create(user=account, label=label, expires_at=now + timedelta(days=days), now=now)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        expires = f"{timezone.localtime(token.expires_at):%Y-%m-%d %H:%M}"
        self.stdout.write(
            self.style.SUCCESS(f"Token {token.pk} for {account.get_username()} ({label}), expires {expires}.")
        )
        self.stdout.write("The key, shown this once (only its hash is kept):")
        self.stdout.write(key)

    def handle_list(self, *, user: str | None, all: bool, **options):
        now = timezone.now()
        tokens = ApiToken.objects.select_related("user").order_by("user__username", "-created_at")
        if user:
            tokens = tokens.filter(user__username=user)
        if not all:
            tokens = tokens.live(now)
        self.stdout.write("id\tuser\tlabel\tkey\tcreated\texpires\tlast used\tstatus")
        for token in tokens:
            used = f"{timezone.localtime(token.last_used_at):%Y-%m-%d %H:%M}" if token.last_used_at else "-"
            self.stdout.write(
                f"{token.pk}\t{token.user.get_username()}\t{token.label}\t{token.key_prefix}…\t"
                f"{timezone.localtime(token.created_at):%Y-%m-%d}\t{timezone.localtime(token.expires_at):%Y-%m-%d}\t"
                f"{used}\t{ApiTokenStatus(token.status_at(now)).value}"
            )

    def handle_revoke(self, *, id: int, **options):
        token = ApiToken.objects.filter(pk=id).first()
        if token is None:
            raise CommandError(f"没有编号为 {id} 的令牌。 / No token with id {id}.")
        if token.revoked_at is not None:
            self.stdout.write(f"Token {id} was already revoked.")
            return
        api_token_revoke(token=token)
        self.stdout.write(self.style.SUCCESS(f"Token {id} ({token.label}, {token.user}) is revoked."))

"""Writes of the notifications: delivering (once per event and recipient, by e-mail too for the
kinds a user chose), marking read, and a user's e-mail choices. Keyword-only, atomic, validated."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .choices import NotificationKind
from .models import EmailPreference, Notification

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000


@dataclass(frozen=True)
class Pending:
    """A notification to deliver: the event, its recipient and what it says."""

    kind: str
    event_key: str
    recipient_id: int
    subject: str
    link: str
    area_code: str
    due_on: date | None = None


def notifications_deliver(*, pending: Iterable[Pending]) -> list[int]:
    """Store each pending notification unless its (event, recipient) is on record already, then
    e-mail the new ones whose recipient chose their kind. Answers the ids of the new rows.

    Running the rules again delivers nothing twice (the unique constraint holds it under a race
    too); a mail that cannot be sent leaves the inbox item in place."""
    pending = list({(item.event_key, item.recipient_id): item for item in pending}.values())
    created: list[int] = []
    for start in range(0, len(pending), BATCH_SIZE):
        created.extend(_deliver_batch(pending[start : start + BATCH_SIZE]))
    if created:
        transaction.on_commit(lambda: notifications_email(notification_ids=created))
    return created


@transaction.atomic
def _deliver_batch(batch: list[Pending]) -> list[int]:
    keys = {item.event_key for item in batch}
    existing = set(Notification.objects.filter(event_key__in=keys).values_list("event_key", "recipient_id"))
    new = [item for item in batch if (item.event_key, item.recipient_id) not in existing]
    if not new:
        return []
    rows = []
    for item in new:
        row = Notification(
            recipient_id=item.recipient_id,
            kind=item.kind,
            event_key=item.event_key[:120],
            subject=item.subject[:200],
            link=item.link,
            area_code=item.area_code,
            due_on=item.due_on,
        )
        row.full_clean(exclude=["recipient"], validate_unique=False, validate_constraints=False)
        rows.append(row)
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    # The rows this run stored: those of the batch not on record before (a concurrent run's are
    # skipped by the constraint, and stay theirs).
    stored = Notification.objects.filter(event_key__in={item.event_key for item in new}).values_list(
        "pk", "event_key", "recipient_id"
    )
    wanted = {(item.event_key, item.recipient_id) for item in new}
    return [pk for pk, key, recipient_id in stored if (key, recipient_id) in wanted]


def notifications_email(*, notification_ids: Iterable[int]) -> int:
    """E-mail each of these notifications whose recipient chose its kind and has an address, once
    (``emailed_at`` is taken before sending). Answers how many were sent; a failure is logged."""
    rows = (
        Notification.objects.filter(pk__in=list(notification_ids), emailed_at__isnull=True, recipient__email__gt="")
        .filter(recipient__notification_emails__kind=F("kind"))
        .select_related("recipient")
    )
    sent = 0
    for notification in rows:
        if not Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        ):
            continue  # another run mailed it
        with translation.override(settings.LANGUAGE_CODE):
            label = str(notification.get_kind_display())
        with translation.override("en"):
            english = str(NotificationKind(notification.kind).label)
        link = settings.PORTAL_BASE_URL + notification.link
        try:
            send_mail(
                f"{label} / {english}: {notification.subject}",
                f"{label}：{notification.subject}\n{english}: {notification.subject}\n\n{link}\n",
                None,
                [notification.recipient.email],
            )
        except Exception:  # the inbox item stays; the mail is tried no more
            logger.warning("Notification %s: the mail could not be sent.", notification.pk, exc_info=True)
            continue
        sent += 1
    return sent


def notification_read(*, notification: Notification) -> Notification:
    """Mark one notification read (reading it again changes nothing)."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def notifications_read_all(*, user, kind: str | None = None) -> int:
    """Mark every unread notification of the user read (of one kind if given); answers how many."""
    queryset = Notification.objects.visible_to(user).unread()
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.update(read_at=timezone.now())


@transaction.atomic
def email_preferences_set(*, user, kinds: Iterable[str]) -> list[str]:
    """The kinds that reach ``user`` by e-mail from now on (the others only in the inbox)."""
    kinds = sorted(set(kinds))
    unknown = [kind for kind in kinds if kind not in NotificationKind.values]
    if unknown:
        raise ValidationError({"email_kinds": _("Choose among the kinds of notification.")})
    EmailPreference.objects.filter(user=user).exclude(kind__in=kinds).delete()
    have = set(EmailPreference.objects.filter(user=user).values_list("kind", flat=True))
    EmailPreference.objects.bulk_create([EmailPreference(user=user, kind=kind) for kind in kinds if kind not in have])
    return kinds

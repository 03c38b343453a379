"""Notifications (提醒): one row per event and recipient, and the kinds a user also gets by e-mail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jilin_grid.models import OwnAreaCodeModel, ScopedQuerySet
from jilin_grid.scope import get_scope

from .choices import NotificationKind


class NotificationQuerySet(ScopedQuerySet):
    def visible_to(self, user) -> NotificationQuerySet:
        """A user's own notifications, and only those about their areas: a notification is shown to
        its recipient alone (a superuser included), never to anyone else, whatever their role."""
        scope = get_scope(user)
        if scope.is_empty:
            return self.none()
        return self.filter(recipient=user).filter(scope.q(self.model.scope_field))

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(OwnAreaCodeModel):
    """A notification to one user that something needs them: a problem escalated to their level, a
    month of progress due, a member's report to confirm, a dispatch report ready.

    ``event_key`` names the event (``problem_escalated:42:2``, ``progress_due:7:2026-11``): each
    event reaches each recipient once, however often the rules run. ``area_code`` is the area of the
    object it is about, which lies in the recipient's areas; ``subject`` is that object as staff name it.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    event_key = models.CharField(_("event"), max_length=120)
    subject = models.CharField(_("about"), max_length=200)
    link = models.CharField(_("link"), max_length=300)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = models.Manager.from_queryset(NotificationQuerySet)()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The bell's count and the inbox (unread first, newest first) read this index alone.
            models.Index(fields=["recipient", "read_at", "created_at"], name="notification_inbox"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["event_key", "recipient"], name="notification_once_per_event_recipient"),
            models.CheckConstraint(condition=~Q(event_key=""), name="notification_has_event_key"),
            models.CheckConstraint(condition=Q(link__startswith="/"), name="notification_link_is_local"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.subject}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class EmailPreference(models.Model):
    """A kind of notification that also reaches the user by e-mail (none unless they choose it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_emails", verbose_name=_("user")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)

    class Meta:
        verbose_name = _("e-mailed notification kind")
        verbose_name_plural = _("e-mailed notification kinds")
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_email_once_per_user_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()}"

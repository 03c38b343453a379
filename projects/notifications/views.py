"""Pages of the notifications: the inbox (unread first, by kind, read or unread), opening one (which
marks it read and goes to what it is about), marking read, and the e-mail choices. A notification
is its recipient's alone: anyone else's answers 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView

from jilin_grid.views import PagedListView, ScopeMixin

from . import selectors, services
from .choices import LATE_KINDS
from .filtersets import NotificationFilterSet
from .forms import EmailPreferencesForm
from .models import Notification


class NotificationListView(ScopeMixin, PagedListView):
    """The user's inbox, 20 a page: unread first, then newest; filters by kind and read or unread."""

    template_name = "projects/notifications/inbox.html"
    paginate_by = 20

    def get_queryset(self):
        self.filterset = NotificationFilterSet(self.request.GET or None, queryset=selectors.inbox(self.request.user),
                                               request=self.request)  # fmt: skip
        return self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else self.filterset.queryset

    def render_to_response(self, context, **kwargs):
        if self.filterset.is_bound and not self.filterset.is_valid():
            kwargs.setdefault("status", 400)
        return super().render_to_response(context, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            {
                "title": _("Notifications"),
                "filter": self.filterset,
                "query_without_page": query.urlencode(),
                "filters_applied": any(value for key, value in self.request.GET.items() if key != "page"),
                "late_kinds": LATE_KINDS,
            }
        )
        return context


def _own(request, pk: int) -> Notification:
    return get_object_or_404(Notification.objects.visible_to(request.user), pk=pk)


class NotificationOpenView(ScopeMixin, View):
    """Open what a notification is about, marking it read on the way."""

    def get(self, request, pk: int):
        notification = services.notification_read(notification=_own(request, pk))
        return HttpResponseRedirect(notification.link)


def _back(request) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("projects:notification_list")


class NotificationReadView(ScopeMixin, View):
    """Mark one notification read (POST), back to the inbox."""

    def post(self, request, pk: int):
        services.notification_read(notification=_own(request, pk))
        return HttpResponseRedirect(_back(request))


class NotificationReadAllView(ScopeMixin, View):
    """Mark every unread notification read (POST; of one kind when ``kind`` is given)."""

    def post(self, request):
        services.notifications_read_all(user=request.user, kind=request.POST.get("kind") or None)
        return HttpResponseRedirect(_back(request))


class EmailPreferencesView(ScopeMixin, FormView):
    """The kinds of notification that also reach the user by e-mail."""

    template_name = "projects/notifications/preferences.html"
    form_class = EmailPreferencesForm

    def get_initial(self):
        return {"email_kinds": selectors.email_kinds(self.request.user)}

    def form_valid(self, form):
        try:
            services.email_preferences_set(user=self.request.user, kinds=form.cleaned_data["email_kinds"])
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Your e-mail choices are saved."))
        return HttpResponseRedirect(reverse("projects:notification_preferences"))

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["has_email"] = bool(self.request.user.email)
        return context

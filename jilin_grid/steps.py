"""The steps of an object's page (accept, escalate, claim, log service, verify, ...).

A page offering steps (``StepPageMixin``) shows each step's form; each step POSTs to a
``StepView``, which looks the object up inside the user's area (404 outside), asks the role rule
(403), validates the form and calls the step's service. A refusal (the form's errors or the
service's ValidationError) shows the page the step was taken on again, answering 400, with that
step's form open, bound to what was typed, each message beside its field (the others at the top
of the form); files sent with it stay attached for the next submit. When the page no longer
offers the step (the object has moved on), its messages show above the page.

A page listing many records offers a step on each of them: its form is named by the record
(``verify-12``, fields ``id_verify12_<field>``), and only that record's form is shown refused.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import Resolver404, get_script_prefix, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View

from .forms import apply_validation_error
from .uploads import collect_held_uploads, hold_refused_uploads, perform_with_held_uploads
from .views import REFUSED_STATUS, ScopedQuerysetMixin


@dataclass
class Step:
    """A step an object's page offers: its form, the service it calls and the message once done;
    ``error_field_map`` renames the service's model fields to the form's (``{"review_note": "reason"}``)."""

    label: Any
    form_class: Any
    perform: Any  # (obj, cleaned_data, actor) -> None
    done_message: Any
    css: str = "btn-outline-primary"
    error_field_map: dict | None = None


def step_key(name: str, pk=None) -> str:
    """The name of a step's form on its page: the step's, with its record's key when the page
    offers the step on many records."""
    return name if pk is None else f"{name}-{pk}"


def step_auto_id(name: str, pk=None) -> str:
    """The ``auto_id`` of a step's form: unique on the page, by record when there are many."""
    return f"id_{name}{'' if pk is None else pk}_%s"


def error_messages(form) -> list[str]:
    """A form's messages as one list, each field's with the field's label before it."""
    shown = []
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        shown.extend(f"{label}: {error}" if label else str(error) for error in errors)
    return shown


def mark_errors(form) -> None:
    """Flag the fields of a refused form as invalid, and put the cursor on the first of them (the
    browser brings it into view, however far down the page the step's form is)."""
    first = True
    for name in form.errors:
        field = form.fields.get(name)
        if field is None or field.widget.is_hidden:
            continue
        attrs = field.widget.attrs
        attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
        attrs["aria-invalid"] = "true"
        if first:
            attrs["autofocus"] = True
            first = False


class StepPageMixin:
    """An object's page offering steps (StepView): each step's form, or the refused one again.

    ``step_form(name, form_class, pk=...)`` answers the blank form of a step (of the record ``pk``
    on a page offering it on many records), or, when the page is shown again after that step was
    refused, the bound form with its errors; ``open_step`` names it in the context.
    """

    refused_step: tuple[str, Any] | None = None

    refused_step_shown = False

    def step_form(self, name: str, form_class, *, initial=None, pk=None, **kwargs):
        if self.is_refused_step(step_key(name, pk)):
            self.refused_step_shown = True
            return self.refused_step[1]
        return form_class(initial=initial, auto_id=step_auto_id(name, pk), **kwargs)

    def is_refused_step(self, key: str) -> bool:
        return self.refused_step is not None and self.refused_step[0] == key

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["open_step"] = self.refused_step[0] if self.refused_step else ""
        return context

    def show_refused_step(self, key: str, form):
        """This page again, answering 400, with the refused step's form (``key``) open and bound;
        when the page no longer offers that step, its messages above the page."""
        self.refused_step = (key, form)
        mark_errors(form)
        context = self.get_context_data(**self.kwargs)
        if not self.refused_step_shown:
            for message in error_messages(form):
                messages.error(self.request, message)
        return self.render_to_response(context, status=REFUSED_STATUS)


def step_page_at(request, url: str) -> StepPageMixin | None:
    """The portal's page at ``url`` when it offers steps (a StepPageMixin view the user's role
    may use), set up as if ``url`` had been asked for; None for any other URL."""
    parts = urlsplit(url)
    prefix = get_script_prefix()
    if (parts.netloc and parts.netloc != request.get_host()) or not parts.path.startswith(prefix):
        return None
    path_info = "/" + parts.path[len(prefix) :]
    try:
        match = resolve(path_info)
    except Resolver404:
        return None
    view_class = getattr(match.func, "view_class", None)
    if view_class is None or not issubclass(view_class, StepPageMixin):
        return None
    # The page reads its own address and query (its filters, its page number, the ``next`` of
    # its forms) from the request: give it those of ``url``, and the rest of this request.
    page_request = copy.copy(request)
    page_request.method = "GET"
    page_request.path, page_request.path_info = parts.path, path_info
    page_request.GET = QueryDict(parts.query)
    page_request.META = {**request.META, "REQUEST_METHOD": "GET", "QUERY_STRING": parts.query}
    page_request.resolver_match = match
    page = view_class(**getattr(match.func, "view_initkwargs", {}))
    page.setup(page_request, *match.args, **match.kwargs)
    permits = getattr(page, "permits", None)
    if permits is not None and not permits(page.scope):
        return None
    return page


class StepView(ScopedQuerysetMixin, View):
    """POST one step of an object's page (approve, escalate, resolve, ...).

    The object is looked up inside the user's area (404 outside), the role rule is asked
    (403), the step's form is validated, then the step's service runs. On success the user
    returns to the page ``object_url`` names with the step's message. A refusal (the form's
    errors or the service's ValidationError, mapped to the form's fields by the step's
    ``error_field_map``) shows that page again when it offers steps (else ``page_view``, a
    StepPageMixin view of the object) with the step's form open, bound, each message beside its
    field, and HTTP 400; without such a page, the messages show on the page it returns to.
    Subclasses set ``model``, ``steps`` (name → an object with ``form_class``,
    ``perform(obj, cleaned_data, actor)`` and ``done_message``), and ``forms_per_record`` when
    their pages offer the step on many records, and answer ``may_take`` and ``object_url``.
    """

    http_method_names = ["post"]
    steps: dict = {}
    page_view = None
    forms_per_record = False
    denied_message = _("Your role may not take this step.")

    def may_take(self, obj, name: str, step) -> bool:
        raise NotImplementedError

    def object_url(self, obj) -> str:
        raise NotImplementedError

    def form_kwargs(self, obj, name: str) -> dict:
        """Extra keyword arguments of a step's form (the page's ``step_form`` passes the same)."""
        return {}

    def form_record(self, obj):
        """The record a step's form is named by on its page (None: the step's name alone)."""
        return obj.pk if self.forms_per_record else None

    def post(self, request, pk, step):
        obj = get_object_or_404(self.get_queryset(), pk=pk)
        definition = self.steps.get(step)
        if definition is None:
            raise Http404(_("No such step."))
        if not self.may_take(obj, step, definition):
            raise PermissionDenied(self.denied_message)
        form = definition.form_class(
            request.POST,
            request.FILES,
            auto_id=step_auto_id(step, self.form_record(obj)),
            **self.form_kwargs(obj, step),
        )
        collect_held_uploads(request, form)
        if not form.is_valid():
            return self.refused(obj, step, form)
        try:
            perform_with_held_uploads(request, form, lambda: definition.perform(obj, form.cleaned_data, request.user))
        except ValidationError as error:
            apply_validation_error(form, error, getattr(definition, "error_field_map", None))
            return self.refused(obj, step, form)
        messages.success(request, definition.done_message)
        return redirect(self.object_url(obj))

    def refusal_page(self, obj) -> StepPageMixin | None:
        """The page to show a refused step on: the one the step returns to, else ``page_view``."""
        page = step_page_at(self.request, self.object_url(obj))
        if page is None and self.page_view is not None:
            page = self.page_view()
            page.setup(self.request, pk=obj.pk)
        return page

    def refused(self, obj, step: str, form):
        """The page again with the refused step's form (or, without such a page, its messages)."""
        hold_refused_uploads(self.request, form)
        page = self.refusal_page(obj)
        if page is not None:
            try:
                return page.show_refused_step(step_key(step, self.form_record(obj)), form)
            except (Http404, PermissionDenied):
                pass  # a page the user may not see (a hand-made ``next``): say why where the step returns
        for message in error_messages(form):
            messages.error(self.request, message)
        return redirect(self.object_url(obj))


class ReturnStepView(StepView):
    """A step offered on the records of several pages (a member's, a community's, an activity's):
    it returns to the page it was taken on (the form's ``next``, when it is inside the portal),
    else to ``default_url``, and a refusal shows beside that record's form on that page."""

    forms_per_record = True

    def object_url(self, obj) -> str:
        target = self.request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return target
        return self.default_url(obj)

    def default_url(self, obj) -> str:
        raise NotImplementedError


def record_step(page: StepPageMixin, steps: dict, name: str, url_name: str, pk: int, back: str, **kwargs) -> dict:
    """A step of the record ``pk`` on a page (``templates/portal/_steps.html`` draws it): the URL it
    posts to (``url_name`` with the record and the step), its label, style and form, which returns
    to ``back``; the refused one again, open, when the page is shown after that record's step was
    refused."""
    step = steps[name]
    key = step_key(name, pk)
    return {
        "name": key,
        "label": step.label,
        "css": step.css,
        "url": reverse(url_name, args=[pk, name]),
        "form": page.step_form(name, step.form_class, initial={"next": back}, pk=pk, **kwargs),
        "has_fields": len(step.form_class.base_fields) > 1 or bool(kwargs),
        "open": page.is_refused_step(key),
    }

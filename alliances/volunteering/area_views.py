"""The volunteering page of an area: the figures of a period with service by kind and the children
table, and on a community's page the reports to confirm, posts to claim, service to verify and
the forms that add them.

Every page starts from ``visible_to(user)`` (outside the area: 404); writing needs a writing role
over the community (403 for read-only roles); every write calls ``alliances.volunteering.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from communities.models import Community
from jilin_grid.areas import AreaLevel, area_children
from jilin_grid.forms import apply_validation_error
from jilin_grid.masking import shown_phone
from jilin_grid.steps import StepPageMixin, record_step
from jilin_grid.views import (
    REFUSED_STATUS,
    AreaPageMixin,
    ExportMixin,
    WriteCheckMixin,
)

from . import services
from .choices import MemberReportStatus
from .forms import (
    MemberReportForm,
    PeriodForm,
    ServicePostForm,
)
from .models import MemberReport, ServicePost, ServiceRecord
from .selectors import (
    area_volunteering,
    empty_volunteering_figures,
    hours_value,
    service_kind_names,
)
from .views import (
    MEMBERS_PER_PAGE,
    PENDING_LIMIT,
    POST_STEPS,
    RECORD_STEPS,
    REPORT_STEPS,
    VolunteeringPageMixin,
    area_url,
    confirmed_members,
    post_state,
    service_on,
)

# The volunteering page of an area -----------------------------------------------------------------

# The table of an area's children: (key, label, value of a child row), sorted like the area page's.
CHILD_COLUMNS = [
    ("name", _("Name"), lambda row: row["name"]),
    ("code", _("Code"), lambda row: row["code"]),
    ("members_reported", _("Members reported"), lambda row: row["members_reported"]),
    ("posts", _("Service posts"), lambda row: row["posts"]),
    ("places", _("Places"), lambda row: row["places"]),
    ("places_left", _("Places left"), lambda row: row["places"] - row["places_taken"]),
    ("posts_claimed", _("Posts claimed"), lambda row: row["posts_claimed"]),
    ("service_person_times", _("Service person-times"), lambda row: row["service_person_times"]),
    ("service_hours", _("Service hours"), lambda row: hours_value(row["service_hours"])),
]
KIND_COLUMNS = [
    (_("Kind of service"), lambda row: row["name"]),
    (_("Service posts"), lambda row: row["posts"]),
    (_("Posts claimed"), lambda row: row["posts_claimed"]),
    (_("Service person-times"), lambda row: row["service_person_times"]),
    (_("Service hours"), lambda row: hours_value(row["service_hours"])),
]

PAGE_FORMS = {
    "report": (_("Report a member"), _("Report recorded; it awaits the community's confirmation.")),
    "post": (_("Publish a service post"), _("Service post published.")),
}


class VolunteeringAreaView(
    VolunteeringPageMixin, StepPageMixin, AreaPageMixin, WriteCheckMixin, ExportMixin, TemplateView
):
    """The volunteering of an area (city, district, street or community): the figures of a period,
    service by kind, and the children's figures; a community's page also holds its members,
    reports awaiting confirmation, posts, service awaiting verification and the forms to add them;
    a step refused on it (confirm, claim, verify, ...) shows the page again with that step open."""

    template_name = "alliances/volunteering/area_detail.html"

    def load_area(self):
        area = self.area = self.get_area()
        if area.level == AreaLevel.GRID:
            raise Http404(_("Volunteering is followed from the community up."))
        self.is_community = area.level == AreaLevel.COMMUNITY

    def load_figures(self):
        """The figures of the period asked for: the area's, by kind and its children's (six queries at most)."""
        area = self.area
        self.period_form = PeriodForm(self.request.GET if {"from", "to"} & set(self.request.GET) else None)
        start, end = self.period_form.period()
        length = len(area.code) if self.is_community else area.child_code_length
        self.totals, figures = area_volunteering(code=area.code, length=length, start=start, end=end)
        if self.is_community:
            self.children, self.sort = [], ""
        else:
            children = [
                {"code": code, "name": name, **(figures.get(code) or empty_volunteering_figures())}
                for code, name in area_children(area)
            ]
            self.children, self.sort = self.sorted_children(children, CHILD_COLUMNS)
        # Service by kind, in the kinds' own order (position, name).
        by_kind = self.totals["by_kind"]
        self.kinds = [
            {"name": name, **by_kind[kind_id]} for kind_id, name in service_kind_names().items() if kind_id in by_kind
        ]

    def show_refused_step(self, key, form):
        self.load_area()
        self.load_figures()
        return super().show_refused_step(key, form)

    def get(self, request, *args, **kwargs):
        self.load_area()
        self.load_figures()
        fmt = self.requested_export()
        if fmt:
            if self.children or not self.is_community:
                headers = [str(label) for _key, label, _getter in CHILD_COLUMNS]
                rows = ([getter(row) for _key, _label, getter in CHILD_COLUMNS] for row in self.children)
            else:
                headers = [str(label) for label, _getter in KIND_COLUMNS]
                rows = ([getter(row) for _label, getter in KIND_COLUMNS] for row in self.kinds)
            return self.export_response(
                fmt=fmt, headers=headers, rows=rows, name=f"{self.area.name} {_('Volunteering')}"
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, bound: dict | None = None, **kwargs):
        context = super().get_context_data(**kwargs)
        area, totals, scope = self.area, self.totals, self.scope
        context.update(
            {
                "area": area,
                "is_community": self.is_community,
                "period_form": self.period_form,
                "totals": totals,
                "service_hours": hours_value(totals["service_hours"]),
                "places_left": totals["places"] - totals["places_taken"],
                "kinds": [[getter(row) for _label, getter in KIND_COLUMNS] for row in self.kinds],
                "kind_headers": [label for label, _getter in KIND_COLUMNS],
                "kind_chart": {
                    "categories": [row["name"] for row in self.kinds],
                    "two_axes": True,
                    "axis_names": [str(_("Hours")), str(_("Person-times"))],
                    "series": [
                        {
                            "name": str(_("Service hours")),
                            "data": [hours_value(r["service_hours"]) for r in self.kinds],
                        },
                        {
                            "name": str(_("Service person-times")),
                            "data": [r["service_person_times"] for r in self.kinds],
                            "axis": 1,
                        },
                    ],
                },
                "child_level_label": "" if self.is_community else self.child_level_label(area),
                "child_headers": self.child_headers(CHILD_COLUMNS),
                "child_rows": [
                    {"url": area_url(row["code"]), "cells": [getter(row) for _key, _label, getter in CHILD_COLUMNS]}
                    for row in self.children
                ],
                "breadcrumbs": [
                    {"name": name, "url": area_url(code) if scope.covers(code) else None}
                    for code, name in area.ancestors
                ],
                "writable": scope.can_write(area.code),
            }
        )
        if self.is_community:
            context.update(self.community_context(bound or {}))
        return context

    def community_context(self, bound: dict) -> dict:
        """A community's members, reports awaiting confirmation, posts, service awaiting
        verification and, for writers, the forms and steps. A fixed number of queries."""
        code, scope, user = self.area.code, self.scope, self.request.user
        writable = scope.can_write(code)
        back = self.request.get_full_path()
        confirmed = (
            MemberReport.objects.filter(area_code=code, status=MemberReportStatus.CONFIRMED)
            .select_related("member__person", "member__organization")
            .order_by("member__person__name", "id")
        )
        members_page = Paginator(confirmed, MEMBERS_PER_PAGE).get_page(self.request.GET.get("page"))
        for report in members_page.object_list:
            report.shown_phone = shown_phone(scope, report.member.person.phone, code)
        awaiting = list(
            MemberReport.objects.filter(area_code=code, status=MemberReportStatus.REPORTED)
            .select_related("member__person", "member__organization")
            .order_by("reported_on", "id")
        )
        for report in awaiting:
            report.shown_phone = shown_phone(scope, report.member.person.phone, code)
        # Open posts, and closed ones still held by members (who keep serving on them).
        posts = list(
            ServicePost.objects.filter(area_code=code)
            .filter(Q(closed_on__isnull=True) | Q(claimed__gt=0))
            .select_related("kind")
            .order_by(F("closed_on").desc(nulls_first=True), "-published_on", "id")
        )
        pending = list(
            ServiceRecord.objects.filter(area_code=code, verified_at__isnull=True)
            .select_related("member__person", "kind", "post", "activity")
            .order_by("served_on", "id")[: PENDING_LIMIT + 1]
        )
        claimants = confirmed_members(code) if writable else []
        for report in awaiting:
            report.steps = (
                [
                    record_step(self, REPORT_STEPS, "confirm", "alliances:member_report_step", report.pk, back),
                    record_step(self, REPORT_STEPS, "decline", "alliances:member_report_step", report.pk, back),
                ]
                if writable
                else []
            )
        for post in posts:
            post.state, post.state_label, post.state_css = post_state(post)
            post.steps = []
            if writable and post.state == "open" and claimants:
                post.steps.append(
                    record_step(
                        self, POST_STEPS, "claim", "alliances:service_post_step", post.pk, back, members=claimants
                    )
                )
            if writable and post.is_open:
                post.steps.append(record_step(self, POST_STEPS, "close", "alliances:service_post_step", post.pk, back))
        for record in pending:
            record.on = service_on(record)
            record.steps = (
                [record_step(self, RECORD_STEPS, "verify", "alliances:service_record_step", record.pk, back)]
                if writable
                else []
            )
        forms = {}
        if writable:
            forms = {
                "report": MemberReportForm(user=user, community=self.community_stub(), auto_id="id_report_%s"),
                "post": ServicePostForm(user=user, community=self.community_stub(), auto_id="id_post_%s"),
            }
            forms.update(bound)
        return {
            "members_page": members_page,
            "awaiting": awaiting,
            "posts": posts,
            "pending": pending[:PENDING_LIMIT],
            "more_pending": len(pending) > PENDING_LIMIT,
            "forms": forms,
            "open_form": next(iter(bound), None),
            "member_list_url": f"{reverse('alliances:member_report_list')}?area={code}&status=confirmed",
            "pending_list_url": f"{reverse('alliances:service_record_list')}?area={code}&verified=false",
            "posts_list_url": f"{reverse('alliances:service_post_list')}?area={code}",
        }

    def community_stub(self) -> Community:
        """The community as the forms need it (its code), without a query; a POST loads the row."""
        return getattr(self, "community", None) or Community(code=self.area.code, name=self.area.name)


class VolunteeringFormView(VolunteeringAreaView):
    """POST one form of a community's page; on errors the page is shown again with the form open."""

    http_method_names = ["post"]

    def post(self, request, code, form):
        if form not in PAGE_FORMS:
            raise Http404(_("No such form."))
        self.load_area()
        if not self.is_community:
            raise Http404(_("Members report to a community, and communities publish the posts."))
        self.check_write(code)
        self.community = get_object_or_404(Community, code=code)
        if form == "report":
            bound = MemberReportForm(request.POST, user=request.user, community=self.community, auto_id="id_report_%s")
        else:
            bound = ServicePostForm(request.POST, user=request.user, community=self.community, auto_id="id_post_%s")
        if bound.is_valid():
            try:
                if form == "report":
                    services.member_report_submit(**bound.service_kwargs(), actor=request.user)
                else:
                    services.service_post_publish(community=self.community, **bound.service_kwargs())
            except ValidationError as error:
                apply_validation_error(bound, error)
            else:
                messages.success(request, PAGE_FORMS[form][1])
                return redirect(area_url(code))
        self.load_figures()
        return self.render_to_response(self.get_context_data(bound={form: bound}), status=REFUSED_STATUS)


class VolunteeringHomeView(VolunteeringPageMixin, View):
    """The volunteering page of the user's own area."""

    def get(self, request, *args, **kwargs):
        return redirect(area_url(self.scope.home_code(settings.CITY_CODE)))


volunteering_home = VolunteeringHomeView.as_view()

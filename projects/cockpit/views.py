"""Pages of the organization departments' cockpit (驾驶舱): an area's cards, the rankings of its
children on every figure and on the composite index (drill-down keeps the period), its big screen
(大屏, refreshing its data itself), its PDF page and workbook; and the city's editor of the index."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from jilin_grid.figures import MONTH, PERIOD_KIND_LABELS, QUARTER, YEAR, Period, current_period, parse_period
from jilin_grid.menus import above_grid
from jilin_grid.scope import CITY_ORG_DEPT
from jilin_grid.views import REFUSED_STATUS, AreaPageMixin, ScopeMixin

from . import documents
from .forms import IndicatorFormSet
from .models import CompositeIndex
from .selectors import cockpit
from .services import index_set

# The years the period chooser offers: this year and those before it.
YEARS_OFFERED = 8
SORTS = ("rank", "name", "value", "change")


def cockpit_url(code: str, period: Period | None = None, **params) -> str:
    """The cockpit of area ``code`` for ``period`` (with ``params``: the ranking chosen)."""
    query = {"period": period.label} if period else {}
    query.update({key: value for key, value in params.items() if value})
    url = reverse("projects:cockpit_area", args=[code])
    return f"{url}?{urlencode(query)}" if query else url


def _shown(value, unit: str) -> str:
    if value is None:
        return "—"
    text = f"{value:,.1f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}" if unit in ("h", "d") else text


def _change(change, unit: str) -> str:
    if change is None:
        return ""
    if change == 0:
        return "±0"
    return ("+" if change > 0 else "−") + _shown(abs(change), unit)


class CockpitMixin(AreaPageMixin):
    """The area (404 outside the user's scope) and the period (``?period=``; default the current
    month) of a cockpit; the document of both."""

    denied_message = _("The cockpit is for the organization departments, streets and communities.")
    period_error = ""

    @classmethod
    def permits(cls, scope) -> bool:
        return above_grid(scope)

    def get_period(self) -> Period:
        text = self.request.GET.get("period")
        if text is None or text == "":
            return current_period(MONTH)
        try:
            return parse_period(text)
        except ValueError as error:
            self.period_error = str(error)
            return current_period(MONTH)

    def load(self):
        self.area = self.get_area()
        self.period = self.get_period()
        rank = self.request.GET.get("rank", "")  # drilling down keeps the figure ranked, as the period

        self.document = cockpit(self.area, self.period, link=lambda code, period: cockpit_url(code, period, rank=rank))
        return self.document

    def render_page(self, context):
        response = self.render_to_response(context)
        if self.period_error:
            response.status_code = REFUSED_STATUS
        return response


class CockpitView(CockpitMixin, TemplateView):
    """An area's cockpit: one card per family with the change against the previous period, the
    children ranked on a chosen figure and on the composite index, the worst marked."""

    template_name = "projects/cockpit/cockpit.html"

    def get(self, request, *args, **kwargs):
        document = self.load()
        fmt = request.GET.get("export")
        if fmt == "xlsx":
            return documents.workbook_response(document)
        if fmt == "pdf":
            return documents.pdf_response(document, self.chosen_ranking(document))
        return self.render_page(self.get_context_data(**kwargs))

    def chosen_ranking(self, document) -> dict | None:
        """The ranking of ``?rank=`` (default: the index's first indicator, else the first figure)."""
        rankings = {ranking["figure"]: ranking for ranking in document["rankings"]}
        if not rankings:
            return None
        wanted = self.request.GET.get("rank", "")
        if wanted in rankings:
            return rankings[wanted]
        for indicator in document["index"]["indicators"]:
            if indicator["figure"] in rankings:
                return rankings[indicator["figure"]]
        return next(iter(rankings.values()))

    def sorted_rows(self, ranking) -> tuple[list, str]:
        sort = self.request.GET.get("sort", "rank")
        if sort.lstrip("-") not in SORTS:
            sort = "rank"
        key = sort.lstrip("-")
        rows = ranking["rows"]
        if key == "name":
            rows = sorted(rows, key=lambda row: row["name"])
        elif key in ("value", "change"):
            rows = sorted(rows, key=lambda row: (row[key] is None, row[key] or 0))
        if sort.startswith("-"):
            rows = [row for row in rows if row.get(key) is not None][::-1] + [
                row for row in rows if row.get(key) is None
            ]
        return rows, sort

    def period_choices(self) -> list[dict]:
        this_year = current_period(YEAR).year
        year = self.period.year
        groups = [
            (PERIOD_KIND_LABELS[YEAR], [str(y) for y in range(this_year, this_year - YEARS_OFFERED, -1)]),
            (PERIOD_KIND_LABELS[QUARTER], [f"{year}-Q{quarter}" for quarter in range(1, 5)]),
            (PERIOD_KIND_LABELS[MONTH], [f"{year}-{month:02d}" for month in range(1, 13)]),
        ]
        return [{"label": label, "options": options} for label, options in groups]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        area, period, document, scope = self.area, self.period, self.document, self.scope
        ranking = self.chosen_ranking(document)
        rows, sort = self.sorted_rows(ranking) if ranking else ([], "rank")
        links = {child["code"]: child["link"] for child in document["children"]}
        # The worst on a figure with a direction: the last rank, unless every child shares the first.
        worst_rank = None
        if ranking and ranking["better"] != "neutral":
            worst_rank = max((row["rank"] for row in ranking["rows"] if row["rank"] is not None), default=None)
            worst_rank = worst_rank if worst_rank and worst_rank > 1 else None
        top = max((abs(row["value"]) for row in rows if row["value"] is not None), default=0) or 1
        from jilin_grid.figures import figure_get

        figure = figure_get(ranking["figure"])[1] if ranking else None
        context.update(
            {
                "area": area,
                "period": period,
                "period_last_month": f"{period.end:%Y-%m}",
                "document": document,
                "period_error": self.period_error,
                "period_groups": self.period_choices(),
                "previous_url": cockpit_url(area.code, period.previous()),
                "next_url": cockpit_url(area.code, _next(period)),
                "latest_url": cockpit_url(area.code, parse_period(document["latest_period"]))
                if document["latest_period"]
                else None,
                "breadcrumbs": [
                    {"name": name, "url": cockpit_url(code, period) if scope.covers(code) else None}
                    for code, name in area.ancestors
                ],
                "cards": [
                    {
                        **card,
                        "figures": [
                            {
                                **item,
                                "shown": _shown(item["value"], item["unit"]),
                                "change_shown": _change(item["change"], item["unit"]),
                                "previous_shown": _shown(item["previous"], item["unit"]),
                            }
                            for item in card["figures"]
                        ],
                    }
                    for card in document["cards"]
                ],
                "ranking": ranking,
                "ranking_rows": [
                    {
                        **row,
                        "url": links.get(row["code"]),
                        "list_url": figure.link(row["code"], period) if figure and figure.link else None,
                        "shown": _shown(row["value"], ranking["unit"]),
                        "previous_shown": _shown(row["previous"], ranking["unit"]),
                        "change_shown": _change(row["change"], ranking["unit"]),
                        "bar": round(100 * abs(row["value"]) / top) if row["value"] is not None else 0,
                        "is_worst": worst_rank is not None and row["rank"] == worst_rank,
                    }
                    for row in rows
                ],
                "sort": sort,
                "sort_links": {key: ("-" + key if sort == key else key) for key in SORTS},
                "figure_groups": _figure_groups(document),
                "index_rows": [{**row, "url": links.get(row["code"])} for row in document["index"]["rows"]],
                "child_level_label": self.child_level_label(area),
                "screen_url": reverse("projects:cockpit_screen", args=[area.code]) + f"?period={period.label}",
                "may_edit_index": may_edit_index(scope),
            }
        )
        return context


def _next(period: Period) -> Period:
    from datetime import timedelta

    from jilin_grid.figures import period_of

    return period_of(period.kind, period.end + timedelta(days=1))


def _figure_groups(document) -> list[dict]:
    groups: dict[str, list] = {}
    for ranking in document["rankings"]:
        groups.setdefault(ranking["family_label"], []).append(ranking)
    return [{"label": label, "rankings": rankings} for label, rankings in groups.items()]


class CockpitScreenView(CockpitMixin, TemplateView):
    """The cockpit for a meeting room's display (大屏, 1920×1080): dark, no scrolling, large type;
    its data part asks for itself again every few minutes (``?partial=1``: the data alone)."""

    template_name = "projects/cockpit/screen.html"
    refresh_seconds = 300

    def get(self, request, *args, **kwargs):
        self.load()
        if request.GET.get("partial"):
            self.template_name = "projects/cockpit/_screen_data.html"
        return self.render_page(self.get_context_data(**kwargs))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = self.document
        index_rows = document["index"]["rows"]
        context.update(
            {
                "area": self.area,
                "period": self.period,
                "period_last_month": f"{self.period.end:%Y-%m}",
                "document": document,
                "cards": [
                    {
                        **card,
                        "figures": [
                            {
                                **item,
                                "shown": _shown(item["value"], item["unit"]),
                                "change_shown": _change(item["change"], item["unit"]),
                            }
                            for item in card["figures"]
                        ],
                    }
                    for card in document["cards"]
                ],
                "best_rows": index_rows[:5],
                "worst_rows": [row for row in index_rows if row["worst"]],
                "refresh_seconds": self.refresh_seconds,
                "data_url": reverse("projects:cockpit_screen", args=[self.area.code])
                + f"?period={self.period.label}&partial=1",
                "cockpit_url": cockpit_url(self.area.code, self.period),
            }
        )
        return context


def may_edit_index(scope) -> bool:
    """The city organization department (and superusers) edit the city's composite index."""
    return scope.is_superuser or CITY_ORG_DEPT in scope.roles_for(settings.CITY_CODE)


class IndexEditView(ScopeMixin, TemplateView):
    """The city's composite index: its indicators, directions and weights (summing to 100)."""

    template_name = "projects/cockpit/index_edit.html"
    denied_message = _("Only the city organization department edits the composite index.")

    @classmethod
    def permits(cls, scope) -> bool:
        return may_edit_index(scope)

    def index(self, *, create: bool = False) -> CompositeIndex | None:
        """The city's index (made on the first save where none is on record)."""
        if create:
            index, _created = CompositeIndex.objects.get_or_create(
                area_code=settings.CITY_CODE, defaults={"name": str(_("Composite index"))}
            )
            return index
        return CompositeIndex.objects.filter(area_code=settings.CITY_CODE).first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        index = self.index()
        rows = list(index.indicators.order_by("position", "id")) if index else []
        formset = kwargs.get("formset")
        if formset is None:
            initial = [{"figure": row.figure, "better": row.better, "weight": row.weight} for row in rows]
            formset = IndicatorFormSet(initial=initial, prefix="indicators")
        context.update(
            {
                "index": index,
                "formset": formset,
                "total": sum(form.initial.get("weight") or 0 for form in formset.forms)
                if not formset.is_bound
                else None,
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        formset = IndicatorFormSet(request.POST, prefix="indicators")
        if formset.is_valid():
            try:
                index_set(index=self.index(create=True), indicators=formset.indicators())
            except ValidationError as error:
                _place_errors(formset, error)
            else:
                messages.success(request, _("The composite index is saved."))
                return redirect("projects:cockpit_index")
        response = self.render_to_response(self.get_context_data(formset=formset))
        response.status_code = REFUSED_STATUS
        return response


def _place_errors(formset, error: ValidationError) -> None:
    """The service's errors beside the rows they are about (a figure or weight), the rest above."""
    kept = [form for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
    whole = []
    for field, field_errors in error.message_dict.items():
        if field in ("figure", "better", "weight"):
            for message in field_errors:
                target = next(
                    (form for form in kept if _about(form, field, message)),
                    None,
                )
                if target is not None and field not in target.errors:
                    target.add_error(field, message)
                else:
                    whole.append(message)
        else:
            whole.extend(field_errors)
    formset._non_form_errors = formset.error_class(list(formset.non_form_errors()) + whole)


def _about(form, field: str, message: str) -> bool:
    value = form.cleaned_data.get(field)
    if field == "figure":
        return str(value) in message
    if field == "weight":
        return not (isinstance(value, int) and 0 < value <= 100)
    return True

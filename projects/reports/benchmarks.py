"""The whole city's dispatch report timed by ``manage.py benchmark``: what the worker produces for
the monthly report of June 2020 (the demo city's year, evaluated on 20 July) and the quarterly
report of its second quarter, contents and the three outputs together. Only the city: the
largest report there is."""

from datetime import date

from django.conf import settings

from .choices import ReportKind
from .documents.contents import report_contents
from .documents.html import render_html
from .documents.pdf import render_pdf
from .documents.workbook import render_xlsx

EVALUATED_ON = date(2020, 7, 20)


def produce(kind: str, period: str, code: str) -> int:
    contents = report_contents(kind=kind, period=period, area_code=code, today=EVALUATED_ON)
    return len(render_html(contents)) + len(render_xlsx(contents)) + len(render_pdf(contents))


def reports(code: str, user) -> dict:
    if code != settings.CITY_CODE:
        return {}
    return {
        "monthly": lambda: produce(ReportKind.MONTHLY, "2020-06", code),
        "quarterly": lambda: produce(ReportKind.QUARTERLY, "2020-Q2", code),
    }

"""A report as HTML: the fragment the worker stores and the report's page shows, and the file of
its own that the HTML download hands out (its styles inlined)."""

from __future__ import annotations

from django.template.loader import render_to_string

from .contents import project_groups


def render_html(contents: dict) -> str:
    """The report as an HTML fragment (templates/projects/reports/report_document.html)."""
    return render_to_string(
        "projects/reports/report_document.html", {"report": contents, "groups": project_groups(contents)}
    )


REPORT_STYLESHEETS = ("vendor/bootstrap/css/bootstrap.min.css", "css/report-document.css")


def _stylesheet(path: str) -> str:
    """A stylesheet of the portal's static files: from the app's directories, or as collected."""
    from django.contrib.staticfiles import finders
    from django.contrib.staticfiles.storage import staticfiles_storage

    found = finders.find(path)
    if found:
        with open(found, encoding="utf-8") as handle:
            text = handle.read()
    else:
        with staticfiles_storage.open(path) as handle:
            text = handle.read().decode("utf-8")
    # No pointer to a source map that the file's reader does not have.
    return "\n".join(line for line in text.splitlines() if "sourceMappingURL" not in line)


def html_document(report) -> str:
    """The report's HTML as a file of its own: its styles inlined, nothing to load from the
    portal (or from anywhere), readable in a browser with no network."""
    from django.utils.html import escape as html_escape

    styles = "\n".join(_stylesheet(path) for path in REPORT_STYLESHEETS).replace("</", "<\\/")
    return (
        '<!doctype html><html lang="zh-hans"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html_escape(str(report))}</title><style>{styles}</style></head>"
        f'<body class="report-download"><main class="container-fluid py-3">{report.html}</main></body></html>'
    )

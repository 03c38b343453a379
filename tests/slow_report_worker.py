"""A Celery worker whose report rendering pauses half-way, for the worker-kill test.

``python tests/slow_report_worker.py SECONDS worker -A jilin_grid ...`` starts ``celery`` with the
arguments after SECONDS, once ``render_html`` of the report documents waits that long before it
renders: the row is running and its contents are read when the pause comes, so a kill then
leaves a report half-way. The prefork pool's processes are forked from this one and inherit it.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jilin_grid.settings")


def main() -> None:
    delay = float(sys.argv[1])
    import django

    django.setup()
    from projects.reports.documents import html

    render_html = html.render_html

    def paused_render_html(contents):
        time.sleep(delay)
        return render_html(contents)

    html.render_html = paused_render_html

    from celery.__main__ import main as celery_main

    sys.argv = ["celery", *sys.argv[2:]]
    celery_main()


if __name__ == "__main__":
    main()

"""WSGI entry point (gunicorn jilin_grid.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jilin_grid.settings")

application = get_wsgi_application()

# syntax=docker/dockerfile:1
# The production image: gunicorn serves the portal, the same image runs the Celery worker and beat.
# Front-end packages come from npm (package-lock.json) in a build stage; no page loads a CDN.

FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
# The PDFs embed one weight of Noto Sans SC (jilin_grid/pdf.py): the package's other weights are dropped.
RUN npm ci --no-audit --no-fund --loglevel=error \
    && find node_modules/@expo-google-fonts -type f ! -name 'NotoSansSC_400Regular.ttf' ! -name 'LICENSE*' -delete

FROM python:3.11-slim AS app
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=jilin_grid.settings \
    JILIN_GRID_ENV=production \
    JILIN_GRID_VAR_DIR=/app/var \
    MEDIA_ROOT=/app/media \
    PDF_FONT_FILE=/app/fonts/NotoSansSC_400Regular.ttf
WORKDIR /app

RUN groupadd --system --gid 10001 portal \
    && useradd --system --uid 10001 --gid portal --home-dir /app --shell /usr/sbin/nologin portal

# pg_dump and pg_restore (PostgreSQL 15, as the database) for manage.py backup and restore.
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY --from=assets /build/node_modules ./node_modules
# The PDF font stays when node_modules goes (below): the worker embeds it in every PDF.
COPY --from=assets /build/node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf \
     /build/node_modules/@expo-google-fonts/noto-sans-sc/LICENSE_FONT /app/fonts/
COPY . .

# Compile the translations and collect the static files (hashed and compressed for WhiteNoise).
# The key below exists only for this build step; the running container needs its own SECRET_KEY.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && if find locale -name '*.po' | grep -q .; then python manage.py compilemessages --ignore=.venv --ignore=node_modules; fi \
    && apt-get purge -y gettext && apt-get autoremove -y && rm -rf /var/lib/apt/lists/* \
    && SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
       python manage.py collectstatic --noinput -v 0 \
    && rm -rf node_modules \
    && mkdir -p /app/var/backups /app/media \
    && chown -R portal:portal /app/var /app/media

USER portal
EXPOSE 8000

CMD ["gunicorn", "jilin_grid.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]

"""Settings for the Jilin grid party-building portal.

With no environment set, the portal runs on SQLite and a file-system Celery broker: nothing
to install, nothing to start. The environment switches it to the production shape:

- ``DATABASE_URL`` (e.g. ``postgres://user@host:5432/db``) selects PostgreSQL;
- ``CELERY_BROKER_URL`` or ``REDIS_URL`` selects Redis as the broker;
- ``JILIN_GRID_ENV=production`` turns on the production checks: a real ``SECRET_KEY`` and
  ``DEBUG`` off are required, cookies are secure, HSTS is on.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("JILIN_GRID_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


ENVIRONMENT = os.environ.get("JILIN_GRID_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"

DEVELOPMENT_SECRET_KEY = "development-only-key-never-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = env_bool("DEBUG", default=not PRODUCTION)

if PRODUCTION:
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "生产环境必须设置至少 50 个字符的 SECRET_KEY。"
            " / Production requires a SECRET_KEY of at least 50 characters."
        )
    if DEBUG:
        raise ImproperlyConfigured("生产环境不能开启 DEBUG。 / Production must not run with DEBUG on.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "axes",
    "auditlog",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "jilin_grid",
    "communities",
    "grids",
    "projects",
    "alliances",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Who writes: every audit entry written during the request names its user, role and address.
    "jilin_grid.audit.middleware.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "jilin_grid.security.SessionTimeoutMiddleware",
    # An account whose only role is the read-only API client has no portal pages (403); the API stays open.
    "jilin_grid.security.ApiClientPortalMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Sees the views' exceptions first: the database away is a 503, not a traceback.
    "jilin_grid.health.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: answers a locked-out login with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jilin_grid.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jilin_grid.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "jilin_grid.wsgi.application"

# Database: SQLite by default, PostgreSQL when DATABASE_URL is set. A process keeps its connection
# for DB_CONN_MAX_AGE seconds (0: a new one for every request), checked before each request reuses
# it (CONN_HEALTH_CHECKS), so a database restarted under a running portal is reconnected to, not
# an error. SQLite keeps it too: Django holds one connection per thread, gunicorn's sync workers
# (the Dockerfile's) have one thread, a worker thread of gunicorn --threads keeps its own, and
# runserver (run_portal) closes a request thread's connections when it ends. Opening one costs
# the WAL pragmas below and Django's functions registered on it, on every request otherwise.
# Processes that must leave no connection open behind them (tests dropping their database) set 0.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            # WAL lets the web process read while the worker writes.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Passwords as MLPS 2.0 asks: at least PASSWORD_MIN_LENGTH characters mixing three kinds of
# characters, not common, not the user's own name.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(os.environ.get("PASSWORD_MIN_LENGTH", "8"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "jilin_grid.security.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
]

# A session ends after SESSION_IDLE_SECONDS without a request (30 minutes) and, however busy,
# SESSION_ABSOLUTE_SECONDS after the login (12 hours).
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_SECONDS", str(30 * 60)))
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("SESSION_ABSOLUTE_SECONDS", str(12 * 3600)))
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS

# Guessing passwords: LOGIN_FAILURE_LIMIT failed logins for one account, or from one address, lock
# that account or address for LOGIN_LOCKOUT_MINUTES (django-axes, on the portal's login and the
# admin's, which share the attempts); a success clears the account's count. Attempts, failures
# and lockouts are recorded in the database; an administrator releases one in the admin (访问尝试)
# or with manage.py axes_reset_username / axes_reset_ip. Behind TRUSTED_PROXY_COUNT proxies that
# append to X-Forwarded-For, the address is the one the outermost of them saw.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_VERBOSE = False
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "jilin_grid.security.client_ip"
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Chinese first, English selectable.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end packages come from npm (package-lock.json) and are served by the portal itself.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
]
# The font embedded (as a subset) in every PDF: Noto Sans SC from npm (see jilin_grid/pdf.py).
PDF_FONT_FILE = Path(
    os.environ.get(
        "PDF_FONT_FILE",
        NODE_MODULES / "@expo-google-fonts" / "noto-sans-sc" / "400Regular" / "NotoSansSC_400Regular.ttf",
    )
)
# Static files under hashed names (the manifest collectstatic writes), compressed, served by WhiteNoise
# with a ten years' max-age and "immutable" (jilin_grid/staticfiles.py): production, and the demo
# (`make demo` sets STATIC_MANIFEST=1). Development and the tests keep the plain names.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", default=PRODUCTION)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "jilin_grid.staticfiles.ManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
if STATIC_MANIFEST:
    # What collectstatic wrote, indexed once at start, as in production: with DEBUG on, WhiteNoise
    # would otherwise look each file up in the sources again and answer max-age=0.
    WHITENOISE_AUTOREFRESH = False
    WHITENOISE_USE_FINDERS = False
    WHITENOISE_MAX_AGE = 60  # a plain (unhashed) name; a hashed one is cached for ten years
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so a refused token answers 401 with WWW-Authenticate: Token.
        "communities.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["jilin_grid.api.permissions.ScopedPermission"],
    "DEFAULT_FILTER_BACKENDS": [
        "jilin_grid.filters.FilterBackend",
        "jilin_grid.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "jilin_grid.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "jilin_grid.api.exceptions.exception_handler",
    # Every API client is throttled: 429 with Retry-After beyond these rates.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_ANON_RATE", "60/min"),
        "user": os.environ.get("API_USER_RATE", "1200/min"),
    },
}

# API tokens (communities.ApiToken, page /api-tokens/, command api_token) end: a new token expires
# after API_TOKEN_DEFAULT_DAYS unless its creator picks another day, at most API_TOKEN_MAX_DAYS ahead.
API_TOKEN_DEFAULT_DAYS = int(os.environ.get("API_TOKEN_DEFAULT_DAYS", "90"))
API_TOKEN_MAX_DAYS = int(os.environ.get("API_TOKEN_MAX_DAYS", "365"))

# The API's schema and docs are read by signed-in callers; API_SCHEMA_PUBLIC=1 opens them to anyone.
API_SCHEMA_PUBLIC = env_bool("API_SCHEMA_PUBLIC", False)

SPECTACULAR_SETTINGS = {
    "TITLE": "吉林市网格化党建平台 API / Jilin grid party-building portal API",
    "DESCRIPTION": (
        "Administrative tree, party organizations, grids and their statistics. "
        "Authenticate with `Authorization: Token <key>`; every list is limited to the caller's area."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Every operation declares the errors the shared layer answers with (jilin_grid/api/schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "jilin_grid.api.schema.error_responses",
    ],
    # Choice sets of the projects app share field names (kind, status) with others: name them.
    "ENUM_NAME_OVERRIDES": {
        "ReportKindEnum": "projects.reports.choices.ReportKind",
        "ReportStatusEnum": "projects.reports.choices.ReportJobStatus",
        "ProjectStatusEnum": "projects.projects.choices.ProjectStatus",
        "ProjectEventKindEnum": "projects.projects.choices.ProjectEventKind",
        "AllianceProblemStepEnum": "alliances.loop.choices.ProblemStep",
        "ProblemStatusEnum": "grids.problems.choices.ProblemStatus",
        "HandlingLevelEnum": "grids.problems.choices.HandlingLevel",
        # An area's level in every answer naming an area (the statistics, the trends): one enum.
        "AreaRefLevelEnum": ["city", "district", "street", "community", "grid"],
        "MemberReportStatusEnum": "alliances.volunteering.choices.MemberReportStatus",
        "ManagementModeEnum": "alliances.property.choices.ManagementMode",
        "ServiceModeEnum": "alliances.desk.choices.ServiceMode",
        "CaseStatusEnum": "alliances.desk.choices.CaseStatus",
        "ScoreStatusEnum": "projects.assessment.choices.ScoreStatus",
        "RoundStatusEnum": "projects.brands.choices.RoundStatus",
        "GenderEnum": "communities.choices.Gender",
        "ReviewRoundStatusEnum": "projects.assessment.choices.ReviewRoundStatus",
        "SecretaryReportStatusEnum": "projects.assessment.choices.ReportStatus",
        "ReviewGradeEnum": "projects.assessment.choices.ReviewGrade",
        "RectificationStatusEnum": "projects.rectification.choices.CaseStatus",
        "RectificationSourceEnum": "projects.rectification.choices.CaseSource",
        "MapPointKindEnum": "projects.maps.choices.PointKind",
        "GeoCollectionTypeEnum": ["FeatureCollection"],
        "GeoFeatureTypeEnum": ["Feature"],
        "GeoPointTypeEnum": ["Point"],
        "NotificationKindEnum": "projects.notifications.choices.NotificationKind",
    },
}

# Celery: a file-system broker by default (no server), Redis when configured.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL or "filesystem://")
CELERY_BROKER_DIR = VAR_DIR / "celery-broker"
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR),
        "data_folder_out": str(CELERY_BROKER_DIR),
        "processed_folder": str(VAR_DIR / "celery-processed"),
        "control_folder": str(VAR_DIR / "celery-control"),
        "store_processed": False,
    }
    # The transport does not create its folders; the web process, the worker and beat all need them.
    for _folder in ("celery-broker", "celery-processed", "celery-control"):
        (VAR_DIR / _folder).mkdir(parents=True, exist_ok=True)
else:
    # Time limits of tasks stay well below this, so a late-acked task is not redelivered
    # while it is still running. Seconds after which Redis hands an unacknowledged message (its
    # worker died) to another worker; the worker-kill test sets it low, with low time limits.
    # A broker that does not answer fails a connection within seconds, not minutes: a request
    # that asks for a report then answers at once, the report waiting for the queue.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600")),
        "socket_connect_timeout": 3,
        "socket_timeout": 10,
    }
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 600
CELERY_TASK_TIME_LIMIT = 900
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# Publishing a message tries once more on a fresh connection, then gives up (the caller decides).
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Daily figures of the organization network, kept for trends (hour and minute, Asia/Shanghai).
NETWORK_SNAPSHOT_HOUR = int(os.environ.get("NETWORK_SNAPSHOT_HOUR", "1"))
NETWORK_SNAPSHOT_MINUTE = int(os.environ.get("NETWORK_SNAPSHOT_MINUTE", "10"))
TRENDS_HOUR = int(os.environ.get("TRENDS_HOUR", "1"))
TRENDS_MINUTE = int(os.environ.get("TRENDS_MINUTE", "40"))
CELERY_BEAT_SCHEDULE = {
    "take-network-snapshots": {
        "task": "grids.tasks.take_network_snapshots",
        # Celery's timezone is Asia/Shanghai (CELERY_TIMEZONE), so this is local time.
        "schedule": crontab(hour=NETWORK_SNAPSHOT_HOUR, minute=NETWORK_SNAPSHOT_MINUTE),
    },
    # Every night after the network snapshot: this month so far, and the month just ended on the
    # 1st (or the first night after it beat runs), its network from that month's last snapshot.
    "take-trend-snapshots": {
        "task": "projects.tasks.take_trend_snapshots",
        "schedule": crontab(hour=TRENDS_HOUR, minute=TRENDS_MINUTE),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# The city this portal serves (statistical division code and name).
CITY_CODE = "2202"
# The builders of the demo city (``manage.py seed_demo``), in the order they run: each reads what the
# ones before it wrote (the accounts need the grids; the volunteering members' employers include
# the cadres' departments; the red stations' volunteers include the members who reported).
DEMO_BUILDERS = [
    "grids.network.demo.build_demo_city",
    "communities.demo.build_demo_accounts",
    "grids.problems.demo.build_demo_step",
    "projects.projects.demo.build_demo_step",
    "projects.brands.demo.build_demo_step",
    "alliances.loop.demo.build_demo_step",
    "alliances.cadres.demo.build_demo_step",
    "alliances.volunteering.demo.build_demo_step",
    "alliances.stations.demo.build_demo_step",
    "alliances.property.demo.build_demo_step",
    "alliances.desk.demo.build_demo_step",
    "alliances.campaigns.demo.build_demo_step",
    "projects.assessment.demo.build_demo_step",
    "projects.filing.demo.build_demo_step",
    "projects.assessment.demo.build_review_step",
    "projects.rectification.demo.build_demo_step",
    # It places what the builders above made (compounds, stations, venues, checkpoints).
    "projects.maps.demo.build_demo_step",
    "projects.notifications.demo.build_demo_step",
    # The trends read every figure through the kept counts: they are set first (then not again).
    "jilin_grid.demo.count_step",
    "projects.trends.demo.build_demo_step",
]
# The page of an area (city to grid), where every user lands: the URL name the shared layer redirects to.
AREA_PAGE_URL_NAME = "grids:area_detail"
# A role whose users land on a page of their own instead (the view, by its dotted path): the grid
# worker's three big buttons.
ROLE_HOME_VIEWS = {"grid_worker": "grids.problems.views.worker_home"}
CITY_NAME = "吉林市"

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # docker-compose and a load balancer ask these over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
    SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

PORTAL_TITLE = _("Jilin grid party-building portal")

# Secretary No.1 projects: a month's progress is due by this day of the next month, and a
# project more than this many points below its expected progress is red.
PROJECT_PROGRESS_DEADLINE_DAY = int(os.environ.get("PROJECT_PROGRESS_DEADLINE_DAY", "5"))
PROJECT_SERIOUSLY_BEHIND_POINTS = int(os.environ.get("PROJECT_SERIOUSLY_BEHIND_POINTS", "30"))

# A choice field whose choices in the user's area are more than this many is searched in the
# browser instead of listed (jilin_grid/pickers).
# The ten-minute circles (十分钟服务圈): how far a resident walks in ten minutes, in metres
# (projects/maps; ``manage.py check`` refuses anything but a number of 100 to 5000, and 800 is used).
TEN_MINUTE_WALK_METRES = os.environ.get("TEN_MINUTE_WALK_METRES", "800")
PICKER_INLINE_LIMIT = int(os.environ.get("PICKER_INLINE_LIMIT", "200"))
# Attachments of monthly progress: at most this size, and only these types.
PROJECT_ATTACHMENT_MAX_BYTES = int(os.environ.get("PROJECT_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024)))
PROJECT_ATTACHMENT_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ppt": "application/vnd.ms-powerpoint",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}

# Standardized branches (五好一满意): the confirmed total a branch needs for each number of stars
# (below the lowest: one star), and the confirmed total below which it is a candidate for the
# rectification of weak and lax organizations (软弱涣散党组织整改).
ASSESSMENT_STAR_THRESHOLDS = {5: 90, 4: 80, 3: 70, 2: 60}
ASSESSMENT_RECTIFICATION_BELOW = int(os.environ.get("ASSESSMENT_RECTIFICATION_BELOW", "60"))
# The annual report-and-review (述职评议): how a report's result follows from its reviewers' grades.
# "most": the grade given by most reviewers, a tie going to the lower of the tied grades;
# "median": the middle grade of all given (of an even number, the lower of the two middle ones).
ASSESSMENT_REVIEW_RULE = os.environ.get("ASSESSMENT_REVIEW_RULE", "most")

# Reports of the No.1 projects (monthly dispatch report, quarterly circular), produced by the
# worker. Beat requests last month's report of the city and each district on day 1 of every
# month, and last quarter's circular on day 1 of January, April, July and October, at these
# local times (Asia/Shanghai).
PROJECT_MONTHLY_REPORT_HOUR = int(os.environ.get("PROJECT_MONTHLY_REPORT_HOUR", "6"))
PROJECT_MONTHLY_REPORT_MINUTE = int(os.environ.get("PROJECT_MONTHLY_REPORT_MINUTE", "0"))
PROJECT_QUARTERLY_REPORT_HOUR = int(os.environ.get("PROJECT_QUARTERLY_REPORT_HOUR", "6"))
PROJECT_QUARTERLY_REPORT_MINUTE = int(os.environ.get("PROJECT_QUARTERLY_REPORT_MINUTE", "30"))
# The campaigns' daily summaries for the organization departments (local time).
CAMPAIGN_SUMMARY_HOUR = int(os.environ.get("CAMPAIGN_SUMMARY_HOUR", "21"))
CELERY_BEAT_SCHEDULE["campaigns-daily-summaries"] = {
    "task": "alliances.tasks.produce_campaign_summaries",
    "schedule": crontab(hour=CAMPAIGN_SUMMARY_HOUR, minute=0),
}
# Notifications: what is due in three days or overdue, every morning at this local time.
NOTIFICATION_REMINDER_HOUR = int(os.environ.get("NOTIFICATION_REMINDER_HOUR", "7"))
NOTIFICATION_REMINDER_MINUTE = int(os.environ.get("NOTIFICATION_REMINDER_MINUTE", "30"))
CELERY_BEAT_SCHEDULE["notifications-reminders"] = {
    "task": "projects.tasks.send_reminders",
    "schedule": crontab(hour=NOTIFICATION_REMINDER_HOUR, minute=NOTIFICATION_REMINDER_MINUTE),
}
CELERY_BEAT_SCHEDULE["projects-monthly-reports"] = {
    "task": "projects.tasks.schedule_monthly_reports",
    "schedule": crontab(day_of_month=1, hour=PROJECT_MONTHLY_REPORT_HOUR, minute=PROJECT_MONTHLY_REPORT_MINUTE),
}
CELERY_BEAT_SCHEDULE["projects-quarterly-reports"] = {
    "task": "projects.tasks.schedule_quarterly_reports",
    "schedule": crontab(
        month_of_year="1,4,7,10",
        day_of_month=1,
        hour=PROJECT_QUARTERLY_REPORT_HOUR,
        minute=PROJECT_QUARTERLY_REPORT_MINUTE,
    ),
}
# Time limits of one report (seconds), below the broker's visibility timeout (3600 on Redis).
REPORT_SOFT_TIME_LIMIT = int(os.environ.get("REPORT_SOFT_TIME_LIMIT", "600"))
REPORT_TIME_LIMIT = int(os.environ.get("REPORT_TIME_LIMIT", "900"))
# The worker producing a report renews its lease on the row every REPORT_HEARTBEAT_SECONDS; a
# lease not renewed for REPORT_LEASE_SECONDS (twice the heartbeat) means the worker is gone, and
# the reaper, run by beat every REPORT_REAPER_SECONDS and by every worker when it starts, hands
# the report to another worker, at most REPORT_MAX_ATTEMPTS times in all. A report pending in the
# queue for REPORT_QUEUE_STALE_SECONDS without a worker taking it (its message lost, e.g. with a
# broker restarted without persistence) is queued again. All far below the visibility timeout.
REPORT_HEARTBEAT_SECONDS = float(os.environ.get("REPORT_HEARTBEAT_SECONDS", "30"))
REPORT_LEASE_SECONDS = float(os.environ.get("REPORT_LEASE_SECONDS", str(2 * REPORT_HEARTBEAT_SECONDS)))
REPORT_REAPER_SECONDS = float(os.environ.get("REPORT_REAPER_SECONDS", "60"))
REPORT_MAX_ATTEMPTS = int(os.environ.get("REPORT_MAX_ATTEMPTS", "3"))
REPORT_QUEUE_STALE_SECONDS = float(os.environ.get("REPORT_QUEUE_STALE_SECONDS", "900"))
# A monthly or quarterly run that beat missed (it was down on the first) is caught up when beat
# starts again and by the reaper, if it fell due within this many days.
REPORT_CATCH_UP_DAYS = float(os.environ.get("REPORT_CATCH_UP_DAYS", "7"))
# The queue the report tasks go to (a worker of its own in a large deployment: -Q reports).
REPORT_QUEUE = os.environ.get("REPORT_QUEUE", "celery")
CELERY_BEAT_SCHEDULE["projects-reap-reports"] = {
    "task": "projects.tasks.reap_reports",
    "schedule": REPORT_REAPER_SECONDS,
    "options": {"queue": REPORT_QUEUE, "expires": REPORT_REAPER_SECONDS},
}

# Whoever asked for a report is told by e-mail when it is done or has failed for good; links in
# mails start with PORTAL_BASE_URL. With no EMAIL_HOST the mail goes to the log.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
    EMAIL_TIMEOUT = 10
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Backups: the database and the uploaded files together, every night at this local time, the
# newest BACKUP_KEEP kept in BACKUP_DIR (manage.py backup / restore).
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", VAR_DIR / "backups"))
BACKUP_KEEP = int(os.environ.get("BACKUP_KEEP", "14"))
BACKUP_HOUR = int(os.environ.get("BACKUP_HOUR", "2"))
BACKUP_MINUTE = int(os.environ.get("BACKUP_MINUTE", "30"))
CELERY_BEAT_SCHEDULE["backup"] = {
    "task": "jilin_grid.tasks.backup",
    "schedule": crontab(hour=BACKUP_HOUR, minute=BACKUP_MINUTE),
}

# The audit trail (django-auditlog, one table jilin_grid_auditentry): every create, update, retire
# and delete of every model, with the user, their role, their address, the object's area code and
# the fields before and after; and logins, failed logins, lockouts, logouts, exports and
# downloads. Bulk writes of the services are recorded by jilin_grid.audit.services.audited_update.
AUDITLOG_LOGENTRY_MODEL = "jilin_grid.AuditEntry"
# The library's own entry table is never used (the portal's entry model takes its place), and its
# migrations would create it anyway, with a key to the users that PostgreSQL's TRUNCATE of the users
# (a test's flush) refuses: left unmigrated, the swapped model gets no table at all.
MIGRATION_MODULES = {"auditlog": None}
AUDITLOG_INCLUDE_ALL_MODELS = True
# Not people's changes: sessions, login attempts (recorded as login events), the audit trail's
# own, the migrations, Django admin's history and the duties' heartbeats.
AUDITLOG_EXCLUDE_TRACKING_MODELS = (
    "sessions",
    "contenttypes",
    "axes",
    "admin",
    "jilin_grid.heartbeat",
    # The kept counts follow the rows the trail already records; a repair is recorded as a drift.
    "jilin_grid.keptcount",
    "jilin_grid.countdrift",
    # The monthly trends are read from the figures of rows the trail records; the task rewrites them.
    "projects.trendsnapshot",
)
# Fields that change by themselves on every save or login: a save changing nothing else writes no entry.
AUDITLOG_EXCLUDE_TRACKING_FIELDS = ("updated_at", "last_login", "last_used_at")
# Secrets are recorded as changed, never with their value (passwords, API tokens).
AUDITLOG_MASK_TRACKING_FIELDS = ("password", "key", "key_hash")
AUDITLOG_MASK_CALLABLE = "jilin_grid.audit.models.hide_secret"
# The state before an update is read without a model's default filtering.
AUDITLOG_USE_BASE_MANAGER = True
# A background job's bookkeeping (jilin_grid.jobs: its lease, heartbeat and progress, a report's page
# text, an import's rows read from the upload, gone once it is done) is the worker's, not a change
# to audit; its status, attempts and message are audited.
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    {
        "model": "projects.reportjob",
        "exclude_fields": ["updated_at", "html", "lease_token", "heartbeat_at", "enqueued_at", "notified_at"],
    },
    {
        "model": "alliances.memberimportjob",
        "exclude_fields": ["updated_at", "rows", "rows_done", "lease_token", "heartbeat_at", "enqueued_at"],
    },
    # A campaign's daily summary is the worker's product: which one was produced is audited, not its files.
    {"model": "alliances.dailysummary", "exclude_fields": ["updated_at", "html", "workbook", "produced_at"]},
)
# Entries are kept at least AUDIT_RETENTION_DAYS (the Cybersecurity Law asks six months: less is
# refused by a system check and 180 is used); older ones are written to a gzip JSON-lines file in
# AUDIT_ARCHIVE_DIR, then deleted, every night at AUDIT_ARCHIVE_HOUR:AUDIT_ARCHIVE_MINUTE
# (manage.py audit_archive by hand).
AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", "180"))
AUDIT_ARCHIVE_DIR = Path(os.environ.get("AUDIT_ARCHIVE_DIR", VAR_DIR / "audit-archive"))
AUDIT_ARCHIVE_HOUR = int(os.environ.get("AUDIT_ARCHIVE_HOUR", "3"))
AUDIT_ARCHIVE_MINUTE = int(os.environ.get("AUDIT_ARCHIVE_MINUTE", "15"))
CELERY_BEAT_SCHEDULE["audit-archive"] = {
    "task": "jilin_grid.tasks.audit_archive",
    "schedule": crontab(hour=AUDIT_ARCHIVE_HOUR, minute=AUDIT_ARCHIVE_MINUTE),
}
# Every night the kept counts (jilin_grid/counts/) are compared with a recount of their rows; any
# drift is repaired, logged and recorded (manage.py recount_counts by hand).
RECOUNT_HOUR = int(os.environ.get("RECOUNT_HOUR", "2"))
RECOUNT_MINUTE = int(os.environ.get("RECOUNT_MINUTE", "40"))
CELERY_BEAT_SCHEDULE["recount-counts"] = {
    "task": "jilin_grid.tasks.recount_counts",
    "schedule": crontab(hour=RECOUNT_HOUR, minute=RECOUNT_MINUTE),
}

# Pictures are decoded and written anew on upload (jilin_grid/uploads.py): larger ones are refused.
UPLOAD_MAX_IMAGE_PIXELS = int(os.environ.get("UPLOAD_MAX_IMAGE_PIXELS", str(40_000_000)))
# How long files sent with a refused form are kept for its next submit (jilin_grid.uploads).
HELD_UPLOAD_SECONDS = int(os.environ.get("HELD_UPLOAD_SECONDS", "3600"))
HELD_UPLOAD_MAX_FILES = int(os.environ.get("HELD_UPLOAD_MAX_FILES", "20"))
CELERY_BEAT_SCHEDULE["sweep-held-uploads"] = {
    "task": "jilin_grid.tasks.sweep_held_uploads",
    "schedule": crontab(minute=int(os.environ.get("HELD_UPLOAD_SWEEP_MINUTE", "25"))),
}

# Residents' problems: the largest photo accepted.
PROBLEM_PHOTO_MAX_BYTES = int(os.environ.get("PROBLEM_PHOTO_MAX_BYTES", str(8 * 1024 * 1024)))

# In-service party members imported from an Excel workbook: the largest file and the most member rows accepted.
# An import takes about 5-10 ms a row; a larger sheet is split.
MEMBER_IMPORT_MAX_BYTES = int(os.environ.get("MEMBER_IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
MEMBER_IMPORT_MAX_ROWS = int(os.environ.get("MEMBER_IMPORT_MAX_ROWS", "2000"))
# What the workbook's parts may unpack to (2,000 members take about 1 MB of sheet), and the rows
# read at most, blank or not: a small file of hundreds of megabytes of empty rows is refused at once.
MEMBER_IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("MEMBER_IMPORT_MAX_UNPACKED_BYTES", str(20 * 1024 * 1024)))
MEMBER_IMPORT_MAX_SHEET_ROWS = int(os.environ.get("MEMBER_IMPORT_MAX_SHEET_ROWS", str(MEMBER_IMPORT_MAX_ROWS + 1000)))
# A sheet of at most MEMBER_IMPORT_SYNC_MAX_ROWS member rows is imported inside the request; a
# larger one becomes a job (its rows stored on the row) that the Celery worker runs, on
# MEMBER_IMPORT_QUEUE, while the page shows its progress. The job's time limits stay below the
# broker's visibility timeout. The worker on a job renews its lease (and writes the rows done)
# every MEMBER_IMPORT_HEARTBEAT_SECONDS; a lease not renewed for MEMBER_IMPORT_LEASE_SECONDS lets
# the reaper (run by beat every REPORT_REAPER_SECONDS and by each worker when it starts) hand the
# job to another worker, at most MEMBER_IMPORT_MAX_ATTEMPTS times in all. A job waiting for the
# queue (the broker was away) or pending in it for REPORT_QUEUE_STALE_SECONDS is queued again.
MEMBER_IMPORT_SYNC_MAX_ROWS = int(os.environ.get("MEMBER_IMPORT_SYNC_MAX_ROWS", "300"))
MEMBER_IMPORT_QUEUE = os.environ.get("MEMBER_IMPORT_QUEUE", REPORT_QUEUE)
MEMBER_IMPORT_SOFT_TIME_LIMIT = int(os.environ.get("MEMBER_IMPORT_SOFT_TIME_LIMIT", "600"))
MEMBER_IMPORT_TIME_LIMIT = int(os.environ.get("MEMBER_IMPORT_TIME_LIMIT", "900"))
MEMBER_IMPORT_HEARTBEAT_SECONDS = float(os.environ.get("MEMBER_IMPORT_HEARTBEAT_SECONDS", "5"))
MEMBER_IMPORT_LEASE_SECONDS = float(
    os.environ.get("MEMBER_IMPORT_LEASE_SECONDS", str(max(60.0, 6 * MEMBER_IMPORT_HEARTBEAT_SECONDS)))
)
MEMBER_IMPORT_MAX_ATTEMPTS = int(os.environ.get("MEMBER_IMPORT_MAX_ATTEMPTS", "3"))
CELERY_BEAT_SCHEDULE["alliances-reap-member-imports"] = {
    "task": "alliances.tasks.reap_member_imports",
    "schedule": REPORT_REAPER_SECONDS,
    "options": {"queue": MEMBER_IMPORT_QUEUE, "expires": REPORT_REAPER_SECONDS},
}

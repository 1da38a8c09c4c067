"""Settings shared by every environment, read from the environment (django-environ).

With nothing set the project runs on SQLite in the project folder and Celery executes tasks
in-process (the embedded default). DATABASE_URL=postgres://… and REDIS_URL=redis://… switch to
PostgreSQL and a real broker.
"""

import datetime
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A .env file is optional; values in the real environment win.
env.read_env(str(BASE_DIR / ".env"), overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env(
    "DJANGO_SECRET_KEY",
    default="django-insecure-local-development-key-do-not-use-in-production",
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Apps ----------------------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
THIRD_PARTY_APPS = [
    "simple_history",
    "django_filters",
    "django_tables2",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    # MFA of local accounts: TOTP and recovery codes (identity/ holds the passkeys).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]
# In dependency order: a lower app never imports a higher one.
LOCAL_APPS = [
    "core",
    "organisations",
    # Login through each organisation's IdP (SAML 2.0, OIDC) and MFA of the local accounts.
    "identity",
    "riskanalysis",
    "suppliers",
    "requirements_catalog",
    "incidents",
    "audits",
    "reporting",
    # Reminders and escalation by e-mail: reads every app below it; only the work queues read it.
    "reminders",
    # Work queues (with each person's reminders): reads every app below it, nothing imports it.
    "todo",
    # Search: reads every app below it through its gate; nothing imports it.
    "search",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

AUTH_USER_MODEL = "organisations.User"
# The permission gate in core reads memberships through this model, so core never imports
# organisations (see core/permissions.py).
HALLBAR_MEMBERSHIP_MODEL = "organisations.Membership"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost after SecurityMiddleware: its headers reach every response, static files too.
    "core.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A password login that must set up MFA reaches only the MFA pages until it has (identity).
    "identity.middleware.MfaEnrolmentMiddleware",
    # A form sent after the session ended keeps what was typed for after the login.
    "core.middleware.KeptInputMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A user's own change refreshes their work-queue counts in the menu.
    "todo.middleware.ForgetCountsAfterChangeMiddleware",
    # Last, as django-axes asks: turns a locked login (portal or admin) into the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hallbar.urls"
WSGI_APPLICATION = "hallbar.wsgi.application"
ASGI_APPLICATION = "hallbar.asgi.application"

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
                "core.context_processors.navigation",
                "todo.context_processors.todo_menu",
            ],
        },
    },
]

# Database ------------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Passwords and sessions ----------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# The login lock (django-axes, core/login_lock.py): failed logins per username (normalised:
# NFKC, case, whitespace; from any address) and, much higher, per client address (any
# usernames), each counted until HALLBAR_LOGIN_LOCK_MINUTES have passed since the newest one.
# Counted in the database: the lock holds with Redis down. Portal and admin logins alike.
HALLBAR_LOGIN_FAILURES_PER_USER = env.int("HALLBAR_LOGIN_FAILURES_PER_USER", default=5)
HALLBAR_LOGIN_FAILURES_PER_ADDRESS = env.int("HALLBAR_LOGIN_FAILURES_PER_ADDRESS", default=100)
HALLBAR_LOGIN_LOCK_MINUTES = env.int("HALLBAR_LOGIN_LOCK_MINUTES", default=15)
# SAML single sign-on (identity/saml.py): the SP's signing key and certificate (PEM; "\n" may
# stand for line breaks). Empty: the portal signs no AuthnRequest or logout message, and its
# metadata says so. The authentication context to ask the IdPs for (empty: none asked), and how
# long a started login waits for the IdP's answer.
HALLBAR_SAML_SP_KEY = env("HALLBAR_SAML_SP_KEY", default="")
HALLBAR_SAML_SP_CERT = env("HALLBAR_SAML_SP_CERT", default="")
HALLBAR_SAML_REQUESTED_AUTHN_CONTEXT = env.list("HALLBAR_SAML_REQUESTED_AUTHN_CONTEXT", default=[])
HALLBAR_SAML_REQUEST_SECONDS = env.int("HALLBAR_SAML_REQUEST_SECONDS", default=10 * 60)
# Accessibility reports (the statement's form, core/accessibility.py): per sender (a logged-in
# user, else a client address) and of all anonymous senders together, in fixed windows.
HALLBAR_ACCESSIBILITY_REPORT_RATE = env("HALLBAR_ACCESSIBILITY_REPORT_RATE", default="5/hour")
HALLBAR_ACCESSIBILITY_REPORT_ANON_TOTAL_RATE = env(
    "HALLBAR_ACCESSIBILITY_REPORT_ANON_TOTAL_RATE", default="100/hour"
)
# Where the accessibility statement tells people to write (empty: only the statement's form).
HALLBAR_ACCESSIBILITY_CONTACT_EMAIL = env("HALLBAR_ACCESSIBILITY_CONTACT_EMAIL", default="")
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "organisations.backends.NormalisedUsernameBackend",
]
AXES_HANDLER = "core.login_lock.LoginLockHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = HALLBAR_LOGIN_FAILURES_PER_USER
AXES_COOLOFF_TIME = datetime.timedelta(minutes=HALLBAR_LOGIN_LOCK_MINUTES)
AXES_USERNAME_CALLABLE = "core.login_lock.axes_username"
AXES_CLIENT_IP_CALLABLE = "core.login_lock.axes_client_ip"
AXES_LOCKOUT_CALLABLE = "core.views.auth.lockout_response"
AXES_RESET_ON_SUCCESS = True
# A refused attempt while locked does not push the end of the lock further away.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_HTTP_RESPONSE_CODE = 429
# MFA of local accounts (identity/mfa_login.py): a right password with a second factor to come
# waits this long for it; TOTP apps show this issuer; passkeys are bound to this relying party
# id (empty: the host of the request, e.g. hallbar.example.se).
HALLBAR_MFA_PENDING_SECONDS = env.int("HALLBAR_MFA_PENDING_SECONDS", default=300)
OTP_TOTP_ISSUER = "Hållbar"
HALLBAR_WEBAUTHN_RP_ID = env("HALLBAR_WEBAUTHN_RP_ID", default="")

# Sessions expire after inactivity: the cookie age is renewed on every request.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
# A logged-in page warns this many seconds before the session would end, with a button that
# keeps it (WCAG 2.2.1; static/hallbar/session.js). Never more than half the session.
HALLBAR_SESSION_WARNING_SECONDS = env.int("HALLBAR_SESSION_WARNING_SECONDS", default=5 * 60)
# OpenID Connect login (identity/oidc.py): seconds to wait on an IdP (discovery, JWKS, token,
# userinfo) before the login is refused, and how long its discovery document and keys are cached.
HALLBAR_OIDC_TIMEOUT = env.float("HALLBAR_OIDC_TIMEOUT", default=5.0)
HALLBAR_OIDC_CACHE_SECONDS = env.int("HALLBAR_OIDC_CACHE_SECONDS", default=300)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Content-Security-Policy (django-csp): scripts, styles, fonts and images only from the portal's
# own static files; no inline script, no inline style, no eval (HTMX is configured for it in
# base.html). Swagger UI loads its init script from /api/docs/?script= (hallbar/api_urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Internationalisation: Swedish first, English second --------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
# Dates as 2024-05-03 in both languages. Thousands separators are not switched on globally
# (a year would print as "2 024"); amounts use the `amount` filter where they are shown.
FORMAT_MODULE_PATH = ["hallbar.formats"]
USE_TZ = True

# Static and media ----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "hallbar.staticfiles.PortalAppDirectoriesFinder",  # leaves out what is never served
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded evidence is at most 20 MB a file; the request may carry a little more.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
HALLBAR_MAX_UPLOAD_BYTES = env.int("HALLBAR_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
# A ZIP-based document (DOCX, ODT, …) is refused when it holds more entries, would unpack to
# more bytes, or has an entry packed more tightly than these (core/files.py).
HALLBAR_ZIP_MAX_ENTRIES = env.int("HALLBAR_ZIP_MAX_ENTRIES", default=10_000)
HALLBAR_ZIP_MAX_UNPACKED = env.int("HALLBAR_ZIP_MAX_UNPACKED", default=100 * 1024 * 1024)
HALLBAR_ZIP_MAX_RATIO = env.int("HALLBAR_ZIP_MAX_RATIO", default=100)

# Cache: Redis when REDIS_URL is set (shared by every process: login limits hold across
# workers), else memory of the one process. While Redis is unreachable the cache serves from
# the process's memory and logs it (core/cache.py): pages and the API keep answering.
CACHES = {
    "default": (
        {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": env("REDIS_URL"),
            "OPTIONS": {
                "socket_connect_timeout": env.float("HALLBAR_REDIS_CONNECT_TIMEOUT", default=0.5),
                "socket_timeout": env.float("HALLBAR_REDIS_TIMEOUT", default=2.0),
            },
        }
        if env("REDIS_URL", default="")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# manage.py backup's format: JSON Lines with times to the microsecond (core/serialization.py).
SERIALIZATION_MODULES = {"exactjsonl": "core.serialization"}

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}

# REST API: Bearer tokens (organisations.ApiToken) and, for the browsable API, the session.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "organisations.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.api.permissions.PortalApiPermission"],
    # Bodies are JSON (anything else is 415): one input format to document, validate and fuzz.
    "DEFAULT_PARSER_CLASSES": ["core.api.parsers.PortalJSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.PortalAutoSchema",
    "EXCEPTION_HANDLER": "core.api.exceptions.api_exception_handler",
    # Proxies in front of the app: 0 means the client address is REMOTE_ADDR and a sent
    # X-Forwarded-For is ignored (it would let anyone pick their own throttling address).
    "NUM_PROXIES": env.int("HALLBAR_NUM_PROXIES", default=0),
    "DEFAULT_THROTTLE_RATES": {
        "token": env("HALLBAR_API_RATE", default="1200/min"),
        "anonymous": env("HALLBAR_API_ANON_RATE", default="120/min"),
    },
    "COERCE_DECIMAL_TO_STRING": False,
}
# Failed bearer tokens per client address in a fixed window; then every token from that
# address is refused (429, Retry-After) until the window ends.
HALLBAR_API_TOKEN_FAILURE_RATE = env("HALLBAR_API_TOKEN_FAILURE_RATE", default="20/min")
# The largest request body the API reads (JSON); larger is 413.
HALLBAR_API_MAX_BODY_BYTES = env.int("HALLBAR_API_MAX_BODY_BYTES", default=1024 * 1024)
# The most rows one ?format=csv answer holds (more: 400, narrow the filters).
HALLBAR_API_CSV_MAX_ROWS = env.int("HALLBAR_API_CSV_MAX_ROWS", default=100_000)
SPECTACULAR_SETTINGS = {
    "TITLE": "Hållbar API",
    "DESCRIPTION": (
        "The data of the Swedish regions' collaboration on sustainable procurement "
        "(Hållbar upphandling): audits, findings, incidents, suppliers and the registers, for "
        "the regions' own systems. Authenticate with `Authorization: Bearer <token>`; pull "
        "changes with `modified_since` and `/api/v1/deletions/`; add `format=csv` for CSV."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    # The resources start folded: Swagger UI renders no more than about 128 operations at once
    # (the API has more), and an integrator opens the resource they work with.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "docExpansion": "none"},
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "DISABLE_ERRORS_AND_WARNINGS": False,
    # Each choice set has one name in the schema: the class that defines it.
    "ENUM_NAME_OVERRIDES": {
        "AuditKindEnum": "audits.choices.AuditKind",
        "AuditStatusEnum": "audits.choices.AuditStatus",
        "ResultOutcomeEnum": "audits.choices.ResultOutcome",
        "FindingKindEnum": "audits.choices.FindingKind",
        "FindingSeverityEnum": "audits.choices.FindingSeverity",
        "FindingStatusEnum": "audits.choices.FindingStatus",
        "TimelineActionEnum": "audits.choices.TimelineAction",
        "IncidentSourceEnum": "incidents.choices.IncidentSource",
        "IncidentRiskAreaEnum": "incidents.choices.IncidentRiskArea",
        "IncidentStatusEnum": "incidents.choices.IncidentStatus",
        "DatePrecisionEnum": "incidents.choices.DatePrecision",
        "TimelineKindEnum": "incidents.choices.TimelineKind",
        "LabTestStatusEnum": "incidents.choices.LabTestStatus",
        "OrganisationKindEnum": "organisations.choices.OrganisationKind",
        "PartnershipKindEnum": "organisations.choices.PartnershipKind",
        "EventKindEnum": "reporting.choices.EventKind",
        "EventFormatEnum": "reporting.choices.EventFormat",
        "FigureKeyEnum": "reporting.choices.FigureKey",
        "ReportSectionEnum": "reporting.choices.ReportSection",
        "CostKindEnum": "reporting.choices.CostKind",
        "ReportJobStatusEnum": "reporting.choices.ReportJobStatus",
        "InstrumentKindEnum": "requirements_catalog.choices.InstrumentKind",
        "VersionStatusEnum": "requirements_catalog.choices.VersionStatus",
        "RequirementLevelEnum": "requirements_catalog.choices.RequirementLevel",
        "RiskAreaEnum": "riskanalysis.choices.RiskArea",
        "RiskLevelEnum": "riskanalysis.choices.RiskLevel",
        "RiskAnalysisKindEnum": "riskanalysis.choices.RiskAnalysisKind",
        "SupplyChainStageEnum": "riskanalysis.choices.SupplyChainStage",
        "AliasKindEnum": "suppliers.choices.AliasKind",
        "SiteKindEnum": "suppliers.choices.SiteKind",
        "AgreementStatusEnum": "suppliers.choices.AgreementStatus",
        "ClauseLevelEnum": "suppliers.choices.ClauseLevel",
    },
}
HALLBAR_API_TOKEN_DEFAULT_DAYS = env.int("HALLBAR_API_TOKEN_DEFAULT_DAYS", default=365)

# Import (django-import-export) ---------------------------------------------------------------
# Limits checked before a file is parsed; files over HALLBAR_IMPORT_SYNC_ROWS rows are imported
# by the worker, with progress.
HALLBAR_IMPORT_MAX_BYTES = env.int("HALLBAR_IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
HALLBAR_IMPORT_MAX_ROWS = env.int("HALLBAR_IMPORT_MAX_ROWS", default=50_000)
HALLBAR_IMPORT_XLSX_MAX_ENTRIES = env.int("HALLBAR_IMPORT_XLSX_MAX_ENTRIES", default=200)
HALLBAR_IMPORT_XLSX_MAX_UNCOMPRESSED = env.int(
    "HALLBAR_IMPORT_XLSX_MAX_UNCOMPRESSED", default=100 * 1024 * 1024
)
HALLBAR_IMPORT_SYNC_ROWS = env.int("HALLBAR_IMPORT_SYNC_ROWS", default=2000)

# Celery --------------------------------------------------------------------------------------
# No REDIS_URL: tasks run in-process (the embedded default). With it: a real broker and worker.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
# Long jobs (the yearly report): acknowledge after the work, one task at a time per process,
# and a visibility timeout above the hard time limit so a running job is never redelivered.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=30 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=25 * 60)
# Redis redelivers a message nobody acknowledged after the visibility timeout (a worker that
# died mid-job): above the hard time limit, or a job still running would be started twice.
CELERY_VISIBILITY_TIMEOUT = env.int(
    "CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 10 * 60
)
if CELERY_VISIBILITY_TIMEOUT <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        "CELERY_VISIBILITY_TIMEOUT must be above CELERY_TASK_TIME_LIMIT, or a running job "
        "is delivered a second time."
    )
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "socket_connect_timeout": env.float("HALLBAR_REDIS_CONNECT_TIMEOUT", default=0.5),
    "socket_timeout": env.float("HALLBAR_REDIS_TIMEOUT", default=2.0),
}
# Queuing a job from a request fails fast when the broker is gone (core/jobs.py): the job stays
# queued and the sweep below sends it once the broker is back.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
CELERY_TASK_PUBLISH_RETRY = False
# Jobs (report builds, large imports) beat on their row while they run; a job whose beat is
# older than HALLBAR_JOB_STALE_SECONDS lost its worker, and the sweep hands it to another one.
HALLBAR_JOB_HEARTBEAT_SECONDS = env.int("HALLBAR_JOB_HEARTBEAT_SECONDS", default=20)
HALLBAR_JOB_STALE_SECONDS = env.int("HALLBAR_JOB_STALE_SECONDS", default=120)
# A queued job whose message went missing (a broker restarted without its data) is sent again
# after this long.
HALLBAR_JOB_RESEND_SECONDS = env.int("HALLBAR_JOB_RESEND_SECONDS", default=15 * 60)
CELERY_BEAT_SCHEDULE = {
    "sweep-report-jobs": {"task": "reporting.tasks.sweep_report_jobs", "schedule": 60.0},
    "sweep-import-jobs": {"task": "core.tasks.sweep_import_jobs", "schedule": 60.0},
    # The reminders' daily run (reminders/services.py). Kept here rather than in the database
    # (django-celery-beat): one daily entry needs no editing screen, it is reviewed with the
    # code, and the run is safe to repeat, so a beat restarted at the wrong moment costs nothing.
    "send-reminders": {
        "task": "reminders.tasks.send_reminders",
        # crontab fields: "6" and "0" by default; "*" runs it every hour or minute. With
        # HALLBAR_REMINDER_EVERY_SECONDS set, every so many seconds instead (the real-worker test
        # does: each run of a day after the first sends nothing).
        "schedule": env.float("HALLBAR_REMINDER_EVERY_SECONDS", default=0.0)
        or crontab(
            hour=env.str("HALLBAR_REMINDER_HOUR", default="6"),
            minute=env.str("HALLBAR_REMINDER_MINUTE", default="0"),
        ),
    },
}
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")

# Reminders and escalation (reminders/selectors.py) -------------------------------------------
# N: days before a deadline the responsible people are reminded (and again on the day).
HALLBAR_REMINDER_DAYS_BEFORE = env.int("HALLBAR_REMINDER_DAYS_BEFORE", default=7)
# M: days after the overdue escalation to the lead region's contact that the secretariat is told.
HALLBAR_REMINDER_ESCALATION_DAYS = env.int("HALLBAR_REMINDER_ESCALATION_DAYS", default=14)
# K: days an incident may go without a timeline entry before it is due for one.
HALLBAR_REMINDER_INCIDENT_QUIET_DAYS = env.int("HALLBAR_REMINDER_INCIDENT_QUIET_DAYS", default=30)
# P: days after a finding was raised that its corrective action plan is due.
HALLBAR_REMINDER_ACTION_PLAN_DAYS = env.int("HALLBAR_REMINDER_ACTION_PLAN_DAYS", default=30)
# The weekday of weekly digests (0 Monday … 6 Sunday).
HALLBAR_REMINDER_WEEKLY_DAY = env.int("HALLBAR_REMINDER_WEEKLY_DAY", default=0)
# A digest claimed but not confirmed sent this long ago belongs to a run that died: resent.
HALLBAR_REMINDER_RESEND_SECONDS = env.int("HALLBAR_REMINDER_RESEND_SECONDS", default=15 * 60)
# Seconds between two digests, for an SMTP relay that limits the rate (0: none).
HALLBAR_REMINDER_SEND_INTERVAL = env.float("HALLBAR_REMINDER_SEND_INTERVAL", default=0.0)
# Links in mails are absolute: the portal's address as its users reach it.
HALLBAR_SITE_URL = env("HALLBAR_SITE_URL", default="http://127.0.0.1:8000")
HALLBAR_MAIL_DOMAIN = env("HALLBAR_MAIL_DOMAIN", default="hallbar.invalid")

# Mail: EMAIL_URL as django-environ reads it (smtp://user:password@host:587, smtp+tls://…,
# consolemail:// prints). Unset: printed to the console (the embedded default).
globals().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Hållbar <noreply@hallbar.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

# Logging -------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}

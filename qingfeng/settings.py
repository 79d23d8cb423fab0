"""Settings come from environment variables only (see README, "Configuration")."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from qingfeng.core.email_url import email_settings

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


QF_ENV = os.environ.get("QF_ENV", "development")
PRODUCTION = QF_ENV == "production"

# Production never runs with DEBUG, whatever QF_DEBUG says.
DEBUG = False if PRODUCTION else env_bool("QF_DEBUG", True)
DEMO = env_bool("QF_DEMO", False)
# A server for real people's data: neither a developer's (DEBUG) nor the demo (`make run` sets QF_DEMO=1).
REAL_SERVER = not DEBUG and not DEMO

# The database, uploads, collected static files and the queue. Never a path beside the code, which after
# `pip install .` is inside site-packages: `./var` of the working directory, and a real server names it.
if REAL_SERVER and not os.environ.get("QF_DATA_DIR"):
    raise ImproperlyConfigured(
        "QF_DATA_DIR must be set in production (QF_DEBUG=0 or QF_ENV=production, without QF_DEMO=1): "
        "the folder for the database, uploads and the job queue, e.g. QF_DATA_DIR=/srv/qingfeng/var")
DATA_DIR = Path(os.environ.get("QF_DATA_DIR") or Path.cwd() / "var").resolve()

SECRET_KEY = os.environ.get("QF_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("QF_SECRET_KEY must be set when QF_ENV=production")
    SECRET_KEY = "development-only-key-do-not-use-in-production-qingfeng-清风-0123456789"

ALLOWED_HOSTS = env_list("QF_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("QF_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "treebeard",
    "simple_history",
    "axes",
    "django_htmx",
    "django_tables2",
    "django_filters",
    "huey.contrib.djhuey",
    "rest_framework",
    "drf_spectacular",
    "csp",
    "qingfeng.core",
    "qingfeng.orgs",
    "qingfeng.campaigns",
    "qingfeng.study",
    "qingfeng.inspection",
    "qingfeng.ledger",
    "qingfeng.orglife",
    "qingfeng.proposals",
    "qingfeng.originality",
    "qingfeng.reports",
    "qingfeng.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    # After signing in with a password a secretary set, nothing opens until the user has chosen their own.
    "qingfeng.orgs.middleware.PasswordChangeRequiredMiddleware",
]

ROOT_URLCONF = "qingfeng.urls"
WSGI_APPLICATION = "qingfeng.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "qingfeng.core.context_processors.qingfeng",
                "qingfeng.demo.context_processors.demo_accounts",
            ],
        },
    },
]

DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("QF_DATABASE_URL", f"sqlite:///{DATA_DIR / 'qingfeng.sqlite3'}"),
        conn_max_age=int(os.environ.get("QF_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets readers and the writer work side by side.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "qingfeng.orgs.accounts.MinimumLengthValidator"},  # Django's, with its message in Chinese
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AXES_FAILURE_LIMIT = int(os.environ.get("QF_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
# Lock a username from an address, not the address: behind a proxy every user shares one IP.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Proxies in front of gunicorn (nginx alone: 1). The client is the X-Forwarded-For entry that many from the
# right; with 0 the header is ignored, so a forged one can neither lock others out nor dodge the lockout.
TRUSTED_PROXIES = int(os.environ.get("QF_TRUSTED_PROXIES", "0"))
if TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("QF_TRUSTED_PROXIES is the number of proxies in front of the app: 0, 1, 2, …")
AXES_CLIENT_IP_CALLABLE = "qingfeng.core.clients.client_address"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]  # our words over Django's: 请填写此项, not 该字段是必填项
# Dates as on paper, 2026年10月17日: core/formats/zh_Hans/formats.py, which also reads 2026年2月3日 typed into a
# form. The settings below are the fallback for a language without its own formats.
FORMAT_MODULE_PATH = ["qingfeng.core.formats"]
DATE_FORMAT = SHORT_DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = SHORT_DATETIME_FORMAT = "Y年n月j日 H:i"

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = DATA_DIR / "media"  # never under static; files are served by permission-checked views
# Several machines share uploads and job files through S3-compatible storage (AWS S3, MinIO, Ceph, OSS…):
# private objects, never overwritten, still served only by the permission-checked views (docs/deploy.md).
S3_BUCKET = os.environ.get("QF_S3_BUCKET", "")
if S3_BUCKET:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": S3_BUCKET,
        "endpoint_url": os.environ.get("QF_S3_ENDPOINT_URL") or None,
        "access_key": os.environ.get("QF_S3_ACCESS_KEY") or None,
        "secret_key": os.environ.get("QF_S3_SECRET_KEY") or None,
        "region_name": os.environ.get("QF_S3_REGION") or None,
        "location": os.environ.get("QF_S3_PREFIX", ""),
        "default_acl": None, "querystring_auth": True, "file_overwrite": False,
    }}

UPLOAD_MAX_BYTES = int(os.environ.get("QF_UPLOAD_MAX_MB", "20")) * 1024 * 1024
ROSTER_MAX_BYTES = int(os.environ.get("QF_ROSTER_MAX_MB", "20")) * 1024 * 1024
# An uploaded .xlsx/.docx is a zip, refused when it unpacks to more (a 718 KB roster held 5 million blank rows).
OOXML_MAX_UNPACKED_BYTES = int(os.environ.get("QF_OOXML_MAX_UNPACKED_MB", "100")) * 1024 * 1024
# Exports with more rows than this are written by a background job (a progress page, then a link).
EXPORT_SYNC_MAX_ROWS = int(os.environ.get("QF_EXPORT_SYNC_MAX_ROWS", "3000"))

# 提案/社情民意 (qingfeng/proposals): a reply the submitter has not rated within QF_PROPOSAL_RATING_DAYS is closed by
# the daily job and counts as 未评价, or as 满意 when QF_PROPOSAL_UNRATED_AS_SATISFIED=1.
PROPOSAL_RATING_DAYS = int(os.environ.get("QF_PROPOSAL_RATING_DAYS", "15"))
PROPOSAL_UNRATED_AS_SATISFIED = env_bool("QF_PROPOSAL_UNRATED_AS_SATISFIED", False)
# The public form: submissions per address per hour, tracking-code tries per address per hour, and the
# proof-of-work's difficulty (the solver tries up to this many hashes; about a second in a phone's browser).
PROPOSAL_SUBMIT_PER_HOUR = int(os.environ.get("QF_PROPOSAL_SUBMIT_PER_HOUR", "5"))
PROPOSAL_TRACK_PER_HOUR = int(os.environ.get("QF_PROPOSAL_TRACK_PER_HOUR", "30"))
PROPOSAL_POW_MAX_NUMBER = int(os.environ.get("QF_PROPOSAL_POW_MAX_NUMBER", "100000"))
PROPOSAL_ATTACHMENTS_MAX = 3  # files per submission, each within QF_UPLOAD_MAX_MB
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A sign-in lasts QF_SESSION_HOURS from the last time the session was written (signing in), not from each
# request: saving the session on every request would cost every page a write.
SESSION_HOURS = float(os.environ.get("QF_SESSION_HOURS", "8"))
if SESSION_HOURS <= 0:
    raise ImproperlyConfigured("QF_SESSION_HOURS is how long a sign-in lasts, in hours: more than 0, e.g. 8 or 0.5")
SESSION_COOKIE_AGE = round(SESSION_HOURS * 60 * 60)
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# No inline script or style anywhere, in development as in production: a stored name that slips
# into markup cannot run, and the browser tests fail on any violation (conftest.py).
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
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("QF_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("QF_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend"
)
# The mail server as one URL (qingfeng/core/email_url.py): EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER,
# EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_USE_SSL. QF_EMAIL_BACKEND, when set, still names the backend.
if os.environ.get("QF_EMAIL_URL"):
    globals().update(email_settings(os.environ["QF_EMAIL_URL"]))
EMAIL_BACKEND = os.environ.get("QF_EMAIL_BACKEND", EMAIL_BACKEND)
# A mail server that does not answer must not hold a web worker until gunicorn's timeout.
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("QF_DEFAULT_FROM_EMAIL", "qingfeng@localhost")
# Where people reach the site, for links in emails (e.g. https://qingfeng.example.org).
SITE_URL = os.environ.get("QF_SITE_URL", "http://127.0.0.1:8000")

# Background jobs (huey): SQLite storage beside the database, Redis when QF_REDIS_URL is set.
# In development and tests (DEBUG) tasks run in the calling process and need no consumer;
# `make run` sets QF_HUEY_IMMEDIATE=0 and starts `manage.py run_huey` beside gunicorn.
REDIS_URL = os.environ.get("QF_REDIS_URL", "")
HUEY = {
    "name": "qingfeng",
    "immediate": env_bool("QF_HUEY_IMMEDIATE", DEBUG),
    # Periodic schedules (crontab) read the local time, which Django sets to TIME_ZONE.
    "utc": False,
    # SIGTERM (systemd, scripts/serve.sh) lets running jobs finish for up to 30 s; then, or at once on
    # SIGINT, the ones still running are failed with a message and their files removed (core/tasks.py).
    "consumer": {"workers": int(os.environ.get("QF_HUEY_WORKERS", "2")), "worker_type": "thread",
                 "graceful_signal": "TERM", "shutdown_timeout": 30},
}
# A running job's worker touches it this often; one silent for four beats lost its consumer (core/jobs.py).
JOB_HEARTBEAT_SECONDS = 30
# Finished jobs, their pages and files, are deleted this many days after they end.
JOB_FILES_DAYS = int(os.environ.get("QF_JOB_FILES_DAYS", "7"))
if REDIS_URL:
    HUEY.update({"huey_class": "huey.RedisHuey", "url": REDIS_URL})
else:
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": str(DATA_DIR / "huey.sqlite3")})

# The API: the logged-in session, the same permission rule as the pages (qingfeng.core.permissions).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "清风 QingFeng API",
    "VERSION": "0.1.0",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("QF_LOG_LEVEL", "WARNING")},
    "loggers": {
        # The consumer's own lines (task started, finished, failed), once each.
        "huey": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "qingfeng.ledger.supervision": {"level": "INFO"},  # the daily escalation's counts
    },
}

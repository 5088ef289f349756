"""Settings for gifu_taisaku: one module, driven by environment variables.

DEBUG defaults to off. Development (`make run`) and the test suite switch it on
explicitly; production must provide SECRET_KEY and ALLOWED_HOSTS.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes", "on" mean yes)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable as a list of non-empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-key-never-use-in-production-0123456789abcdef"  # noqa: S105

# The audit trail's HMAC key (core.audit_chain); without it SECRET_KEY keys the chain. Set it
# apart so that rotating SECRET_KEY (sessions, tokens) leaves the trail verifiable, keep it off
# the database server, and keep it with the backups: a restored trail verifies with it only.
AUDIT_CHAIN_KEY = os.environ.get("AUDIT_CHAIN_KEY", "")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_filters",
    "django_htmx",
    "guardian",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "gifu_taisaku.core",
    "gifu_taisaku.orgs",
    "gifu_taisaku.accounts",
    "activities",
    "liaison",
    "intel",
    "training",
    "commendations",
    "django_tasks_db",
    "gifu_taisaku.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session has passed the OTP step.
    "django_otp.middleware.OTPMiddleware",
    # Every page needs a signed-in user unless its view says @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Absolute session lifetime and the OTP step (accounts.session_policy, accounts.mfa).
    "gifu_taisaku.accounts.middleware.SessionPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "gifu_taisaku.core.middleware.RequestContextMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes last, as its documentation asks, so it sees the final authentication result.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gifu_taisaku.urls"
# Form fields render through templates/django/forms/ (label above, ※必須, error under field).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "gifu_taisaku.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gifu_taisaku.core.context_processors.navigation",
                "gifu_taisaku.accounts.context_processors.session_timeout",
            ],
            "builtins": [
                "gifu_taisaku.core.templatetags.wareki",
                "gifu_taisaku.core.templatetags.records",
            ],
        },
    }
]

# --- Database -----------------------------------------------------------------
# DATABASE_URL chooses the database; without it, an SQLite file inside the project.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Wait for a writer instead of failing at once; SQLite serialises writes.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -----------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-guardian serves per-record grants only (need-to-know on intel): global
# permissions and superuser status never stand in for a grant.
GUARDIAN_ACCEPT_GLOBAL_PERMS = False
GUARDIAN_WITH_SUPERUSER = False
ANONYMOUS_USER_NAME = None

# django-axes: five failures lock the account for ten minutes, whoever tries.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "10")))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLED = env_bool("AXES_ENABLED", True)
SILENCED_SYSTEM_CHECKS = [
    # Lockout is per account by design: officers of a station share an address behind the
    # prefectural network's NAT, and an address lockout would lock out the whole station.
    "axes.W006",
    # The service runs on an internal host name that the public HSTS preload list cannot hold.
    "security.W021",
]

# --- Sessions -----------------------------------------------------------------
# Idle timeout: every request renews the session, so it ends after this many idle minutes.
SESSION_IDLE_TIMEOUT_MINUTES = int(os.environ.get("SESSION_IDLE_TIMEOUT_MINUTES", "30"))
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# The idle-timeout warning dialog opens this many seconds before the session ends.
SESSION_IDLE_WARNING_SECONDS = int(os.environ.get("SESSION_IDLE_WARNING_SECONDS", "60"))
# However active the user is, a session ends this long after its login (accounts.middleware).
SESSION_ABSOLUTE_LIFETIME = timedelta(
    hours=float(os.environ.get("SESSION_ABSOLUTE_LIFETIME_HOURS", "10"))
)
# Reading a 秘 report, exporting intel or contacts, granting access and changing MFA ask
# for the password again unless it was entered this recently (accounts.reauth).
REAUTH_MAX_AGE = timedelta(minutes=int(os.environ.get("REAUTH_MAX_AGE_MINUTES", "5")))

# --- Multi-factor authentication (django-otp, TOTP + recovery codes) ------------
# 本部分析担当, 本部管理者 and 監査担当 always need it (accounts.roles.MFA_REQUIRED_ROLES);
# MFA_REQUIRED_FOR_ALL=1 extends it to every user.
MFA_REQUIRED_FOR_ALL = env_bool("MFA_REQUIRED_FOR_ALL")
OTP_TOTP_ISSUER = "岐阜県警察 在留外国人等総合対策"

# --- Security headers (secure cookies and HSTS whenever DEBUG is off) ----------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = False
if env_bool("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# /healthz is probed over plain HTTP by the load balancer inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Django's Content Security Policy: our own files only, no inline script or style.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# --- Internationalisation -------------------------------------------------------
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語")]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["gifu_taisaku.formats"]

# --- Static and uploaded files --------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Attachments live outside the static tree and are served only through scoped views.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Photos and flyers attached to records; the reverse proxy should refuse bodies a bit larger.
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))

# django-filter's "any value" choice.
FILTERS_EMPTY_CHOICE_LABEL = "すべて"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- Logging: errors to stderr, never request bodies -----------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Demo accounts made by `manage.py seed_demo`.
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "gifu-demo-2025!" if DEBUG else "")

# --- Background tasks (Django's tasks framework, django-tasks-db's database backend) ---
# Large report files are generated by `manage.py db_worker` (started by `make run`).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Reports with more approved records than this are generated in the background.
REPORTS_IMMEDIATE_MAX_ROWS = int(os.environ.get("REPORTS_IMMEDIATE_MAX_ROWS", "5000"))
# Background report files are kept this many days, for the user who asked only.
REPORTS_FILE_DAYS = int(os.environ.get("REPORTS_FILE_DAYS", "7"))

# --- Read replica (docs/deployment.md) --------------------------------------------------
# With REPLICA_DATABASE_URL, the dashboard, annual reports and exports read programme data
# from a streaming replica (gifu_taisaku.db_routers); everything else stays on the primary.
if os.environ.get("REPLICA_DATABASE_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["REPLICA_DATABASE_URL"],
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["gifu_taisaku.db_routers.ReplicaRouter"]
    MIDDLEWARE.append("gifu_taisaku.db_routers.ReplicaReadsMiddleware")

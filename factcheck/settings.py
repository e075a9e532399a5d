"""Settings for factcheck, read from the environment (one file for every deployment)."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

# A development key is allowed only with DEBUG on; production must bring its own.
DEV_SECRET_KEY = "django-insecure-factcheck-development-only"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY in the environment (or DEBUG=1 for development)."
        )
    SECRET_KEY = DEV_SECRET_KEY
elif SECRET_KEY == DEV_SECRET_KEY and not DEBUG:
    raise ImproperlyConfigured("SECRET_KEY is the development default; set a real one.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks_db",
    "factcheck",
]

MIDDLEWARE = [
    # Outermost, so a connection lost anywhere in the request (session, user, view) is seen.
    "factcheck.middleware.DatabaseConnectionLostMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "factcheck.http.HtmxLoginRedirectMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

CONTEXT_PROCESSORS = [
    "django.template.context_processors.request",
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
    "factcheck.desk.nav_counts",
    "django.template.context_processors.csp",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": CONTEXT_PROCESSORS,
            # Quick stand-ins for built-in filters pages run on every row.
            "builtins": ["factcheck.templatetags.quick"],
        },
    },
    # The busiest pages (a claim, an article, the queue) and the site's header are drawn
    # with Jinja2, from factcheck/jinja2/: see factcheck/jinja.py.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "factcheck.jinja.environment",
            "context_processors": [*CONTEXT_PROCESSORS, "factcheck.jinja.csrf"],
        },
    },
]

# Forms (widgets, labels, errors) are drawn with Jinja2: see factcheck/renderers.py.
FORM_RENDERER = "factcheck.renderers.FormRenderer"

# DATABASE_URL unset: an embedded SQLite file, so a newcomer needs no database server.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg 3's connection pool (Django's built-in support); DB_POOL=0 turns it off.
    if env_bool("DB_POOL", default=True):
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": int(os.environ.get("DB_POOL_MIN", "2")),
            "max_size": int(os.environ.get("DB_POOL_MAX", "20")),
            "timeout": 10,
        }
    # The hot statements run prepared, planned once per connection (sql.prepared_cursor:
    # "next claim", the holder's release, the claim, article and queue pages' compiled
    # queries; their planning cost as much as their work). Django's own cursors are never
    # prepared. DB_PREPARED=0 for a pooler that cannot keep prepared statements (PgBouncer
    # in transaction mode before 1.21; docs/deploy.md).
    if env_bool("DB_PREPARED", default=True):
        DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let several browser users write without "database is locked";
    # IMMEDIATE makes a write transaction take the lock at BEGIN, so races fail fast and clean.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # SQLite builds the claim rank index without the columns it carries for PostgreSQL's
    # text search (models.Claim): the same order, nothing lost but that shortcut.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

# "Next claim" and the holder's release (a lease handed out or given back, one statement
# each on PostgreSQL: workflow._one_statement) commit without waiting for the disk: 0.7 ms
# of the ~2 ms each took here. If the database server crashes, the last moments' hand-outs
# and releases (at most 3 x wal_writer_delay, 0.6 s by default) are lost together with
# their audit lines, never one without the other: the claim is free again, or still held
# until its lease runs out. Every other step waits for the disk. LEASE_ASYNC_COMMIT=0 makes
# these wait too.
LEASE_ASYNC_COMMIT = env_bool("LEASE_ASYNC_COMMIT", default=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "desk"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))

# Uploads: article files are small; anything larger is refused with a clear message.
MAX_ARTICLE_BYTES = int(os.environ.get("MAX_ARTICLE_BYTES", str(5 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 1000

# django.tasks: the database backend in production (workers run `manage.py db_worker`);
# TASKS_IMMEDIATE=1 runs tasks in-process (make run, tests).
if env_bool("TASKS_IMMEDIATE", default=False):
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# How long the queue reuses its counts per status (seconds; 0: count on every page).
QUEUE_COUNTS_SECONDS = int(os.environ.get("QUEUE_COUNTS_SECONDS", "5"))

# How long a queue row's rendered HTML is reused (seconds; 0: render every time). A row is
# keyed on the claim's version, so any workflow step shows at once; only its age text and
# an article retitled in the admin can lag by this much.
QUEUE_ROW_CACHE_SECONDS = int(os.environ.get("QUEUE_ROW_CACHE_SECONDS", "60"))

# Per-process memory cache (queue counts and rows); large enough for many filter sets.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
}

# How long a reviewer holds a claim they took, renewed by activity.
CLAIM_LEASE_MINUTES = int(os.environ.get("CLAIM_LEASE_MINUTES", "30"))
# Four eyes on every published change: a correction is published by an editor other than
# the one who wrote it. A newsroom with a single editor may allow self-correction.
FACTCHECK_ALLOW_SELF_CORRECTION = os.environ.get("FACTCHECK_ALLOW_SELF_CORRECTION", "") == "1"

# SITE_URL and the organisation that publishes the fact-checks: see "public site" below.


# How long the editors' dashboard reuses its numbers (seconds; 0: compute every time).
DASHBOARD_CACHE_SECONDS = int(os.environ.get("DASHBOARD_CACHE_SECONDS", "60"))

# How long before a hold runs out its reviewer is warned (and "My desk" lists it).
LEASE_WARNING_MINUTES = int(os.environ.get("LEASE_WARNING_MINUTES", "5"))

# Notification email (Django's MAILERS): the console in development, SMTP otherwise.
if os.environ.get("EMAIL_BACKEND") == "console" or (DEBUG and not os.environ.get("EMAIL_HOST")):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("EMAIL_PORT", "25")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", default=False),
                "timeout": 10,
            },
        }
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "factcheck <factcheck@localhost>")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# --- intake: pasted text, saved pages, URLs and feeds (factcheck/intake/) ---
# Hosts fetched even though they resolve to private or loopback addresses: tests, and a
# newsroom's own intranet feeds. Everything else on a private, loopback or link-local
# address is refused, after DNS resolution and again after every redirect.
INTAKE_ALLOWED_HOSTS = env_list("INTAKE_ALLOWED_HOSTS")
# A fetched page or feed: at most this many bytes, seconds per read, redirects.
INTAKE_MAX_FETCH_BYTES = int(os.environ.get("INTAKE_MAX_FETCH_BYTES", str(5 * 1024 * 1024)))
INTAKE_FETCH_TIMEOUT = float(os.environ.get("INTAKE_FETCH_TIMEOUT", "10"))
INTAKE_MAX_REDIRECTS = int(os.environ.get("INTAKE_MAX_REDIRECTS", "5"))
# One upload: at most this many files and bytes (each file also at most MAX_ARTICLE_BYTES).
INTAKE_MAX_BATCH_FILES = int(os.environ.get("INTAKE_MAX_BATCH_FILES", "500"))
INTAKE_MAX_BATCH_BYTES = int(os.environ.get("INTAKE_MAX_BATCH_BYTES", str(50 * 1024 * 1024)))
# Django's own ceiling sits above ours, so a batch over our limit gets our message, not a 400.
DATA_UPLOAD_MAX_NUMBER_FILES = max(DATA_UPLOAD_MAX_NUMBER_FILES, 4 * INTAKE_MAX_BATCH_FILES)
# Feeds: entries read per poll (feeds list the newest first), minutes between polls.
INTAKE_FEED_MAX_ENTRIES = int(os.environ.get("INTAKE_FEED_MAX_ENTRIES", "100"))
INTAKE_FEED_POLL_MINUTES = int(os.environ.get("INTAKE_FEED_POLL_MINUTES", "15"))
# httpx logs every request at INFO; import_articles prints its own line per page.
LOGGING.setdefault("loggers", {})["httpx"] = {"level": "WARNING"}
# --- public site: fact-check pages, feed, sitemap, ClaimReview (factcheck/public.py) ---
# Every absolute URL the app writes (public pages, feed, sitemap, exports) starts with
# SITE_URL: the scheme and host readers use, no path ("https://factcheck.example.org").
# Required when DEBUG is off (a system check warns); `make run` sets it from HOST/PORT.
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
if not SITE_URL and DEBUG:
    SITE_URL = "http://127.0.0.1:8000"
# The organisation named as ClaimReview author and on every public page. _URL is its home
# page, _LOGO an absolute URL of its logo (an image); both optional but warned about.
FACTCHECK_ORG_NAME = os.environ.get("FACTCHECK_ORG_NAME", "").strip()
FACTCHECK_ORG_URL = os.environ.get("FACTCHECK_ORG_URL", "").strip()
FACTCHECK_ORG_LOGO = os.environ.get("FACTCHECK_ORG_LOGO", "").strip()
# Who public pages credit: "names" (the checker, the approving editor, each corrector by
# name) or "organisation" (only the organisation's name).
FACTCHECK_CREDIT = os.environ.get("FACTCHECK_CREDIT", "names").strip().lower()
# How long anonymous readers' public pages are reused (seconds; 0: render every time). The
# cache key carries a version that changes whenever a verdict is published or corrected
# (or an article, rating or evidence changes), so those show at once on a shared cache.
PUBLIC_CACHE_SECONDS = int(os.environ.get("PUBLIC_CACHE_SECONDS", "600"))
# Browsers and proxies may reuse a public page this long without asking (seconds). With 0
# they ask every time and get "304 Not Modified" (ETag) until something public changes.
PUBLIC_MAX_AGE = int(os.environ.get("PUBLIC_MAX_AGE", "0"))
INSTALLED_APPS += ["django.contrib.sitemaps"]

# --- production ---------------------------------------------------------------------------
# Static files, CSP, login throttling, proxies, the shared cache, health and request logs.
# docs/deploy.md explains each variable; the README's configuration table lists them.
from django.utils.csp import CSP  # noqa: E402

# WhiteNoise serves /static/ from the app itself: with DEBUG off, files collected by
# `manage.py collectstatic` under hashed names, compressed, cached for a year.
# (With DEBUG on, runserver and the test server serve /static/ from the source folders.)
if not DEBUG:
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

# Content-Security-Policy (Django's own): scripts and styles only from our origin or with
# the page's nonce; no framing. Templates carry no inline script, style or style="".
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
)
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# The organisation's logo (public pages' header) may live on another host: allow just it.
if FACTCHECK_ORG_LOGO.startswith(("https://", "http://")):
    from urllib.parse import urlsplit  # noqa: E402

    _logo = urlsplit(FACTCHECK_ORG_LOGO)
    SECURE_CSP["img-src"].append(f"{_logo.scheme}://{_logo.netloc}")

# Load balancers probe over plain HTTP; the probes must not be redirected to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# A proxy's X-Forwarded-Proto / X-Forwarded-For are believed only when TRUSTED_PROXY says
# one is in front (the number of proxies that append to X-Forwarded-For; 0: none).
_trusted = os.environ.get("TRUSTED_PROXY", "").strip().lower()
if _trusted in {"", "0", "no", "false", "off"}:
    TRUSTED_PROXY_COUNT = 0
elif _trusted in {"yes", "true", "on"}:
    TRUSTED_PROXY_COUNT = 1
elif _trusted.isdigit():
    TRUSTED_PROXY_COUNT = int(_trusted)
else:
    raise ImproperlyConfigured(f"TRUSTED_PROXY must be a number of proxies, not {_trusted!r}.")
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
MIDDLEWARE.insert(0, "factcheck.middleware.TrustedProxyMiddleware")

# One JSON line per request (request id, method, path, status, duration, user id) on the
# "factcheck.requests" logger when LOG_FORMAT=json; request ids are echoed as X-Request-ID.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
MIDDLEWARE.insert(1, "factcheck.middleware.RequestLogMiddleware")
LOGGING["formatters"] = {
    "json": {"()": "factcheck.logs.JsonFormatter"},
    "plain": {"format": "%(levelname)s %(name)s: %(message)s"},
}
LOGGING["handlers"]["console"]["formatter"] = "json" if LOG_FORMAT == "json" else "plain"
LOGGING.setdefault("loggers", {})["factcheck.requests"] = {
    "handlers": ["console"],
    "level": "INFO" if LOG_FORMAT == "json" else "WARNING",
    "propagate": False,
}

# Pages for a logged-in user are never stored by browsers or shared caches.
MIDDLEWARE.append("factcheck.middleware.PrivateCacheMiddleware")

# Login throttling (django-axes, attempts in the database so every node sees them): after
# LOGIN_FAILURE_LIMIT wrong passwords for one username, or from one address, that username
# or address is refused for LOGIN_LOCKOUT_MINUTES. An administrator unlocks in the admin
# ("Access attempts": delete the row) or with `manage.py axes_reset_username NAME`.
INSTALLED_APPS.append("axes")
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend with each user's permissions cached between requests (factcheck/backends.py).
    "factcheck.backends.CachedPermissionsBackend",
]
# How long a process may reuse a user's permissions when nothing says they changed (any
# change of groups or permissions invalidates them at once on every node that shares the
# cache; 0: ask the database on every request).
PERMISSIONS_CACHE_SECONDS = int(os.environ.get("PERMISSIONS_CACHE_SECONDS", "60"))
# How long the navigation bar's counts ("My desk", unread notifications) are reused; keyed on
# every claim step and notification, so they change at once (0: count on every page).
NAV_COUNTS_SECONDS = int(os.environ.get("NAV_COUNTS_SECONDS", "60"))
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")) / 60
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "factcheck.views.accounts.locked_out"
AXES_CLIENT_IP_CALLABLE = "factcheck.middleware.client_ip"
AXES_IPWARE_PROXY_COUNT = None

# REDIS_URL: one cache shared by every web node and worker (Django's Redis backend), so
# counts and cached rows agree everywhere. Unset: each process keeps its own memory cache.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "factcheck"),
            "TIMEOUT": 300,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }

# TASKS_BACKEND=redis: tasks go through Redis streams (django-tasks-redis; workers run
# `manage.py run_redis_tasks --continuous`) instead of the database queue (the default).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database").strip().lower()
if TASKS_BACKEND == "redis" and not env_bool("TASKS_IMMEDIATE", default=False):
    if not (TASKS_REDIS_URL := os.environ.get("TASKS_REDIS_URL", REDIS_URL)):
        raise ImproperlyConfigured("TASKS_BACKEND=redis needs TASKS_REDIS_URL or REDIS_URL.")
    INSTALLED_APPS.append("django_tasks_redis")
    TASKS = {
        "default": {
            "BACKEND": "django_tasks_redis.RedisTaskBackend",
            "OPTIONS": {
                "REDIS_URL": TASKS_REDIS_URL,
                "REDIS_KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "factcheck") + "-tasks",
                # A task still unfinished after this long is taken to be a dead worker's.
                "REDIS_CLAIM_TIMEOUT": int(os.environ.get("TASK_STALE_SECONDS", "300")),
            },
        }
    }
elif TASKS_BACKEND not in {"database", "redis"}:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be 'database' or 'redis', not {TASKS_BACKEND!r}."
    )

# Modules whose @scheduler.job functions `manage.py run_scheduler` runs (factcheck/scheduler.py);
# a feature with periodic work appends its module here.
SCHEDULER_MODULES = ["factcheck.scheduler"]

# A task a worker started and never finished (the worker was killed) is run again after
# TASK_STALE_SECONDS by the scheduler's "requeue_stale_tasks" job (database backend).
TASK_STALE_SECONDS = int(os.environ.get("TASK_STALE_SECONDS", "300"))

# A pooled or persistent connection is checked before use, so one the server dropped is
# replaced instead of failing the request that drew it (Django's CONN_HEALTH_CHECKS).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

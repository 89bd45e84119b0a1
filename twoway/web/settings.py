"""Django settings for twoway: the one store shared by the CLI and the web app.

Everything that varies comes from the environment, read by small typed helpers
that refuse a bad value with a message naming the variable. The database is
chosen by `database_settings`, a pure function (tested in
tests/web/test_settings.py):

- `TWOWAY_DB=/path/to/file.sqlite3`: SQLite at that path (the CLI's `--db`);
- `DATABASE_URL=postgres://user:password@host:5432/name`: PostgreSQL;
- neither: SQLite `twoway.sqlite3` in the user's data directory
  (`TWOWAY_DATA_DIR`, default `platformdirs.user_data_dir("twoway")`).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    """Read a yes/no variable; anything but 1/0, true/false, yes/no, on/off is an error."""
    if name not in env:
        return default
    value = env[name].strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={env[name]!r}: expected true or false (or 1/0, yes/no)")


def env_int(env: Mapping[str, str], name: str, default: int, *, minimum: int | None = None) -> int:
    """Read a whole-number variable, optionally with a lower bound."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected a whole number") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value}: expected {minimum} or more")
    return value


def env_list(env: Mapping[str, str], name: str, default: list[str]) -> list[str]:
    """Read a comma-separated list; an unset or empty variable gives `default`."""
    raw = env.get(name, "").strip()
    return [part.strip() for part in raw.split(",") if part.strip()] if raw else default


def env_zone(env: Mapping[str, str], name: str, default: str) -> str:
    """Read an IANA time zone name such as Europe/Paris."""
    raw = env.get(name, "").strip() or default
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"{name}={raw!r}: expected a time zone such as Europe/Paris"
        ) from None
    return raw


def env_site_url(env: Mapping[str, str], name: str, default: str) -> str:
    """Read a site's address such as https://twoway.example.org (no trailing slash)."""
    raw = env.get(name, "").strip() or default
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"{name}={raw!r}: expected an address such as https://twoway.example.org"
        )
    return raw.rstrip("/")


def data_dir(env: Mapping[str, str]) -> Path:
    """Where twoway keeps its files: `TWOWAY_DATA_DIR`, else the platform's user data dir."""
    raw = env.get("TWOWAY_DATA_DIR", "").strip()
    return Path(raw).expanduser() if raw else Path(platformdirs.user_data_dir("twoway"))


def sqlite_settings(path: Path, *, timeout: int = 20) -> dict[str, Any]:
    """SQLite tuned for a local app that a CLI and a web server may share."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            # WAL lets readers carry on while one writer writes; NORMAL is safe with WAL.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            # Wait for a busy writer instead of failing at once with "database is locked".
            "timeout": timeout,
            # Take the write lock at BEGIN so the timeout applies from the start.
            "transaction_mode": "IMMEDIATE",
        },
    }


def postgres_settings(url: str) -> dict[str, Any]:
    """Parse `postgres://user:password@host:port/name?option=value` into Django's form."""
    parts = urlsplit(url)
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured(
            "DATABASE_URL: no database name; expected postgres://user:password@host:5432/name"
        )
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(
            f"DATABASE_URL: the port is not a number ({parts.netloc.rsplit(':', 1)[-1]!r})"
        ) from None
    options = dict(parse_qsl(parts.query))
    # libpq reaches a Unix socket through ?host=/path; keep it as the host.
    host = unquote(parts.hostname or "") or options.pop("host", "")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": host,
        "PORT": str(port) if port else "",
        "OPTIONS": options,
    }


def database_settings(env: Mapping[str, str], data_dir: Path) -> dict[str, Any]:
    """Choose the database from the environment; returns Django's `DATABASES`.

    `TWOWAY_DB` wins over `DATABASE_URL`, because it is what `--db` sets for one
    command. `TWOWAY_DB_TIMEOUT` (seconds, default 20) is SQLite's busy timeout.
    """
    timeout = env_int(env, "TWOWAY_DB_TIMEOUT", 20, minimum=0)
    path = env.get("TWOWAY_DB", "").strip()
    if path:
        return {"default": sqlite_settings(Path(path).expanduser(), timeout=timeout)}
    url = env.get("DATABASE_URL", "").strip()
    if not url:
        return {"default": sqlite_settings(data_dir / "twoway.sqlite3", timeout=timeout)}
    scheme = urlsplit(url).scheme.lower()
    if scheme in {"postgres", "postgresql", "pgsql"}:
        return {"default": postgres_settings(url)}
    if scheme == "sqlite":
        # sqlite:///relative.sqlite3 or sqlite:////absolute/path.sqlite3
        file = unquote(urlsplit(url).path)[1:]
        if not file:
            raise ImproperlyConfigured("DATABASE_URL: expected sqlite:///path/to/file.sqlite3")
        return {"default": sqlite_settings(Path(file).expanduser(), timeout=timeout)}
    raise ImproperlyConfigured(
        f"DATABASE_URL: unsupported database {scheme or url!r}; "
        "expected postgres://user:password@host:5432/name or sqlite:///path"
    )


def secret_key(env: Mapping[str, str], data_dir: Path) -> str:
    """`TWOWAY_SECRET_KEY`, else a key generated once and kept in the data directory.

    A generated key is private to this machine, so no key ever lives in the code.
    """
    given = env.get("TWOWAY_SECRET_KEY", "").strip()
    if given:
        if len(given) < 32:
            raise ImproperlyConfigured("TWOWAY_SECRET_KEY: expected at least 32 characters")
        return given
    path = data_dir / "secret_key"
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        pass
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(key + "\n")
        return key
    except FileExistsError:  # another process wrote it first: use theirs
        return path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ImproperlyConfigured(
            f"cannot keep a secret key in {data_dir} ({exc.strerror}); "
            "set TWOWAY_SECRET_KEY or TWOWAY_DATA_DIR"
        ) from None


ENV = os.environ
DATA_DIR = data_dir(ENV)
DEBUG = env_bool(ENV, "TWOWAY_DEBUG", False)
SECRET_KEY = secret_key(ENV, DATA_DIR)
ALLOWED_HOSTS = env_list(ENV, "TWOWAY_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list(ENV, "TWOWAY_TRUSTED_ORIGINS", [])
#: Behind a web server that terminates TLS: secure cookies, HSTS, and trust its X-Forwarded-Proto.
HTTPS = env_bool(ENV, "TWOWAY_HTTPS", False)

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "twoway.web.ledger",
    "twoway.web.site",
    "twoway.web.accounts",
    "twoway.web.journal",
    "twoway.web.reports",
    "twoway.web.imports",
    "twoway.web.api",
    "twoway.web.together",
    "twoway.web.rituals",
    "twoway.web.practices",
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
    # Last, as its documentation asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
    # After axes, so it sees a view's exception first: a busy store is a 503, not a 500.
    "twoway.web.ledger.busy.BusyMiddleware",
]

ROOT_URLCONF = "twoway.web.urls"
WSGI_APPLICATION = "twoway.web.wsgi.application"

TEMPLATES = [
    {
        # The site's pages: Jinja2, like the HTML report, so both share their macros.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "twoway.web.site.jinja.environment"},
    },
    {
        # Django's own templates: the API's documentation page and password-reset e-mails.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

DATABASES = database_settings(ENV, DATA_DIR)
DATABASES["default"]["CONN_MAX_AGE"] = env_int(ENV, "TWOWAY_CONN_MAX_AGE", 0, minimum=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- accounts --------------------------------------------------------------------

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    # Only to check, and then upgrade, passwords hashed before Argon2 was the default.
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
#: Whether anyone who reaches the site may create an account (`TWOWAY_SIGNUP=0` closes it;
#: accounts are then made with `django-admin createsuperuser`).
TWOWAY_SIGNUP = env_bool(ENV, "TWOWAY_SIGNUP", True)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login rate limiting: 5 failures for one name from one address locks it for 15 minutes.
AXES_FAILURE_LIMIT = env_int(ENV, "TWOWAY_LOGIN_ATTEMPTS", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False
# Behind a proxy, the client's address is the last one it adds to X-Forwarded-For.
AXES_IPWARE_PROXY_COUNT = env_int(ENV, "TWOWAY_PROXY_COUNT", 0, minimum=0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool(ENV, "TWOWAY_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365

# Nothing on any page may come from another host, nor run inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- mail --------------------------------------------------------------------------

EMAIL_BACKEND = ENV.get("TWOWAY_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = ENV.get("TWOWAY_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int(ENV, "TWOWAY_EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = ENV.get("TWOWAY_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = ENV.get("TWOWAY_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool(ENV, "TWOWAY_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = ENV.get("TWOWAY_FROM_EMAIL", "twoway <twoway@localhost>")
#: The site's address as people reach it, for the links in e-mails that no request asked for
#: (ritual reminders); `twoway serve`'s own address by default.
TWOWAY_SITE_URL = env_site_url(ENV, "TWOWAY_SITE_URL", "http://127.0.0.1:8000")

# --- background jobs ------------------------------------------------------------------

# Jobs wait in the database itself, so the embedded default needs no other server;
# `twoway serve` runs a worker beside the site, `twoway worker` runs one on its own.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- static files -------------------------------------------------------------------

STATIC_URL = "/static/"
# The report's stylesheet lives with the renderers: the HTML report file inlines it, the site links it.
STATICFILES_DIRS = [Path(__file__).resolve().parent.parent / "render" / "static"]
# Only for `collectstatic` behind a web server that serves the files itself (see the README).
STATIC_ROOT = Path(ENV["TWOWAY_STATIC_ROOT"]) if ENV.get("TWOWAY_STATIC_ROOT", "").strip() else None
# Served from the apps' folders directly, so `twoway serve` needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_MAX_AGE = 60 * 60

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

#: The zone of "now" when an entry is logged without a time (the browser fills its own in).
TWOWAY_TIME_ZONE = env_zone(ENV, "TWOWAY_TIME_ZONE", "UTC")

USE_TZ = True
TIME_ZONE = "UTC"
USE_I18N = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django_tasks": {"handlers": ["console"], "level": "WARNING"}},
}
CSRF_FAILURE_VIEW = "twoway.web.site.views.csrf_failure"

"""Strict readers for settings that come from the environment.

A wrong value stops the process with one line that names the variable, never a traceback:
an operator who mistyped DATABASE_URL should see exactly that.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import SplitResult, urlsplit

import environ

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}

BROKER_SCHEMES = {"redis", "rediss", "amqp", "amqps", "pyamqp", "filesystem", "memory"}


class ConfigError(SystemExit):
    """A bad environment variable: Python prints this one line and exits with status 1."""

    def __init__(self, variable: str, problem: str) -> None:
        super().__init__(f"Configuration error: {variable} {problem}")


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def env_secret(name: str, *, min_length: int) -> str | None:
    """An optional secret: unset is allowed (the feature that needs it says so), a short one
    is not."""
    value = env_str(name)
    if value is not None and len(value) < min_length:
        raise ConfigError(name, f"must be at least {min_length} characters long")
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigError(name, f"must be one of 1/0/true/false/yes/no/on/off, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigError(name, f"must be a whole number, not {value!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def _split_url(name: str, url: str, *, check_port: bool = True) -> SplitResult:
    """Split a URL from the environment; a malformed host or port names the variable."""
    try:
        parts = urlsplit(url)
        if check_port:
            parts.port  # noqa: B018  (raises ValueError unless a number from 0 to 65535)
    except ValueError as exc:
        raise ConfigError(name, f"is not a valid URL ({exc})") from None
    return parts


# SQLite shared by the web app, the Celery worker and beat, and management commands (`make
# run`): WAL lets readers go on while one writes; a writer waits up to `timeout` seconds for the
# lock instead of failing; IMMEDIATE transactions take the write lock when they begin, so two
# transactions that read and then write cannot deadlock (SQLite would fail one at once with
# "database is locked", whatever the timeout). NORMAL is the safe synchronous level with WAL.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


def database_config(default_url: str | None) -> dict:
    """Parse DATABASE_URL (PostgreSQL or SQLite); fall back to default_url when unset."""
    url = env_str("DATABASE_URL", default_url)
    if url is None:
        raise ConfigError("DATABASE_URL", "is not set (e.g. postgres://user:pass@host:5432/crm)")
    # django-environ checks the rest (a PostgreSQL URL may list several host:port pairs).
    scheme = _split_url("DATABASE_URL", url, check_port=False).scheme
    if scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        raise ConfigError(
            "DATABASE_URL",
            f"has unsupported scheme {scheme!r}: use postgres://… or sqlite:///…",
        )
    try:
        config = environ.Env.db_url_config(url)
    except Exception as exc:  # django-environ raises several types for malformed URLs
        raise ConfigError("DATABASE_URL", f"is not a valid database URL ({exc})") from None
    if scheme != "sqlite" and not config.get("NAME"):
        raise ConfigError("DATABASE_URL", "names no database (…/DBNAME at the end)")
    if scheme == "sqlite":
        config.setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
    if scheme != "sqlite":
        config.setdefault("CONN_MAX_AGE", 60)
        config.setdefault("CONN_HEALTH_CHECKS", True)
        # JIT compilation costs tens of milliseconds on the short list queries whose correlated
        # subqueries look expensive to the planner (bench/candidates.py); pages never need it.
        config.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    return config


def email_config(default_url: str) -> dict:
    """Parse EMAIL_URL: consolemail://, filemail:///path, smtp://, smtp+tls://, smtps://."""
    url = env_str("EMAIL_URL", default_url)
    assert url is not None
    scheme = _split_url("EMAIL_URL", url).scheme
    if scheme not in environ.Env.EMAIL_SCHEMES:
        raise ConfigError("EMAIL_URL", f"has unsupported scheme {scheme!r}")
    try:
        return environ.Env.email_url_config(url)
    except Exception as exc:  # e.g. ValueError for a port that is not a number
        raise ConfigError("EMAIL_URL", f"is not a valid e-mail URL ({exc})") from None


def broker_url(default_url: str) -> str:
    url = env_str("CELERY_BROKER_URL", default_url)
    assert url is not None
    scheme = _split_url("CELERY_BROKER_URL", url).scheme
    if scheme not in BROKER_SCHEMES:
        raise ConfigError(
            "CELERY_BROKER_URL",
            f"has unsupported scheme {scheme!r}: use redis://…, amqp://… or filesystem://",
        )
    return url


def require_hosts(hosts: list[str], debug: bool) -> list[str]:
    """ALLOWED_HOSTS must name the site's hosts in production, or every request gets a 400."""
    if not hosts and not debug:
        raise ConfigError(
            "ALLOWED_HOSTS",
            "is empty: set it to the host names the site is served under, "
            "comma-separated (e.g. ALLOWED_HOSTS=crm.example.fi)",
        )
    return hosts


def filesystem_broker_options(base_dir: Path) -> dict:
    """Folders for kombu's filesystem transport (the zero-setup broker of `make run`)."""
    folder = Path(env_str("CELERY_FILESYSTEM_DIR", str(base_dir / "var" / "celery")))
    queue = folder / "queue"
    processed = folder / "processed"
    control = folder / "control"
    for path in (queue, processed, control):
        path.mkdir(parents=True, exist_ok=True)
    return {
        "data_folder_in": str(queue),
        "data_folder_out": str(queue),
        "processed_folder": str(processed),
        "control_folder": str(control),
        "store_processed": False,
    }

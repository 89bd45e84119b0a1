"""Django settings for the quick commands (`log`, `people`, `list`, `report` …).

The same store and database choice as `twoway.web.settings`, with only the apps
those commands read and write: the accounts (auth) and the ledger. Setting up
the site's dozen apps costs a quick command most of its start-up; the site's
own commands (`serve`, `worker`, `delete`, which cascades into the site's
tables) use the full settings.

The command line signs no cookie and no token, so it needs no secret key: a
key made up for this process keeps a read-only command from writing one into
the data directory (the site makes and keeps the real one).
"""

import os
import secrets

os.environ.setdefault("TWOWAY_SECRET_KEY", secrets.token_urlsafe(50))

from twoway.web.settings import *  # noqa: F403
from twoway.web.settings import DATABASES  # noqa: F401

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "twoway.web.ledger",
]
MIDDLEWARE: list[str] = []  # type: ignore[no-redef]  # the site's list, replaced here
# No logging set-up: Django's default one builds its error-mail handler, which imports the
# debug pages' template engine. A command's errors are worded by the CLI, and Python's own
# last-resort handler still prints a warning.
LOGGING_CONFIG = None

"""The WSGI application, for `twoway serve` (waitress) or any WSGI server (gunicorn …)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twoway.web.settings")
application = get_wsgi_application()

"""WSGI entry point (gunicorn gifu_taisaku.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gifu_taisaku.settings")
application = get_wsgi_application()

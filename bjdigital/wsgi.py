"""WSGI entry point: gunicorn bjdigital.wsgi"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bjdigital.settings")

application = get_wsgi_application()

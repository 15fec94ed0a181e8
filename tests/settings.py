"""Settings for the test suite: the project's own, with what makes tests fast and exact.

The browser and deployment tests start gunicorn with the real settings (bjdigital.settings).
"""

import os

# The suite runs as a developer's machine does (make run sets the same); pytest-django turns
# DEBUG off during the tests themselves.
os.environ.setdefault("DJANGO_DEBUG", "1")

from bjdigital.settings import *  # noqa: E402, F403

# Hashing a password properly takes a quarter of a second; tests log users in hundreds of times.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

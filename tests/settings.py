"""Settings for the test suite: the project's own, with what makes tests fast and exact.

The browser and deployment tests start gunicorn with the real settings (bjdigital.settings).
"""

from bjdigital.settings import *  # noqa: F403

# Hashing a password properly takes a quarter of a second; tests log users in hundreds of times.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

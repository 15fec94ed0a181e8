"""Per-client rate limiting that a proxy cannot dodge.

DRF keys its anonymous throttle on ``X-Forwarded-For`` as the client wrote it, so a client that
sends a new address each time would never be limited. Here the key is core.clientip.client_ip:
behind our DJANGO_TRUSTED_PROXIES proxies it is the address the outermost of them saw, never an
entry the client wrote itself. The rate is read at each request (REST_FRAMEWORK's
``DEFAULT_THROTTLE_RATES["api"]``, ``DJANGO_API_RATE``), so tests and operators can change it.
Counts live in the default cache: shared between workers and servers with Redis
(DJANGO_CACHE_URL), per worker with the local-memory cache.
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from core.clientip import client_ip


class ClientAddressThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self):
        rates = getattr(settings, "REST_FRAMEWORK", {}).get("DEFAULT_THROTTLE_RATES", {})
        return rates.get(self.scope)

    def get_cache_key(self, request, view):
        address = client_ip(request) or "unknown"
        return self.cache_format % {"scope": self.scope, "ident": address}

"""The client's address, behind as many trusted reverse proxies as the settings say.

Behind the shipped nginx (one proxy), every request arrives from 127.0.0.1 and nginx appends the
address it saw to X-Forwarded-For; a client may write its own X-Forwarded-For first, so only the
rightmost entries — those our own proxies appended — can be trusted. With
``DJANGO_TRUSTED_PROXIES=N``, the client is the address the outermost of our N proxies saw: the
Nth entry from the right. With 0 (no proxy, e.g. gunicorn alone), the socket's address.

python-ipware parses the header (ports, IPv6, garbage); django-axes calls ``client_ip`` for its
lockouts (AXES_CLIENT_IP_CALLABLE), so failures from one address never lock out another.
"""

from django.conf import settings
from python_ipware import IpWare


def client_ip(request) -> str | None:
    proxies = getattr(settings, "TRUSTED_PROXIES", 0)
    remote = request.META.get("REMOTE_ADDR")
    if proxies <= 0 or not request.META.get("HTTP_X_FORWARDED_FOR"):
        return remote
    # Our N proxies appended N addresses: the client's is the Nth from the right. Entries further
    # left were written by the client and are ignored.
    ipware = IpWare(precedence=("HTTP_X_FORWARDED_FOR",), proxy_count=proxies - 1)
    ip, _trusted = ipware.get_client_ip(request.META, strict=False)
    return str(ip) if ip is not None else remote

"""gunicorn settings: usable as they are from the repository, by any user.

    gunicorn -c deploy/gunicorn.conf.py bjdigital.wsgi

No user switch, chdir or log file that needs root: logs go to stdout/stderr (journald under
systemd). Every value can be overridden from the environment.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Long enough for an editor's 10,000-row spreadsheet import (about 25 s measured), short enough
# to recycle a stuck worker.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# Worker recycling is off by default: a recycled worker loses its local page cache and pays a
# Django start-up (measured: at 2000 it cut cached throughput by up to half). Set
# GUNICORN_MAX_REQUESTS (e.g. 100000) to recycle anyway.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
# nginx on the same host sets X-Forwarded-Proto; trust it from loopback only.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None  # empty: no access log
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
proc_name = "bjdigital"

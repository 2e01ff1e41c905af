"""gunicorn settings: `gunicorn 'app:create_app()'` picks this file up from the working directory."""
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", min(4, multiprocessing.cpu_count() * 2 + 1)))
worker_class = "sync"  # steadier database-write latency than gthread on this hardware
timeout = 60
# Access log without query strings: searches (a NIK, a name) must not end up in log files.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'

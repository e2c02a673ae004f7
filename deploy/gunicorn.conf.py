"""gunicorn settings of the production profile (deploy/wsgi.py).

Environment (set by deploy/supervisor or the systemd unit):
  SATUDATA_WEB_BIND     where gunicorn listens; loopback only, nginx is in
                        front (default 127.0.0.1:8081)
  SATUDATA_WEB_WORKERS  worker processes (default 2 x the CPU cores)
  SATUDATA_WEB_TIMEOUT  seconds a request may take before its worker is
                        replaced (default 120: the ZIP of a large search)
"""
import multiprocessing
import os

bind = os.environ.get("SATUDATA_WEB_BIND", "127.0.0.1:8081")
workers = int(os.environ.get("SATUDATA_WEB_WORKERS") or 2 * multiprocessing.cpu_count())
worker_class = "sync"
timeout = int(os.environ.get("SATUDATA_WEB_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (slow leaks stay bounded).
max_requests = 2000
max_requests_jitter = 200
# The application is loaded in each worker, after the fork: no database
# connection or Redis pool is shared between processes.
preload_app = False
# Logs to stderr: supervisor or journald keep and rotate them.
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(L)ss'
# nginx on the same machine sets X-Forwarded-For/-Proto.
forwarded_allow_ips = "127.0.0.1"
proc_name = "satudata-web"

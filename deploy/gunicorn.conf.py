"""gunicorn settings for factcheck: `gunicorn -c deploy/gunicorn.conf.py factcheck.wsgi`.

Every value can be changed from the environment, so one file serves every node.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Threads share one psycopg pool per process (DB_POOL_MAX >= threads); requests mostly
# wait on the database, so a few threads per process serve more than more processes.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", str(min(4, multiprocessing.cpu_count() * 2))))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then (memory growth in long-lived processes), staggered.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
# The app logs one line per request itself (LOG_FORMAT=json); gunicorn logs errors only.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The proxy in front (TRUSTED_PROXY in Django's settings) is the only peer whose
# forwarded headers gunicorn believes.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "factcheck-web"

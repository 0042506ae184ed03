"""gunicorn settings for one app server of the Improvement tracker (behind nginx).

    gunicorn -c deploy/gunicorn.conf.py config.wsgi

Each setting can be changed by an environment variable, listed in .env.example.
"""

import multiprocessing
import os
from pathlib import Path

# The address nginx's upstream names (127.0.0.1:8001, 127.0.0.1:8002, or a private address).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")

# Sync workers, behind nginx (which buffers slow clients): one request at a time each. Signing
# in hashes a password (PBKDF2, a few hundred milliseconds of one core), so count on about
# two workers a core; the sign-in limit per address (LOGIN_ATTEMPTS_PER_ADDRESS) stops a few
# clients from keeping them all busy hashing.
workers = int(os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2)))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Workers are replaced now and then, so no slow growth of memory lasts.
max_requests = 2000
max_requests_jitter = 200

# gunicorn itself believes X-Forwarded-Proto only from these addresses (nginx).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Heartbeat files in memory rather than on disk, where a slow disk could stall the workers.
if Path("/dev/shm").is_dir():
    worker_tmp_dir = "/dev/shm"

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "improvement-tracker"

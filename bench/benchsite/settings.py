"""Settings of the benchmark server: the product's settings plus the bench-only app.

The harness runs gunicorn and manage.py with DJANGO_SETTINGS_MODULE=benchsite.settings and
bench/ on PYTHONPATH, so the product itself carries neither the reference page nor the
data generator.
"""

from factcheck.settings import *  # noqa: F403
from factcheck.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "benchsite"]
ROOT_URLCONF = "benchsite.urls"

# The benchmark serves plain http on 127.0.0.1: cookies marked Secure would never be sent
# back, and the load client would log in for nothing.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

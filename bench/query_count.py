"""SQL queries per page, counted in-process: python bench/query_count.py USERNAME URL...

Runs against whatever DATABASE_URL points at (the bench database) and prints a JSON
object {url: [http_status, queries]}. Used by bench_web.py to compare query counts at
two data sizes; the HTTP runs cannot see queries.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def main():
    username, urls = sys.argv[1], sys.argv[2:]
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=username))
    client.get(urls[0])  # the first request warms caches (content types, permissions)
    out = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        out[url] = [response.status_code, len(queries)]
    print(json.dumps(out))


if __name__ == "__main__":
    main()

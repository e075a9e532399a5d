"""Ad-hoc load from the Locust command line against a benchmark server (bench/run_all.py
--keep-db, or gunicorn started with DJANGO_SETTINGS_MODULE=benchsite.settings):

    locust -f bench/locustfile.py --host http://127.0.0.1:8765 --headless -u 8 -r 8 -t 30s

Each user logs in as a bench reviewer and reads the queue, claim pages and the reference
page. The benchmark figures themselves come from bench/run_all.py.
"""

import itertools
import random
import re

from harness import BENCH_PASSWORD, BENCH_REVIEWERS, check_target
from locust import FastHttpUser, between, task

NAMES = itertools.cycle(BENCH_REVIEWERS)
CLAIM_LINK = re.compile(r'href="/claims/(\d+)/"')


class Reviewer(FastHttpUser):
    wait_time = between(0.5, 2)

    def on_start(self):
        check_target(self.host)
        page = self.client.get("/login/")
        token = page.text.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
        self.client.post(
            "/login/",
            data={
                "username": next(NAMES),
                "password": BENCH_PASSWORD,
                "csrfmiddlewaretoken": token,
            },
        )

    claim_ids = ()

    @task(5)
    def queue(self):
        page = self.client.get("/queue/")
        self.claim_ids = tuple(CLAIM_LINK.findall(page.text or "")) or self.claim_ids

    @task(3)
    def claim(self):
        if self.claim_ids:  # claims the queue page listed, so none is a 404
            self.client.get(f"/claims/{random.choice(self.claim_ids)}/", name="/claims/[id]/")

    @task(1)
    def ping(self):
        self.client.get("/ping/")

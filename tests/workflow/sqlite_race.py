"""Run by test_sqlite_race: threads press "Next claim" on a SQLite file database.

Prints one JSON line: the claim ids each thread was handed.
"""

import json
import os
import sys
import threading

import django

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402

from factcheck import workflow  # noqa: E402
from factcheck.importing import import_article  # noqa: E402
from factcheck.models import Claim  # noqa: E402

THREADS, CLAIMS = int(sys.argv[1]), int(sys.argv[2])
User = get_user_model()
editor = User.objects.create_user("editor")
editor.groups.add(Group.objects.get(name="Editors"))
reviewers = []
for i in range(THREADS):
    user = User.objects.create_user(f"rev{i}")
    user.groups.add(Group.objects.get(name="Reviewers"))
    reviewers.append(user)
article = import_article(b"Title\n\nBody text of the article.\n", "a.txt", extract=False).article
claims = Claim.objects.bulk_create(
    Claim(article=article, kind="quantity", text="c", start=0, end=1, checkworthiness=(i % 7) / 7)
    for i in range(CLAIMS)
)
workflow.claims_queue_many(claim_ids=[c.pk for c in claims], actor=editor)
connection.close()

barrier = threading.Barrier(THREADS)
handed = {}


def press(user):
    got = []
    try:
        barrier.wait()
        while (claim := workflow.take_next_claim(actor=user)) is not None:
            got.append(claim.pk)
    finally:
        handed[user.username] = got
        connection.close()


threads = [threading.Thread(target=press, args=(u,)) for u in reviewers]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(json.dumps({"claims": [c.pk for c in claims], "handed": handed}))

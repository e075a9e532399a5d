"""python manage.py rebuild_stories

Re-group every article into stories and re-align every story's measures. Articles an
editor placed (moved in or out, merged, split) stay where the editor put them.
"""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from factcheck.stories.store import rebuild


class Command(BaseCommand):
    help = "Recompute stories and measures (editors' placements are kept)."

    def handle(self, *args, **options):
        result = rebuild(
            progress=lambda total: tqdm(total=total, unit="article", file=self.stderr._out)
        )
        self.stdout.write(f"{result['articles']} articles in {result['stories']} stories.")

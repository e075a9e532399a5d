"""python manage.py workflow_table: the claim's life as a Markdown table, from workflow.ACTIONS.

The README's table is this output (a test keeps them equal).
"""

from django.core.management.base import BaseCommand

from factcheck import workflow


class Command(BaseCommand):
    help = "Print the claim actions table (who, from, to, rule) as Markdown, for the README."

    def handle(self, *args, **options):
        self.stdout.write(workflow.readme_table())

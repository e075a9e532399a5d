"""python manage.py fix_claim ID --as USER --note WHY field=value...: a data fix, audited.

The admin cannot change claims; an operator's data fix goes through the same service as an
editor's edit in the browser (workflow.claim_edit): checked, versioned, one event with the
values before and after and the note saying why.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from factcheck import workflow
from factcheck.models import Claim


class Command(BaseCommand):
    help = "Fix a claim's fields (kind, words, values, date, speaker) through workflow.claim_edit."

    def add_arguments(self, parser):
        parser.add_argument("claim", type=int)
        parser.add_argument("changes", nargs="+", metavar="field=value")
        parser.add_argument("--as", dest="actor", required=True, help="the editor doing it")
        parser.add_argument("--note", required=True, help="why: kept in the claim's history")

    def handle(self, *args, claim, changes, actor, note, **options):
        user = get_user_model().objects.filter(username=actor).first()
        if user is None:
            raise CommandError(f"No user {actor!r}.")
        found = Claim.objects.filter(pk=claim).first()
        if found is None:
            raise CommandError(f"No claim {claim}.")
        fields = {}
        for change in changes:
            name, sep, value = change.partition("=")
            if not sep:
                raise CommandError(f"{change!r} is not field=value.")
            fields["words" if name == "span" else name] = value
        try:
            fixed = workflow.claim_edit(claim=found, actor=user, note=note, **fields)
        except workflow.WorkflowError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"claim {fixed.pk} fixed (version {fixed.version}); the event says why")

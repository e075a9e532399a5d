"""The table of actions is the one rulebook: the README shows it as it is."""

from pathlib import Path

from django.core.management import call_command

from factcheck import workflow

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_table_is_generated_from_the_actions(capsys):
    call_command("workflow_table")
    table = capsys.readouterr().out.strip()
    assert table == workflow.readme_table()
    readme = README.read_text()
    start = readme.index("<!-- workflow_table")
    block = readme[readme.index("\n", start) + 1 : readme.index("<!-- /workflow_table -->")]
    assert block.strip() == table, "README is stale: paste `manage.py workflow_table` into it"
    for name in workflow.ACTIONS:
        assert f"(`{name}`)" in table


def test_every_action_has_a_service_and_statuses():
    for name, action in workflow.ACTIONS.items():
        assert action.name == name and callable(action.run)
        assert action.from_statuses and action.from_statuses <= set(workflow.S.values)
        assert action.role in workflow.ROLE_WORDS

"""ExportFilters: parsing names every bad value; each filter selects the right claims."""

import datetime

import pytest
from django.http import QueryDict

from factcheck.exports import ExportFilterError, ExportFilters, export_format
from factcheck.importing import import_article


def ids(filters):
    return set(filters.claims().values_list("pk", flat=True))


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"articles": ["abc"]}, "article must be an article id (a whole number), not 'abc'"),
        ({"articles": ["-3"]}, "not '-3'"),
        ({"articles": ["999999"]}, "No article with id 999999"),
        ({"status": "done"}, "Unknown status 'done'; use one of: new, queued, in_review"),
        ({"rating": "pants-on-fire"}, "Unknown rating 'pants-on-fire'; use one of: true,"),
        ({"date_from": "11/03/2024"}, "date_from must be a date as YYYY-MM-DD, not '11/03/2024'"),
        ({"date_to": "2024-02-30"}, "date_to must be a date as YYYY-MM-DD, not '2024-02-30'"),
        (
            {"date_from": "2024-05-01", "date_to": "2024-04-01"},
            "date_from (2024-05-01) is after date_to (2024-04-01)",
        ),
    ],
)
def test_bad_values_get_an_error_naming_them(db, params, message):
    with pytest.raises(ExportFilterError) as raised:
        ExportFilters.parse(**params)
    assert message in raised.value.message


def test_unknown_format_names_the_choices():
    with pytest.raises(
        ExportFilterError, match="Unknown format 'xml'; use one of: csv, json, claimreview"
    ):
        export_format("xml")
    assert export_format(" CSV ").name == "csv"


def test_from_query_reads_every_parameter(checked):
    query = QueryDict(mutable=True)
    query.setlist("article", [str(checked.article.pk), "", str(checked.article.pk)])
    query.update(
        {
            "status": "published",
            "rating": "mostly-false",
            "outlet": ' wire, "daily" & co ',
            "date_from": "2024-03-01",
            "date_to": "2024-03-31",
        }
    )
    filters = ExportFilters.from_query(query)
    assert filters.articles == (checked.article.pk,)
    assert filters.date_from == datetime.date(2024, 3, 1)
    assert filters.date_to == datetime.date(2024, 3, 31)
    assert ids(filters) == {checked.quote.pk}
    assert dict(filters.as_query())["rating"] == "mostly-false"


def test_each_filter_selects_its_claims(checked):
    c = checked
    everything = {c.troops.pk, c.quote.pk, c.arabic.pk, c.casualties.pk, c.curfew.pk}
    assert ids(ExportFilters.parse()) == everything
    assert ids(ExportFilters.parse(status="published")) == {c.troops.pk, c.quote.pk}
    assert ids(ExportFilters.parse(status="dismissed")) == {c.curfew.pk}
    # Rating is the current verdict's: the corrected one, or a proposal awaiting approval.
    assert ids(ExportFilters.parse(rating="mostly-false")) == {c.quote.pk}
    assert ids(ExportFilters.parse(rating="false")) == set()
    assert ids(ExportFilters.parse(rating="true")) == {c.arabic.pk}
    assert ids(ExportFilters.parse(rating="unverifiable")) == {c.troops.pk}
    assert ids(ExportFilters.parse(outlet='WIRE, "DAILY" & CO')) == everything
    assert ids(ExportFilters.parse(outlet="Other")) == set()
    assert ids(ExportFilters.parse(date_from="2024-03-11", date_to="2024-03-11")) == everything
    assert ids(ExportFilters.parse(date_from="2024-03-12")) == set()
    assert ids(ExportFilters.parse(date_to="2024-03-10")) == set()


def test_article_filter_takes_several(checked, article):
    from factcheck.models import Claim

    other = Claim.objects.create(article=article, kind="troops", text="x", span="x", start=0, end=1)
    third = import_article(b"Third\n\nNothing here.", "third.txt", extract=False).article
    Claim.objects.create(article=third, kind="troops", text="y", span="y", start=0, end=1)
    both = ExportFilters.parse(articles=[str(checked.article.pk), str(article.pk)])
    assert ids(both) == ids(ExportFilters.parse(articles=[checked.article.pk])) | {other.pk}
    # Claims come in article order, then text order.
    assert list(both.claims().values_list("article_id", flat=True)) == sorted(
        both.claims().values_list("article_id", flat=True)
    )

"""The Atom feed and sitemap.xml parse and list exactly the published fact-checks."""

import xml.etree.ElementTree as ET

import feedparser

from factcheck import site

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_feed_lists_exactly_the_published_newest_change_first(desk, client):
    response = client.get("/fact-checks/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Karsk Fact Desk: fact-checks"
    links = [entry.link for entry in feed.entries]
    assert links == [
        site.fact_check_url(desk.casualties.pk, desk.casualties.text),  # corrected last
        site.fact_check_url(desk.troops.pk, desk.troops.text),
    ]
    corrected = feed.entries[0]
    assert corrected.title.startswith("Half true: At least 14 people")
    assert "Correction: We first missed the ministry" in corrected.summary
    assert corrected.updated > corrected.published  # ISO times, same zone: text order is time order
    assert feed.entries[1].updated == feed.entries[1].published


def test_feed_of_an_empty_desk(db, client):
    feed = feedparser.parse(client.get("/fact-checks/feed/").content)
    assert not feed.bozo and feed.entries == []


def test_sitemap_lists_the_index_the_published_and_their_articles(desk, client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    locations = [loc.text for loc in root.findall("s:url/s:loc", SITEMAP_NS)]
    assert locations == [
        "https://checks.example.org/fact-checks/",
        site.fact_check_url(desk.troops.pk, desk.troops.text),
        site.fact_check_url(desk.casualties.pk, desk.casualties.text),
        site.article_report_url(desk.article.pk),
    ]
    lastmods = root.findall("s:url/s:lastmod", SITEMAP_NS)
    assert len(lastmods) == 3  # every fact-check and article says when it last changed


def test_sitemap_uses_site_url_whatever_the_request_host(desk, client):
    xml = client.get("/sitemap.xml", HTTP_HOST="localhost").content.decode()
    assert "http://localhost" not in xml and "https://checks.example.org/" in xml

"""Stories in the database: placing an imported article, aligning a story's measures,
rebuilding everything. Editors' decisions (pinned placements) are never undone here.

Placing is incremental: a new article is compared only with the candidates the
ArticleKey index gives (articles sharing a place, person or organisation, published
within the window), never with every article.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Count, Max, Min, Q
from django.db.models.functions import Substr

from . import agreement, grouping, measures

MAX_CANDIDATES = 40  # articles compared with a new one (the best by shared keys)
BACKGROUND = 150  # other articles read for word weights (IDF), the latest of ...
BACKGROUND_DAYS = 60  # ... this many days around the new article's date


def matched_ids(profiles):
    return [p.key for p in profiles]


def _nlp():
    from factcheck.extraction.nlp import get_nlp

    return get_nlp()


def _claim_dict(c) -> dict:
    return {
        "kind": c.kind,
        "text": c.text,
        "span": c.span,
        "low": c.low,
        "high": c.high,
        "qualifier": c.qualifier,
        "unit": c.unit,
        "date": c.date,
        "granularity": c.granularity,
    }


def profile_of(article, nlp=None) -> grouping.Profile:
    from factcheck.models import Claim

    dates = (
        [
            {"kind": "date", "date": d}
            for d in Claim.objects.filter(article=article, kind="date").values_list(
                "date", flat=True
            )
        ]
        if article.published is None
        else []
    )
    return grouping.profile(
        article.pk, article.title, article.body, article.published, nlp or _nlp(), claims=dates
    )


def index_article(article, prof: grouping.Profile) -> None:
    from factcheck.models import ArticleKey

    ArticleKey.objects.filter(article=article).delete()
    ArticleKey.objects.bulk_create(
        ArticleKey(article=article, key=k[:80], published=prof.published) for k in prof.entities
    )


def candidate_ids(article, prof: grouping.Profile) -> list[int]:
    """Articles sharing a key with `prof` near its date, the most shared first (the index)."""
    from factcheck.models import ArticleKey

    if not prof.entities:
        return []
    rows = ArticleKey.objects.filter(key__in=list(prof.entities)).exclude(article_id=article.pk)
    if prof.published is not None:
        window = datetime.timedelta(days=grouping.WINDOW_DAYS * 2)
        rows = rows.filter(
            Q(published__isnull=True)
            | Q(published__range=(prof.published - window, prof.published + window))
        )
    rows = (
        rows.values("article_id")
        .annotate(shared=Count("id"))
        .order_by("-shared", "-article_id")[:MAX_CANDIDATES]
    )
    return [r["article_id"] for r in rows]


def _background(prof: grouping.Profile, exclude) -> list[grouping.Profile]:
    """Other articles of the same weeks, only so that word weights (IDF) mean something."""
    from factcheck.models import Article

    rows = Article.objects.exclude(pk__in=list(exclude))
    if prof.published is not None:
        span = datetime.timedelta(days=BACKGROUND_DAYS)
        rows = rows.filter(published__range=(prof.published - span, prof.published + span))
    ids = list(rows.order_by("-id").values_list("pk", flat=True)[:BACKGROUND])
    if len(ids) < BACKGROUND and prof.published is not None:  # a quiet period: any articles
        more = Article.objects.exclude(pk__in=[*exclude, *ids]).order_by("-id")
        ids += list(more.values_list("pk", flat=True)[: BACKGROUND - len(ids)])
    return _candidate_profiles(ids, with_keys=False)


def _candidate_profiles(ids, *, with_keys=True) -> list[grouping.Profile]:
    """Profiles of candidates from stored columns and keys (no spaCy run)."""
    from factcheck.models import Article, ArticleKey

    keys: dict[int, set] = {}
    rows = ArticleKey.objects.filter(article_id__in=ids) if with_keys else []
    for aid, key in rows.values_list("article_id", "key") if with_keys else []:
        keys.setdefault(aid, set()).add(key)
    out = []
    rows = (
        Article.objects.filter(pk__in=ids)
        .annotate(lead_text=Substr("body", 1, grouping.LEAD_CHARS * 2))
        .values_list("pk", "title", "lead_text", "published")
    )
    for pk, title, lead_text, published in rows:
        text = f"{title}. {grouping.lead(lead_text)}"
        out.append(
            grouping.Profile(
                key=pk,
                published=published,
                words=grouping.Counter(grouping.lexicon.content_words(text)),
                entities=frozenset(keys.get(pk, ())),
            )
        )
    return out


def place_article(article, *, nlp=None) -> object:
    """Put an article (its claims extracted) in a story and re-align that story's measures."""
    from factcheck.models import Story, StoryArticle

    nlp = nlp or _nlp()
    prof = profile_of(article, nlp)
    index_article(article, prof)
    link = StoryArticle.objects.filter(article=article).select_related("story").first()
    if link is not None and link.pinned:
        align_story(link.story, nlp=nlp)
        return link.story
    cands = _candidate_profiles(candidate_ids(article, prof))
    idf = grouping.idf_table([prof, *cands, *_background(prof, [article.pk, *matched_ids(cands)])])
    matched = {}
    for c in cands:
        ok, score = grouping.same_story(prof, c, idf)
        if ok:
            matched[c.key] = score
    with transaction.atomic():
        old = link.story if link is not None else None
        stories = {}
        for sl in StoryArticle.objects.filter(article_id__in=list(matched)).select_related("story"):
            if article.pk in (sl.apart or []):
                continue  # an editor took these two apart
            best = max(stories.get(sl.story_id, (0, None))[0], matched[sl.article_id])
            stories[sl.story_id] = (best, sl.story)
        ranked = [st for _, st in sorted(stories.values(), key=lambda x: -x[0])]
        target = ranked[0] if ranked else None
        if target is None:
            target = old if old is not None and old.links.count() == 1 else Story.objects.create()
        StoryArticle.objects.update_or_create(article=article, defaults={"story": target})
        # The article bridges several stories: they report one event (as grouping.group
        # joins them), unless an editor has placed articles in them.
        for other in ranked[1:]:
            if (
                not other.links.filter(pinned=True).exists()
                and not target.links.filter(pinned=True).exists()
            ):
                StoryArticle.objects.filter(story=other).update(story=target)
                other.delete()
        if old is not None and old.pk != target.pk and Story.objects.filter(pk=old.pk).exists():
            _after_change(old, nlp)
        align_story(target, nlp=nlp)
    return target


def _after_change(story, nlp):
    if not story.links.exists():
        story.delete()
    else:
        align_story(story, nlp=nlp)


def refresh_story(story) -> None:
    from factcheck.models import Article

    arts = Article.objects.filter(story_link__story=story)
    span = arts.aggregate(first=Min("published"), last=Max("published"))
    first = arts.order_by("published", "imported_at", "id").only("title").first()
    story.title = (first.title if first else "")[:500]
    story.first_published, story.last_published = span["first"], span["last"]
    story.save(update_fields=["title", "first_published", "last_published", "updated_at"])


def align_story(story, *, nlp=None) -> list:
    """Recompute a story's measures from its articles' figure and date claims."""
    from factcheck.models import Claim, Measure, MeasureClaim

    refresh_story(story)
    claims = list(
        Claim.objects.filter(
            article__story_link__story=story,
            kind__in=[*agreement.FIGURE_KINDS, *agreement.DATE_KINDS],
        ).order_by("article_id", "start", "id")
    )
    with transaction.atomic():
        Measure.objects.filter(story=story).delete()
        if len({c.article_id for c in claims}) < 2:
            return []
        found = measures.align(
            [(c.article_id, c.pk, _claim_dict(c)) for c in claims], nlp or _nlp()
        )
        made = []
        for m in found:
            dicts = [{**f.claim, "article": f.article} for f in m.members]
            bad = {i for pair in agreement.conflicting_pairs(dicts) for i in pair}
            row = Measure.objects.create(
                story=story,
                kind=m.members[0].cls,
                label=measures.label(m)[:200],
                values_agree=m.values_agree,
            )
            MeasureClaim.objects.bulk_create(
                MeasureClaim(measure=row, claim_id=f.index, conflicts=i in bad)
                for i, f in enumerate(m.members)
            )
            made.append(row)
    return made


def rebuild(*, progress=None, nlp=None) -> dict:
    """Re-place every article (in publication order), keeping pinned placements."""
    from factcheck.models import Article, Story, StoryArticle

    nlp = nlp or _nlp()
    StoryArticle.objects.filter(pinned=False).delete()
    Story.objects.filter(links__isnull=True).delete()
    articles = Article.objects.order_by("published", "imported_at", "id").only(
        "id", "title", "body", "published"
    )
    total = articles.count()
    bar = progress(total=total) if progress else None
    for article in articles.iterator(chunk_size=200):
        place_article(article, nlp=nlp)
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    return {"articles": total, "stories": Story.objects.count()}

"""Queries whose SQL text never changes, compiled by the ORM once per process.

The hottest requests ("next claim", the claim page) run the same few queries with other
values every time; building their SQL anew (Django compiles a queryset on every run) cost
more than running them. `compiled` keeps the SQL and its parameters, and `fetch_one` puts
the request's values in place of stand-ins chosen at build time.
"""

from django.db import connection, transaction

_COMPILED: dict = {}


def compiled(name: str, build) -> tuple[str, tuple]:
    """The SQL and parameters of the queryset `build()` returns, compiled once."""
    if name not in _COMPILED:
        with transaction.atomic():  # Django compiles FOR UPDATE only inside a transaction
            _COMPILED[name] = build().query.sql_with_params()
    return _COMPILED[name]


def fetch_one(name: str, build, values: dict) -> tuple | None:
    """The first row of `build()`'s query with each stand-in parameter (a key of
    `values`) replaced by its value."""
    sql, params = compiled(name, build)
    params = [values.get(p, p) if isinstance(p, int | str) else p for p in params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()

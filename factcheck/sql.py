"""Queries whose SQL text never changes, compiled by the ORM once per process.

The hottest requests ("next claim", the claim page) run the same few queries with other
values every time; building their SQL anew (Django compiles a queryset on every run) cost
more than running them. `compiled` keeps the SQL and its parameters, `fetch_all` puts
the request's values in place of stand-ins chosen at build time, and `instances` does
the same for a queryset of model instances (with the objects its select_related names).
All of them, and "next claim" and the holder's release, run as prepared statements
(`prepared_cursor`, `fetch_prepared`): PostgreSQL plans each once per connection, where
planning cost as much as running them.
"""

import datetime
import functools
from decimal import Decimal

from django.db import DEFAULT_DB_ALIAS, NotSupportedError, connection, transaction
from django.db.models.query import DEFAULT_FETCH_MODE, get_related_populators

_COMPILED: dict = {}
_SHAPES: dict = {}
_VALUES: dict = {}


def compiled(name: str, build) -> tuple[str, tuple]:
    """The SQL and parameters of the queryset `build()` returns, compiled once."""
    if name not in _COMPILED:
        with transaction.atomic():  # Django compiles FOR UPDATE only inside a transaction
            _COMPILED[name] = build().query.sql_with_params()
    return _COMPILED[name]


@functools.cache
def literal(value: str) -> str:
    """A constant of the code (a status, an action name) as quoted SQL text, for a prepared
    statement: PostgreSQL then plans with the value itself (the rows of one status, a
    partial index's condition) rather than with an unknown parameter. Never user input."""
    from psycopg.sql import Literal

    return Literal(value).as_string().replace("%", "%%")


def inline(sql: str, params) -> str:
    """A compiled query with its (constant) parameters written in, quoted by psycopg."""
    from psycopg import ClientCursor

    connection.ensure_connection()
    with ClientCursor(connection.connection) as cursor:
        return cursor.mogrify(sql, params).replace("%", "%%")


def prepared_cursor():
    """A cursor whose statements are prepared on their first run and then executed by name
    on this connection: PostgreSQL plans them once per connection, not on every run.

    Django's own cursors bind values on the client and are never prepared (a pooler in
    transaction mode in front of PostgreSQL then works; Django turns psycopg's preparing
    off for that reason). This one binds on the server, where DB_PREPARED (settings; on
    by default) lets psycopg prepare; with it off, it is a plain Django cursor. Wrapped as
    Django wraps its own: errors, query logging and execute wrappers behave the same.
    """
    if connection.vendor != "postgresql":
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    if connection.connection.prepare_threshold is None:
        return connection.cursor()
    from django.db.backends.postgresql.base import (
        TIMESTAMPTZ_OID,
        ServerBindingCursor,
        register_tzloader,
    )
    from psycopg.pq import Format

    connection.validate_thread_sharing()
    with connection.wrap_database_errors:
        cursor = ServerBindingCursor(connection.connection)
    # Times are read in the connection's zone, as Django's create_cursor sees to.
    tzloader = connection.connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)
    if connection.timezone != tzloader.timezone:
        register_tzloader(connection.timezone, cursor)
    if connection.queries_logged:
        return connection.make_debug_cursor(cursor)
    return connection.make_cursor(cursor)


# What PostgreSQL says when a prepared statement's result changed shape under it (a
# migration changed the type of a column it returns) since it was prepared.
STALE_PLAN = "cached plan must not change result type"


def fetch_prepared(sql: str, params, fetch=lambda cursor: cursor.fetchone()):
    """What `fetch` reads (the first row by default) after running `sql` as a prepared
    statement (`prepared_cursor`).

    A statement prepared before a migration changed a column it returns fails until it is
    prepared again. Outside a transaction that failure forgets this connection's prepared
    statements (psycopg sees the DEALLOCATE ALL) and runs the statement once more; inside
    one the error stands, and the rollback that follows makes psycopg forget them.
    """
    try:
        return _fetch_prepared(sql, params, fetch)
    except NotSupportedError as error:
        if STALE_PLAN not in str(error) or connection.in_atomic_block:
            raise
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    return _fetch_prepared(sql, params, fetch)


def _fetch_prepared(sql: str, params, fetch):
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        return fetch(cursor)


def values(name: str, build, values: dict, *, prepared=True) -> list[tuple]:
    """The rows of the values_list() queryset `build()` gives, built and compiled once per
    process, with each stand-in parameter replaced by its value in `values` and the ORM's
    converters applied. Run prepared only for queries whose best plan does not hang on
    their values (not a text search: a rare word needs the trigram index, a common one the
    rank order); `prepared=False` has it planned with its values every time."""
    if name not in _VALUES:
        compiler = build().query.get_compiler(using=DEFAULT_DB_ALIAS)
        sql, params = compiler.as_sql()
        count = compiler.col_count
        columns = [column for column, _, _ in compiler.select[:count]]
        _VALUES[name] = (sql, params, count, compiler, compiler.get_converters(columns))
    sql, params, count, compiler, converters = _VALUES[name]
    params = _with_values(params, values)
    if prepared:
        found = fetch_prepared(sql, params, lambda cursor: [row[:count] for row in cursor])
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = [row[:count] for row in cursor.fetchall()]
    if not converters:
        return found
    return [tuple(row) for row in compiler.apply_converters(found, converters)]


# What a stand-in can be (hashable; lists and other parameters are passed through).
_STAND_IN_TYPES = (int, str, float, Decimal, datetime.datetime)


def _with_values(params, values: dict) -> list:
    """`params` with each stand-in (a key of `values`) replaced by its value."""
    return [values.get(p, p) if isinstance(p, _STAND_IN_TYPES) else p for p in params]


def _run(sql: str, params, values: dict) -> list:
    params = _with_values(params, values)
    # Prepared: PostgreSQL plans each of these once per connection (a verdict read ran in
    # 0.13 ms after 0.7 ms of planning; a published claim's page 4.2x -> 3.4x /ping/).
    return fetch_prepared(sql, params, lambda cursor: cursor.fetchall())


def fetch_all(name: str, build, values: dict) -> list[tuple]:
    """Every row of `build()`'s query with each stand-in parameter (a key of `values`)
    replaced by its value."""
    return _run(*compiled(name, build), values)


def _shape(name: str, build):
    """What turns a row of `build()`'s query into model instances, worked out once: the
    SQL, the select list, which columns make the model and each related object, and the
    columns' converters (the ORM's own, as a queryset's iterator uses them)."""
    if name not in _SHAPES:
        queryset = build()
        if queryset._prefetch_related_lookups or queryset._known_related_objects:
            raise ValueError(f"{name}: instances() does not prefetch")
        compiler = queryset.query.get_compiler(using=DEFAULT_DB_ALIAS)
        sql, params = compiler.as_sql()
        select, klass_info = compiler.select, compiler.klass_info
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        _SHAPES[name] = {
            "sql": sql,
            "params": params,
            "compiler": compiler,
            "converters": compiler.get_converters([column for column, _, _ in select]),
            "model": klass_info["model"],
            "slice": slice(start, end),
            "init_list": [column.target.attname for column, _, _ in select[start:end]],
            "annotations": list((compiler.annotation_col_map or {}).items()),
            "related": get_related_populators(
                klass_info, select, DEFAULT_DB_ALIAS, DEFAULT_FETCH_MODE
            ),
        }
    return _SHAPES[name]


def instances(name: str, build, values: dict) -> list:
    """The model instances `build()`'s queryset gives (with its select_related objects),
    with each stand-in parameter replaced by its value in `values`; the queryset is
    built and compiled once per process. Not for querysets that prefetch."""
    shape = _shape(name, build)
    rows = _run(shape["sql"], shape["params"], values)
    if shape["converters"]:
        rows = shape["compiler"].apply_converters(rows, shape["converters"])
    model, part, init_list = shape["model"], shape["slice"], shape["init_list"]
    out = []
    for row in rows:
        obj = model.from_db(DEFAULT_DB_ALIAS, init_list, row[part], fetch_mode=DEFAULT_FETCH_MODE)
        for populator in shape["related"]:
            populator.populate(row, obj)
        for attr, position in shape["annotations"]:
            setattr(obj, attr, row[position])
        out.append(obj)
    return out

"""Queries whose SQL text never changes, compiled by the ORM once per process.

The hottest requests ("next claim", the claim page) run the same few queries with other
values every time; building their SQL anew (Django compiles a queryset on every run) cost
more than running them. `compiled` keeps the SQL and its parameters, `fetch_all` puts
the request's values in place of stand-ins chosen at build time, and `instances` does
the same for a queryset of model instances (with the objects its select_related names).
"""

from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.db.models.query import DEFAULT_FETCH_MODE, get_related_populators

_COMPILED: dict = {}
_SHAPES: dict = {}


def compiled(name: str, build) -> tuple[str, tuple]:
    """The SQL and parameters of the queryset `build()` returns, compiled once."""
    if name not in _COMPILED:
        with transaction.atomic():  # Django compiles FOR UPDATE only inside a transaction
            _COMPILED[name] = build().query.sql_with_params()
    return _COMPILED[name]


def _run(sql: str, params, values: dict) -> list:
    params = [values.get(p, p) if isinstance(p, int | str) else p for p in params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


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

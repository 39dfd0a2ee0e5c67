"""Case- and accent-insensitive matching that behaves the same on SQLite and PostgreSQL.

`fold()` lower-cases text and strips accents in Python; the `fold` transform does the
same in SQL: `accords_fold()` = `lower(unaccent(…))` on PostgreSQL (the unaccent
extension, wrapped in an IMMUTABLE function to be indexable), and a
Python function registered on each SQLite connection elsewhere. So
`Party.objects.filter(name__fold__contains=fold("PERÚ"))` finds "Perú" and "Peru"
on both databases, and text in any script (대한민국) matches itself.
"""

import unicodedata

from django.db import models
from django.db.backends.signals import connection_created
from django.dispatch import receiver


def fold(text):
    """Lower-case `text` and remove accents; other scripts are kept as they are."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", str(text))
    stripped = "".join(char for char in decomposed if unicodedata.category(char) != "Mn")
    return unicodedata.normalize("NFC", stripped).lower()


def search_terms(query, *, limit=8):
    """The folded words of a search query (at most `limit`, to bound the SQL)."""
    return [term for term in fold(query or "").split() if term][:limit]


@models.CharField.register_lookup
@models.TextField.register_lookup
class Fold(models.Transform):
    lookup_name = "fold"

    def as_sql(self, compiler, connection):
        lhs, params = compiler.compile(self.lhs)
        return f"accords_fold({lhs})", params

    def as_postgresql(self, compiler, connection):
        lhs, params = compiler.compile(self.lhs)
        # accords_fold(x) = lower(unaccent(x)), declared IMMUTABLE so that the GIN trigram
        # indexes of the migrations (core 0003, parties 0004, agreements 0004) apply.
        return f"public.accords_fold({lhs}::text)", params


@receiver(connection_created)
def _register_sqlite_fold(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("accords_fold", 1, fold, deterministic=True)


# --- Search conditions written as SQL ----------------------------------------------------
#
# The search querysets (PartyQuerySet.search, AgreementQuerySet.search) are built per
# request from these pieces rather than from lookups and UNIONed querysets: the ORM took
# ~5 ms to build and compile each of them, and a search request compiles three (two
# counts and a page). The SQL is what those lookups wrote, term for term.


def folded(connection, column):
    """The SQL of the `fold` transform applied to `column` (what `Fold` writes)."""
    if connection.vendor == "postgresql":
        return f"public.accords_fold({column}::text)"
    return f"accords_fold({column})"


def lookup_sql(connection, lhs, lookup, value):
    """`(sql, params)` of the lookup `exact`, `contains` or `startswith` of the text `value`
    on the SQL `lhs`, written as Django writes it (LIKE escaping, casts, operators)."""
    if lookup in ("contains", "startswith"):
        value = connection.ops.prep_for_like_query(value)
        value = f"%{value}%" if lookup == "contains" else f"{value}%"
    lhs = connection.ops.lookup_cast(lookup, "TextField") % lhs
    return f"{lhs} {connection.operators[lookup] % '%s'}", [value]


def in_subquery(connection, lhs, subquery):
    """`lhs IN (subquery)`; on PostgreSQL `lhs = ANY(ARRAY(subquery))`, which the planner
    runs as an index lookup of the few ids the subquery returns (an `IN` is planned as a
    join that reads the whole outer table, or inside an OR as a subplan per row)."""
    if connection.vendor == "postgresql":
        return f"{lhs} = ANY(ARRAY({subquery}))"
    return f"{lhs} IN ({subquery})"


def column(connection, model, field, alias=None):
    """The quoted `alias.column` of `model`'s `field` (alias: the table's name)."""
    quote = connection.ops.quote_name
    table = quote(alias or model._meta.db_table)
    field = model._meta.pk if field == "pk" else model._meta.get_field(field)
    return f"{table}.{quote(field.column)}"


def select(connection, model, alias, field, where):
    """`SELECT alias.field FROM model's table alias WHERE where`: quoted identifiers, and
    `where` written with placeholders (its values are passed as params)."""
    quote = connection.ops.quote_name
    source = f"{quote(model._meta.db_table)} {quote(alias)}"
    return f"SELECT {column(connection, model, field, alias)} FROM {source} WHERE {where}"  # noqa: S608


class RawCondition(models.Expression):
    """An expression (a condition by default) whose SQL is written by
    `build(connection, *columns)` → `(sql, params)`, where `columns` are the compiled SQL
    of `fields`, the outer query's columns (so aliases stay right in joins and subqueries).
    Compiling it is one call."""

    def __init__(self, build, *fields, output_field=None):
        super().__init__(output_field=output_field or models.BooleanField())
        self.build = build
        self.fields = [models.F(field) if isinstance(field, str) else field for field in fields]

    def get_source_expressions(self):
        return self.fields

    def set_source_expressions(self, exprs):
        self.fields = list(exprs)

    def as_sql(self, compiler, connection):
        columns = [compiler.compile(field)[0] for field in self.fields]
        return self.build(connection, *columns)

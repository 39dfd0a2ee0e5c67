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

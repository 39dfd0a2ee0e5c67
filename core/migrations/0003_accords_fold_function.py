from django.db import migrations

# `lower(unaccent(x))` cannot be indexed: unaccent() is only STABLE (its dictionary could
# change). This wrapper names the dictionary and is declared IMMUTABLE, so GIN trigram
# indexes can be built on accords_fold(column) and `fold` lookups (core.search.Fold, which
# calls it on PostgreSQL) use them. SQLite registers its own accords_fold() per connection.
CREATE = """
CREATE OR REPLACE FUNCTION public.accords_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$
"""
DROP = "DROP FUNCTION IF EXISTS public.accords_fold(text)"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_editorial_groups")]
    operations = [migrations.RunPython(create, drop, elidable=False)]

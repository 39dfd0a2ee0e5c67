from django.db import migrations

# PostgreSQL only (SQLite searches as before): GIN trigram indexes on the folded names that
# search and filters match with `fold__contains` (core.search.Fold → accords_fold()).
INDEXES = {
    "party_name_fold_trgm": "parties_party USING gin (accords_fold(name::text) gin_trgm_ops)",
    "party_short_name_fold_trgm": (
        "parties_party USING gin (accords_fold(short_name::text) gin_trgm_ops)"
    ),
    "party_slug_trgm": "parties_party USING gin (slug gin_trgm_ops)",
    "partyalias_name_fold_trgm": (
        "parties_partyalias USING gin (accords_fold(name::text) gin_trgm_ops)"
    ),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("parties", "0003_party_redirect"), ("core", "0003_accords_fold_function")]
    operations = [migrations.RunPython(create, drop, elidable=False)]

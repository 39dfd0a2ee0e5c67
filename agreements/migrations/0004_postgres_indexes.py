from django.db import migrations

# PostgreSQL only (the model state is unchanged; SQLite keeps the indexes of 0001):
# - GIN trigram indexes on the folded texts that search matches with `fold__contains`;
# - the default list order (published, signed_on DESC NULLS LAST, title, id) as one index,
#   so a page of 100,000 agreements is read in order instead of sorted;
# - participations by party and by representative with the agreement, so the party and
#   relationship filters are index-only scans.
INDEXES = {
    "agreement_title_fold_trgm": (
        "agreements_agreement USING gin (accords_fold(title::text) gin_trgm_ops)"
    ),
    "agreement_summary_fold_trgm": (
        "agreements_agreement USING gin (accords_fold(summary) gin_trgm_ops)"
    ),
    "event_name_fold_trgm": "agreements_event USING gin (accords_fold(name::text) gin_trgm_ops)",
    "agreement_list_order_idx": (
        "agreements_agreement (publication, signed_on DESC NULLS LAST, title, id)"
    ),
    "participation_party_agreement_idx": "agreements_participation (party_id, agreement_id)",
    "participation_rep_agreement_idx": (
        "agreements_participation (representative_id, agreement_id)"
        " WHERE representative_id IS NOT NULL"
    ),
    "agreement_sectors_sector_agreement_idx": "agreements_agreement_sectors (sector_id, agreement_id)",
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
    dependencies = [
        ("agreements", "0003_publish_permission"),
        ("parties", "0004_postgres_search_indexes"),
    ]
    operations = [migrations.RunPython(create, drop, elidable=False)]

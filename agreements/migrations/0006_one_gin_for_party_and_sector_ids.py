from django.db import migrations

# PostgreSQL only. One GIN index over both id arrays (0005) instead of one per array: GIN
# answers `party=a&party=b&sector=s` in a single index scan that skips through the busy
# sector's entries for the few agreements the parties share (its "fast scan"), where two
# indexes read every entry of both and AND the bitmaps (4.0 → 2.4 ms of execution for the
# bench's filtered list). A multicolumn GIN index serves a condition on either array alone
# as well as its own index did, and each write now updates one index instead of two.

SINGLE = ("agreement_party_ids_gin", "party_ids"), ("agreement_sector_ids_gin", "sector_ids")
BOTH = "agreement_party_sector_ids_gin"


def one_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX {BOTH} ON agreements_agreement USING gin (party_ids, sector_ids)"
    )
    for name, _ in SINGLE:
        schema_editor.execute(f"DROP INDEX {name}")


def two_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in SINGLE:
        schema_editor.execute(f"CREATE INDEX {name} ON agreements_agreement USING gin ({column})")
    schema_editor.execute(f"DROP INDEX {BOTH}")


class Migration(migrations.Migration):
    dependencies = [("agreements", "0005_party_and_sector_ids")]
    operations = [migrations.RunPython(one_index, two_indexes, elidable=False)]

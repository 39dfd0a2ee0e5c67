from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """unaccent and pg_trgm for search on PostgreSQL; both operations do nothing on SQLite."""

    initial = True
    dependencies = []
    operations = [UnaccentExtension(), TrigramExtension()]

from django.db import migrations

# PostgreSQL only. The triggers of 0005 recomputed an agreement's id arrays in one UPDATE.
# Under READ COMMITTED that UPDATE reads the join table with the snapshot it started with:
# when it had to wait for another transaction holding the agreement's row (an editor
# changing the same agreement's participants), it then wrote arrays that missed what the
# other transaction had committed meanwhile. The agreements' rows are now locked first, in
# a statement of their own (in id order, so two writers cannot deadlock), so the UPDATE
# starts after the wait and sees every committed row.

REFRESH = """
CREATE OR REPLACE FUNCTION agreements_refresh_{column}() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    changed bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT agreement_id) INTO changed FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT agreement_id) INTO changed FROM old_rows;
    ELSE
        SELECT array_agg(DISTINCT agreement_id) INTO changed FROM (
            SELECT agreement_id FROM new_rows UNION SELECT agreement_id FROM old_rows
        ) AS both_sides;
    END IF;
    PERFORM 1 FROM agreements_agreement WHERE id = ANY(changed) ORDER BY id FOR UPDATE;
    UPDATE agreements_agreement AS a
    SET {column} = ARRAY(
        SELECT DISTINCT j.{id_column} FROM {table} AS j WHERE j.agreement_id = a.id ORDER BY 1
    )
    WHERE a.id = ANY(changed);
    RETURN NULL;
END
$$;
"""

ARRAYS = {
    # array column: (join table, id column)
    "party_ids": ("agreements_participation", "party_id"),
    "sector_ids": ("agreements_agreement_sectors", "sector_id"),
}


def replace_functions(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column, (table, id_column) in ARRAYS.items():
        schema_editor.execute(REFRESH.format(column=column, table=table, id_column=id_column))


class Migration(migrations.Migration):
    dependencies = [("agreements", "0005_party_and_sector_ids")]
    # Backwards the functions stay as they are: they are right for 0005's schema too.
    operations = [migrations.RunPython(replace_functions, migrations.RunPython.noop)]

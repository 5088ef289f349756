"""A Japanese-aware index for the activity list's keyword search (PostgreSQL only, issue 9).

The list filters `title ILIKE '%語%' OR summary ILIKE '%語%'` for each word. Over a million
rows that is a sequential scan. pg_bigm (the usual Japanese answer) is not packaged for
PostgreSQL 15 in Debian 12, and pg_trgm cannot narrow words of two characters (詐欺, 通訳),
which Japanese has many of — see bench/results/*-text-index-*.md for the measurements.
So: a GIN index over the 2-grams of title and summary, made by an IMMUTABLE SQL
function; the filter adds `gifu_bigrams(title || ' ' || summary) @> gifu_bigrams(word)`
(gifu_taisaku.core.text_search) and keeps the ILIKE as the exact check.

On SQLite this migration does nothing (the search stays a plain LIKE).
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION gifu_bigrams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(lower(t), i, 2)), '{}')
    FROM generate_series(1, char_length(t) - 1) AS i
$$
"""
INDEX = (
    "CREATE INDEX IF NOT EXISTS activity_text_bigrams_idx ON activities_activity "
    "USING gin (gifu_bigrams(title || ' ' || summary))"
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    schema_editor.execute(INDEX)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS activity_text_bigrams_idx")
    schema_editor.execute("DROP FUNCTION IF EXISTS gifu_bigrams(text)")


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]

"""Which index for Japanese free text over a million activities? Measure, then choose.

    .venv/bin/python bench/text_index.py --scale 1

The activity list's keyword filter is `title ILIKE '%w%' OR summary ILIKE '%w%'` for each
word. Candidates, each built on the bench database and timed with EXPLAIN ANALYZE for
words of two, three and more characters (Japanese words are often two characters:
詐欺, 通訳, 防犯):

- none: a sequential scan;
- pg_trgm: GIN (gin_trgm_ops) on title and on summary. Trigrams of CJK text exist only
  when the database's LC_CTYPE classifies CJK characters as letters (C.UTF-8 on Debian 12
  does; the "C" locale does not, checked below); a two-character word has no trigram, so
  the index cannot help it;
- bigrams: GIN over an array of the text's 2-grams (what pg_bigm does, in plain SQL with
  an IMMUTABLE function): every word of two or more characters narrows the search.

pg_bigm itself is not packaged for PostgreSQL 15 in Debian 12 (`apt-cache search bigm`
finds nothing) and cannot be built here. Writes bench/results/<date>-text-index-scale<N>.md.
"""

import argparse
import datetime
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import prepare  # noqa: E402

WORDS = ("詐欺", "通訳", "ひばり", "交通安全", "防犯チラシ", "やまびこ地区")
BIGRAMS_FUNCTION = """
CREATE OR REPLACE FUNCTION gifu_bigrams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(lower(t), i, 2)), '{}')
    FROM generate_series(1, char_length(t) - 1) AS i
$$
"""
CANDIDATES = {
    "none": [],
    "pg_trgm": [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        "CREATE INDEX bench_title_trgm ON activities_activity USING gin (title gin_trgm_ops)",
        "CREATE INDEX bench_summary_trgm ON activities_activity USING gin (summary gin_trgm_ops)",
    ],
    "bigrams": [
        BIGRAMS_FUNCTION,
        "CREATE INDEX bench_text_bigrams ON activities_activity "
        "USING gin (gifu_bigrams(title || ' ' || summary))",
    ],
}
DROP = {
    "pg_trgm": ["DROP INDEX IF EXISTS bench_title_trgm", "DROP INDEX IF EXISTS bench_summary_trgm"],
    "bigrams": ["DROP INDEX IF EXISTS bench_text_bigrams"],
}


def query(candidate: str, word: str) -> str:
    pattern = "%" + word.replace("'", "''") + "%"
    condition = f"(title ILIKE '{pattern}' OR summary ILIKE '{pattern}')"
    if candidate == "bigrams" and len(word) >= 2:
        condition = (
            f"gifu_bigrams(title || ' ' || summary) @> gifu_bigrams('{word}') AND {condition}"
        )
    # What the list does for HQ: the first page, newest first, and the total count.
    return (
        f"SELECT id FROM activities_activity WHERE {condition} ORDER BY date DESC, id DESC "
        f"LIMIT 50; SELECT count(*) FROM activities_activity WHERE {condition}"
    )


def psql(database: str, sql: str) -> str:
    return subprocess.run(
        [str(ROOT / "scripts" / "bench-pg"), "psql", "-d", database, "-At", "-c", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def explain_ms(database: str, sql: str) -> tuple[float, str]:
    total, plans = 0.0, []
    for statement in sql.split("; "):
        out = psql(database, f"EXPLAIN (ANALYZE, BUFFERS) {statement}")
        total += float(re.search(r"Execution Time: ([\d.]+) ms", out).group(1))
        plans.append(next(line for line in out.splitlines() if "Scan" in line).strip())
    return total, " / ".join(plans)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    database = prepare.prepare(args.scale)["database"]
    lines = [
        f"# Japanese free text: index candidates — scale {args.scale:g} "
        f"({datetime.date.today().isoformat()})",
        "",
    ]
    ctype = psql(database, "SELECT datctype FROM pg_database WHERE datname = current_database()")
    trigrams = psql(database, "CREATE EXTENSION IF NOT EXISTS pg_trgm; "
                    "SELECT show_trgm('国際交流協会')").strip()  # fmt: skip
    c_locale = psql(database, "SELECT show_trgm('国際交流協会' COLLATE \"C\")").strip()
    lines += [
        f"- database LC_CTYPE: {ctype.strip()}; rows: "
        f"{psql(database, 'SELECT count(*) FROM activities_activity').strip()}",
        f"- pg_trgm trigrams of 国際交流協会 under this LC_CTYPE: {trigrams}",
        f'- the same with COLLATE "C" (ctype of a C-locale database): {c_locale}',
        "",
        "| index | build | size | " + " | ".join(f"{w} ({len(w)}字)" for w in WORDS) + " |",
        "|---|---|---|" + "---|" * len(WORDS),
    ]
    plans = []
    for candidate, statements in CANDIDATES.items():
        for drop in DROP.values():
            for statement in drop:
                psql(database, statement)
        started = time.monotonic()
        from_migration = (
            candidate == "bigrams"
            and psql(
                database, "SELECT to_regclass('activity_text_bigrams_idx') IS NOT NULL"
            ).strip()
            == "t"
        )
        for statement in [] if from_migration else statements:
            psql(database, statement)
        built = time.monotonic() - started
        pattern = "activity_text_bigrams_idx" if from_migration else "bench_%"
        size = psql(
            database,
            "SELECT pg_size_pretty(coalesce(sum(pg_relation_size(indexrelid)), 0)) FROM pg_index "
            f"WHERE indexrelid::regclass::text LIKE '{pattern}'",
        ).strip()
        psql(database, "ANALYZE activities_activity")
        cells = []
        for word in WORDS:
            sql = query(candidate, word)
            explain_ms(database, sql)  # warm the cache
            times = [explain_ms(database, sql) for _ in range(args.runs)]
            cells.append(f"{statistics.median(t for t, _ in times):.1f} ms")
            plans.append(f"- {candidate}, {word}: {times[0][1]}")
            print(candidate, word, cells[-1], times[0][1], flush=True)
        build = "(migration 0002)" if from_migration else f"{built:.0f} s"
        lines.append(f"| {candidate} | {build} | {size} | " + " | ".join(cells) + " |")
    for drop in DROP.values():
        for statement in drop:
            psql(database, statement)
    lines += [
        "",
        "Each cell: median of the EXPLAIN ANALYZE execution times of the list's two queries "
        "(first page of 50 newest, and the count).",
        "",
        "Plans (first run):",
        "",
        *plans,
    ]
    out = (
        ROOT
        / "bench"
        / "results"
        / (f"{datetime.date.today().isoformat()}-text-index-scale{args.scale:g}.md")
    )
    out.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

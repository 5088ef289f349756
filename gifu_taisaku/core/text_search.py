"""Keyword search over Japanese text that an index can serve (issue 9).

`contains_words(queryset, ("title", "summary"), "詐欺 防止")` keeps the rows where every
word occurs in one of the fields (case-insensitive), as a chain of ICONTAINS filters.
On PostgreSQL, when the model's table has a 2-gram GIN index over the same fields joined
by a space (see activities migration 0002), each word of two or more characters also
requires the row's 2-grams to contain the word's: the index narrows the rows, and the
ICONTAINS stays the exact test.
"""

from django.db import connection
from django.db.models import BooleanField, F, Func, Q, QuerySet, Value

# Models (app_label.model) whose table has the gifu_bigrams index, with its fields.
BIGRAM_INDEXES = {"activities.activity": ("title", "summary")}


class HasBigramsOf(Func):
    """gifu_bigrams(f1 || ' ' || f2) @> gifu_bigrams(word): the expression of the index."""

    arg_joiner = " || "
    output_field = BooleanField()

    def __init__(self, fields, word: str):
        parts = []
        for index, field in enumerate(fields):
            if index:
                parts.append(Value(" "))
            parts.append(F(field))
        super().__init__(*parts)
        self.word = word

    def as_sql(self, compiler, connection, **extra):
        sql, params = super().as_sql(compiler, connection, template="%(expressions)s", **extra)
        return f"gifu_bigrams({sql}) @> gifu_bigrams(%s)", [*params, self.word]


def contains_words(queryset: QuerySet, fields: tuple[str, ...], value: str) -> QuerySet:
    indexed = connection.vendor == "postgresql" and BIGRAM_INDEXES.get(
        queryset.model._meta.label_lower
    ) == tuple(fields)
    for word in value.split():
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": word})
        if indexed and len(word) >= 2:
            queryset = queryset.filter(HasBigramsOf(fields, word))
        queryset = queryset.filter(condition)
    return queryset

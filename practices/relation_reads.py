"""The commitments, outcomes and reports of some practices, read in SQL for the API.

The same rows the ORM gives, as model instances, in each model's order. The ORM took
longer to build and compile these three queries (every text in five languages) than the
database takes to run them, and an API detail runs them on every request.
"""

from collections import defaultdict

from django.db import connections, models

from practices.models import Commitment, Framework, Outcome, Practice, PracticeDocument


def _columns(model: type[models.Model], alias: str, quote) -> tuple[str, list[str]]:
    fields = model._meta.concrete_fields
    sql = ", ".join(f"{alias}.{quote(field.column)}" for field in fields)
    return sql, [field.attname for field in fields]


def _read(sql: str, ids: list[int], db: str, *models_: type[models.Model]):
    """(owner id, one instance per model) for each row of `sql`, whose `{ids}` marks the
    ids' placeholders and whose columns are the owner's id, then each model's columns."""
    connection = connections[db]
    layout = []
    for model in models_:
        fields = model._meta.concrete_fields
        converters = [
            [
                *connection.ops.get_db_converters(field.get_col(model._meta.db_table)),
                *field.get_db_converters(connection),
            ]
            for field in fields
        ]
        layout.append((model, [field.attname for field in fields], fields, converters))
    placeholders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(sql.format(ids=placeholders), ids)
        rows = cursor.fetchall()
    for owner, *values in rows:
        instances, start = [], 0
        for model, attnames, fields, converters in layout:
            converted = []
            for value, field, field_converters in zip(
                values[start : start + len(fields)], fields, converters, strict=True
            ):
                for converter in field_converters:
                    value = converter(value, field.get_col(model._meta.db_table), connection)
                converted.append(value)
            instances.append(model.from_db(db, attnames, converted))
            start += len(fields)
        yield owner, instances


def read_relations(ids: list[int]) -> tuple[dict, dict, dict]:
    """{practice id: [Commitment]} (with their frameworks), {id: [Outcome]} and
    {id: [PracticeDocument]}, each in the order the ORM reads them."""
    commitments, outcomes, documents = defaultdict(list), defaultdict(list), defaultdict(list)
    if not ids:
        return commitments, outcomes, documents
    db = Practice.objects.db
    quote = connections[db].ops.quote_name
    table = lambda model: quote(model._meta.db_table)  # noqa: E731
    commitment_columns, _ = _columns(Commitment, "c", quote)
    framework_columns, _ = _columns(Framework, "f", quote)
    link = Practice.commitments.through._meta
    # Only names from the models' metadata go into the SQL; the ids are parameters.
    sql = (
        f"SELECT l.{quote(link.get_field('practice').column)}, "  # noqa: S608
        f"{commitment_columns}, {framework_columns} FROM {quote(link.db_table)} l"
        f" JOIN {table(Commitment)} c ON c.id = l.{quote(link.get_field('commitment').column)}"
        f" JOIN {table(Framework)} f ON f.id = c.{quote(Commitment.framework.field.column)}"
        " WHERE l.practice_id IN ({ids}) ORDER BY f.name, c.number, c.id"
    )
    for owner, (commitment, framework) in _read(sql, ids, db, Commitment, Framework):
        commitment.framework = framework
        commitments[owner].append(commitment)
    for model, into, order in (
        (Outcome, outcomes, "o.position, o.id"),
        (PracticeDocument, documents, "o.created_at, o.id"),
    ):
        columns, _ = _columns(model, "o", quote)
        sql = (
            f"SELECT o.practice_id, {columns} FROM {table(model)} o"  # noqa: S608
            f" WHERE o.practice_id IN ({{ids}}) ORDER BY {order}"
        )
        for owner, (instance,) in _read(sql, ids, db, model):
            into[owner].append(instance)
    return commitments, outcomes, documents

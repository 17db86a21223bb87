"""On SQLite, rebuild the full-text table with FTS5's porter tokenizer over unicode61 without
diacritics, so "donnée" and "données" (or "medecins" and "médecin") meet like PostgreSQL's
French stemming makes them meet. The same tokenizer runs on queries; nothing on PostgreSQL."""

from django.db import migrations

TABLE = "wagtailsearch_indexentry"
FTS = f"{TABLE}_fts"
TOKENIZER = "porter unicode61 remove_diacritics 2"


def _has_fts_table(schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [FTS])
        return cursor.fetchone() is not None


def _rebuild(schema_editor, tokenize):
    if schema_editor.connection.vendor != "sqlite" or not _has_fts_table(schema_editor):
        return
    options = f", tokenize='{tokenize}'" if tokenize else ""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {FTS}")
        cursor.execute(f"CREATE VIRTUAL TABLE {FTS} USING fts5(autocomplete, body, title{options})")
        cursor.execute(
            f"INSERT INTO {FTS}(rowid, title, body, autocomplete) "  # noqa: S608
            f"SELECT id, title, body, autocomplete FROM {TABLE}"
        )


def forgive_plurals(apps, schema_editor):
    _rebuild(schema_editor, TOKENIZER)


def back_to_exact_words(apps, schema_editor):
    _rebuild(schema_editor, "")


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0009_questions_participation_answers"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(forgive_plurals, back_to_exact_words)]

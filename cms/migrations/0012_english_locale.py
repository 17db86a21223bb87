from django.db import migrations


def create_english_locale(apps, schema_editor):
    """Pages may be translated into English (wagtail-localize); French stays the default."""
    apps.get_model("wagtailcore", "Locale").objects.get_or_create(language_code="en")


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0011_one_page_per_language"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_english_locale, migrations.RunPython.noop)]

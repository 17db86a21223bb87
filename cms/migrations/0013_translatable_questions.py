import uuid
from collections import defaultdict

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def link_questions(apps, schema_editor):
    """Each question takes its page's locale and a key of its own; a question of a translated
    consultation takes the key of its source's question at the same place (by ``sort_order``,
    then id), the only link the copied rows had."""
    Question = apps.get_model("cms", "ConsultationQuestion")
    Page = apps.get_model("wagtailcore", "Page")
    pages = {
        page.pk: page
        for page in Page.objects.filter(
            pk__in=Question.objects.values("page_id")
        ).select_related("locale")
    }
    questions = list(Question.objects.order_by("page_id", "sort_order", "pk"))
    places = defaultdict(int)
    source_keys = {}
    for question in questions:
        page = pages[question.page_id]
        place = places[page.pk]
        places[page.pk] += 1
        question.locale_id = page.locale_id
        question.translation_key = uuid.uuid4()
        if page.locale.language_code == settings.LANGUAGE_CODE:
            source_keys[(page.translation_key, place)] = question.translation_key
        else:
            question.place = (page.translation_key, place)
    for question in questions:
        if hasattr(question, "place"):
            question.translation_key = source_keys.get(question.place, question.translation_key)
    for question in questions:
        question.save(update_fields=["locale", "translation_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0012_english_locale"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="consultationquestion",
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="consultationquestion",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.RunPython(link_questions, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="consultationquestion",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="consultationquestion",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterUniqueTogether(
            name="consultationquestion",
            unique_together={("translation_key", "locale")},
        ),
    ]

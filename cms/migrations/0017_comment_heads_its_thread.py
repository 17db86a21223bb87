"""A top-level comment names itself as its thread, so that one ``thread_id IN`` reads threads
with their replies."""

from django.db import migrations
from django.db.models import F


def head_threads(apps, schema_editor):
    Comment = apps.get_model("cms", "Comment")
    Comment.objects.filter(thread__isnull=True).update(thread_id=F("id"))


class Migration(migrations.Migration):
    dependencies = [("cms", "0016_conversation_counts")]

    operations = [migrations.RunPython(head_threads, migrations.RunPython.noop)]

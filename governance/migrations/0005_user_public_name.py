from django.db import migrations, models


def default_public_names(apps, schema_editor):
    """Existing users get a neutral public name, never their (once public) login identifier."""
    user_model = apps.get_model("governance", "User")
    for pk in user_model.objects.filter(public_name="").values_list("pk", flat=True).iterator():
        user_model.objects.filter(pk=pk).update(public_name=f"Participant n°{pk}")


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0004_chained_progress_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="erased_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="account deleted at"),
        ),
        migrations.AddField(
            model_name="user",
            name="public_name",
            field=models.CharField(
                blank=True,
                help_text="Shown next to your comments, to everyone. Use a pseudonym if you "
                "prefer: your login and email address are never shown.",
                max_length=60,
                verbose_name="public name",
            ),
        ),
        migrations.RunPython(default_public_names, migrations.RunPython.noop, elidable=True),
    ]

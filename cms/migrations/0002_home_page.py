from django.db import migrations

HOME_TITLE = "Numérique en santé"
HOME_HERO = (
    "Les 18 recommandations du Conseil national du numérique pour la santé : "
    "lisez-les, donnez votre avis, suivez leur mise en œuvre."
)


def create_home_page(apps, schema_editor):
    """Replace Wagtail's welcome page with the site's home page, served at /."""
    content_type_model = apps.get_model("contenttypes", "ContentType")
    page_model = apps.get_model("wagtailcore", "Page")
    site_model = apps.get_model("wagtailcore", "Site")
    home_model = apps.get_model("cms", "HomePage")

    if home_model.objects.exists():
        return
    page_model.objects.filter(depth=2, slug="home").delete()
    content_type, _ = content_type_model.objects.get_or_create(model="homepage", app_label="cms")
    root = page_model.objects.get(depth=1)
    home = home_model.objects.create(
        title=HOME_TITLE,
        draft_title=HOME_TITLE,
        hero_title=HOME_TITLE,
        hero_text=HOME_HERO,
        slug="accueil",
        content_type=content_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/accueil/",
        locale_id=root.locale_id,
        live=True,
        has_unpublished_changes=False,
    )
    root.numchild = page_model.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    site_model.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": HOME_TITLE},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_home_page, migrations.RunPython.noop)]

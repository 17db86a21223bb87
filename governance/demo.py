"""Demo users (password ``demo``), with confirmed email addresses and their roles."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from governance.roles import Role, hub_group_name

DEMO_PASSWORD = "demo"  # noqa: S105 (demo only: seed_demo refuses to run with DEBUG off)

# username: (first name, last name, groups)
DEMO_USERS = {
    "entrepreneur": ("Camille", "Martin", [Role.ENTREPRENEUR]),
    "entrepreneur2": ("Karim", "Benali", [Role.ENTREPRENEUR]),
    "hub-idf": ("Sophie", "Lambert", [hub_group_name("ile-de-france")]),
    "hub-occ": ("Julien", "Roux", [hub_group_name("occitanie")]),
    "has-adviser": ("Claire", "Fontaine", [Role.HAS_ADVISER]),
    "decideur": ("Marc", "Dubois", [Role.DECISION_MAKER]),
    "ministere": ("Élise", "Moreau", [Role.MINISTRY]),
    "ministere2": ("Thomas", "Girard", [Role.MINISTRY]),
    "moderateur": ("Nadia", "Haddad", [Role.MODERATOR]),
    "editeur": ("Paul", "Mercier", [Role.EDITOR]),
    "citoyen": ("Léa", "Petit", []),
    "citoyen2": ("Hugo", "Leroy", []),
    "citoyen3": ("Inès", "Garnier", []),
    "citoyen4": ("Louis", "Faure", []),
}


def demo_user(username, first_name="", last_name="", groups=(), superuser=False):
    """Get or create a demo user who can sign in at once (email confirmed, no MFA)."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=username,
        defaults={
            "email": f"{username}@demo.sante.gouv.fr",
            "first_name": first_name,
            "last_name": last_name,
            "is_staff": superuser,
            "is_superuser": superuser,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    user.groups.add(*(Group.objects.get(name=name) for name in groups))
    return user


def seed(stdout):
    for username, (first_name, last_name, groups) in DEMO_USERS.items():
        demo_user(username, first_name, last_name, groups)
    demo_user("admin", "Admin", "Démo", superuser=True)
    stdout.write(f"  {len(DEMO_USERS) + 1} users")

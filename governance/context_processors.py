from governance.roles import Role, is_reviewer, user_roles


def site_navigation(request):
    """What the header needs to show each person the spaces they work in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_spaces": {}}
    roles = user_roles(user)
    return {
        "nav_spaces": {
            "dossiers": Role.ENTREPRENEUR in roles,
            "instruction": is_reviewer(user),
            "admin": user.is_superuser or user.has_perm("wagtailadmin.access_admin"),
        }
    }

from governance.roles import Role, hub_region_slugs, user_roles


def site_navigation(request):
    """What the header needs to show each person the spaces they work in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_spaces": {}}
    roles = user_roles(user)
    reviewer = bool(hub_region_slugs(user) or {Role.HAS_ADVISER, Role.DECISION_MAKER} & roles)
    return {
        "nav_spaces": {
            "dossiers": Role.ENTREPRENEUR in roles,
            "instruction": reviewer or user.is_superuser,
            "admin": user.is_superuser or user.has_perm("wagtailadmin.access_admin"),
        }
    }

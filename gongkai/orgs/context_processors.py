from .access import supervised_organizations, working_organizations


def memberships(request):
    """Organisations the logged-in user works in or oversees, for the navigation bar."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "my_orgs": lambda: working_organizations(user),
        "my_supervised_orgs": lambda: supervised_organizations(user),
    }

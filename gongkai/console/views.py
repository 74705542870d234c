from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from gongkai.orgs.access import WORK_ROLES, org_view, supervised_organizations, working_organizations

from . import registry


@login_required
def home(request):
    working, supervised = working_organizations(request.user), supervised_organizations(request.user)
    if not working and not supervised and not request.user.is_staff:
        # a member of the public who logged in: their own requests, not an empty console
        return redirect("public:my")
    return render(request, "console/home.html", {"working": working, "supervised": supervised})


@org_view(allow_supervisor=True)
def org_home(request):
    org, roles = request.org, request.org_roles
    works_here = bool(roles & WORK_ROLES)
    nav = []
    for item in registry.nav_items():
        allowed = (item.roles is None and works_here) or (item.roles is not None and roles & item.roles)
        if allowed or (item.supervisor and not works_here):
            try:
                nav.append((item.label, reverse(item.url_name, kwargs={"org_code": org.code})))
            except NoReverseMatch:
                continue
    panels = [
        render_to_string(panel.template, panel.context(request, org), request=request)
        for panel in registry.panels()
        if works_here or panel.supervisor
    ]
    return render(
        request,
        "console/org_home.html",
        {"org": org, "roles": sorted(roles), "works_here": works_here, "nav": nav, "panels": panels},
    )

from django.shortcuts import render

from gongkai.orgs.models import Organization


def home(request):
    agencies = Organization.objects.filter(is_active=True).exclude(kind=Organization.Kind.REGION).order_by("code")
    return render(request, "portal/home.html", {"agencies": agencies})


def error_403(request, exception=None):
    return render(request, "errors/403.html", status=403)


def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


def error_500(request):
    return render(request, "errors/500.html", status=500)

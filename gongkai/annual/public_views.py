"""The portal's annual-report pages (``/annual-reports/…``): published versions only, for everyone."""

from __future__ import annotations

from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from gongkai.orgs.models import Organization
from gongkai.reports.render import report_css

from .models import FileKind, PublishedFile, ReportVersion, VersionStatus
from django.utils.translation import gettext as _

PUBLISHED = VersionStatus.PUBLISHED


def _published(org: Organization):
    return (ReportVersion.objects.select_related("report").filter(report__organization=org, status=PUBLISHED)
            .order_by("-report__year", "-number"))


def _org(code: str) -> Organization:
    return get_object_or_404(Organization, code=code, is_active=True)


def index(request):
    """Every agency with at least one published report, and its years."""
    rows = (ReportVersion.objects.filter(status=PUBLISHED, report__organization__is_active=True)
            .values("report__organization__code", "report__organization__name", "report__year")
            .annotate(latest=Max("number")).order_by("report__organization__code", "-report__year"))
    agencies: dict[str, dict] = {}
    for r in rows:
        entry = agencies.setdefault(r["report__organization__code"],
                                    {"code": r["report__organization__code"], "name": r["report__organization__name"],
                                     "years": []})
        entry["years"].append(r["report__year"])
    return render(request, "annual/public_index.html", {"agencies": list(agencies.values())})


def agency(request, org_code: str):
    org = _org(org_code)
    versions = list(_published(org))
    if not versions:
        raise Http404(_("该机关尚未发布年度报告。"))
    years: dict[int, list[ReportVersion]] = {}
    for v in versions:
        years.setdefault(v.report.year, []).append(v)
    return render(request, "annual/public_agency.html", {"org": org, "years": sorted(years.items(), reverse=True)})


def report(request, org_code: str, year: int, number: int | None = None):
    """A published version (the latest one of the year unless ``number`` is given), with its downloads."""
    org = _org(org_code)
    versions = list(_published(org).filter(report__year=year))
    if not versions:
        raise Http404(_("没有这一年度已发布的报告。"))
    latest = versions[0]
    version = latest if number is None else next((v for v in versions if v.number == number), None)
    if version is None:
        raise Http404(_("没有这个版本。"))
    files = {f.kind: f for f in version.files.only("kind", "size", "version_id")}
    return render(request, "annual/public_report.html", {
        "org": org, "year": year, "version": version, "latest": latest, "versions": versions, "files": files,
        "kinds": FileKind, "report_css": report_css(),
        "latest_url": reverse("annual_public:version", args=[org.code, year, latest.number]),
    })


def download(request, org_code: str, year: int, number: int, kind: str):
    org = _org(org_code)
    if kind not in FileKind.values:
        raise Http404(_("没有这种文件。"))
    f = get_object_or_404(
        PublishedFile.objects.select_related("version__report"),
        version__report__organization=org, version__report__year=year, version__number=number,
        version__status=PUBLISHED, kind=kind,
    )
    response = HttpResponse(bytes(f.content), content_type=f.content_type)
    filename = f"{org.code}-{year}-v{number}.{kind}"
    disposition = "inline" if kind in (FileKind.HTML, FileKind.PDF) else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["X-Content-SHA256"] = f.sha256
    response["ETag"] = f'"{f.sha256}"'  # a published file never changes
    response["Cache-Control"] = "public, max-age=86400"
    if kind == FileKind.HTML:
        response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response

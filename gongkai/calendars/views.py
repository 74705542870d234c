"""Staff page: the working-day calendar of the organisation's region, and a deadline calculator."""

from __future__ import annotations

from datetime import date

from django.shortcuts import render

from gongkai.law.calendar import FIRST_DAY, LAST_DAY, today_in_china, weekday_zh
from gongkai.law.errors import DomainError
from gongkai.law.regions import REGIONS
from gongkai.orgs.access import org_view

from . import services
from django.utils.translation import gettext as _


def _int(value, default, low, high):
    try:
        n = int(value)
    except (TypeError, ValueError):
        return default
    return n if low <= n <= high else default


@org_view(allow_supervisor=True)
def org_calendar(request):
    org = request.org
    cal = services.calendar_for(org.region)
    today = today_in_china()
    year = _int(request.GET.get("year"), today.year, FIRST_DAY.year, LAST_DAY.year)
    status = services.year_status(cal, year)
    rows = [
        {"entry": e, "weekday": weekday_zh(e.date), "layer": layer, "layer_name": REGIONS.get(layer, layer),
         "applies": applies}
        for e, layer, applies in cal.entries(year)
    ]
    years = sorted(set(services.known_years(org.region)) | {today.year, today.year + 1}, reverse=True)

    calc = None
    error = None
    if request.GET.get("start"):
        n = _int(request.GET.get("n"), None, 1, 200)
        try:
            start = date.fromisoformat(request.GET["start"])
            if n is None:
                raise DomainError(_("工作日数应为1–200之间的整数。"), field="n")
            counted = cal.count(start, n)
            calc = {"start": start, "start_weekday": weekday_zh(start), "n": n, "due": counted.date,
                    "due_weekday": weekday_zh(counted.date), "reasons": counted.provisional_reasons}
        except ValueError:
            error = _("起算日期格式应为 YYYY-MM-DD。")
        except DomainError as exc:
            error = exc.message
    return render(request, "calendars/org_calendar.html", {
        "org": org, "region_name": REGIONS.get(org.region, org.region), "year": year, "years": years,
        "status": status, "rows": rows, "calc": calc, "calc_error": error, "today": today,
        "start": request.GET.get("start", today.isoformat()), "n": request.GET.get("n", "20"),
    })

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from leadtogether.analysis.reports import REPORTS, UnknownReport, get_report
from leadtogether.analysis.services import report_table
from leadtogether.lib import tables
from leadtogether.trajectories.access import ORGANISER, RESEARCHER, Access, page

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
READERS = frozenset({ORGANISER, RESEARCHER})


@page(read=READERS)
def report_list(request: HttpRequest, access: Access) -> HttpResponse:
    return render(
        request, "analysis/report_list.html", {"access": access, "reports": REPORTS.values()}
    )


@page(read=READERS)
def report_detail(request: HttpRequest, access: Access, name: str) -> HttpResponse:
    try:
        report = get_report(name)
    except UnknownReport:
        raise Http404 from None
    table = report_table(report, access.trajectory)
    fmt = request.GET.get("format")
    if fmt:
        if fmt not in tables.FORMATS:
            return HttpResponse(
                _("Unknown format %(format)s; choose one of: %(formats)s.")
                % {"format": fmt, "formats": ", ".join(tables.FORMATS)},
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        response = HttpResponse(
            tables.render(table, fmt, str(report.title)), content_type=CONTENT_TYPES[fmt]
        )
        filename = f"{access.trajectory.slug}-{report.name}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    context = {
        "access": access,
        "report": report,
        "table_html": mark_safe(tables.render_html(table)),  # noqa: S308 - render_html escapes cells
        "formats": tables.FORMATS,
    }
    return render(request, "analysis/report_detail.html", context)

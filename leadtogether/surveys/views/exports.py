"""A moment's responses downloaded from its page: the same data set, with the same
pseudonymisation, as ``leadtogether surveys export`` (CSV streamed row by row)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect

from leadtogether.surveys.access import MOMENT_SCOPE, SURVEY_READERS
from leadtogether.surveys.exchange.exporting import EXPORT_FORMATS, ExportError, export_chunks
from leadtogether.surveys.models import MeasurementMoment
from leadtogether.trajectories.access import Access, page

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "sav": "application/x-spss-sav",
}


@page(read=SURVEY_READERS, scope=MOMENT_SCOPE)
def moment_export(request: HttpRequest, access: Access, moment: MeasurementMoment) -> HttpResponse:
    fmt = request.GET.get("format", "csv")
    if fmt not in EXPORT_FORMATS:
        fmt = "csv"
    try:
        chunks = export_chunks(moment=moment, fmt=fmt)
    except ExportError as error:
        messages.error(request, str(error))
        return redirect("surveys:moment-detail", slug=access.trajectory.slug, key=moment.key)
    response = StreamingHttpResponse(chunks, content_type=CONTENT_TYPES[fmt])
    name = f"{access.trajectory.slug}-{moment.key}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

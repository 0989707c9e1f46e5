"""Results per question: for researchers and organisers per moment with filters, for a
coach per PLG they coach (only aggregated, never for fewer respondents than the minimum
cell size). Download as XLSX."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leadtogether.lib.spreadsheets import XlsxSheet, xlsx_bytes
from leadtogether.lib.tables import sheet_title
from leadtogether.registry.models import Level, Partnership
from leadtogether.surveys.access import MOMENT_SCOPE, SURVEY_READERS
from leadtogether.surveys.models import MeasurementMoment
from leadtogether.surveys.results import bar_chart
from leadtogether.surveys.selectors.results import Results, Selection, moment_results
from leadtogether.trajectories.access import COACH, ORGANISER, PLG_SCOPE, Access, page
from leadtogether.trajectories.models import PLG

COACHES = frozenset({ORGANISER, COACH})


class ResultsFilter(forms.Form):
    level = forms.ChoiceField(
        label=gettext_lazy("Level"), required=False, choices=[("", "—"), *Level.choices]
    )
    plg = forms.ModelChoiceField(
        label=gettext_lazy("PLG"), required=False, queryset=PLG.objects.none(), empty_label="—"
    )
    form = forms.ChoiceField(
        label=gettext_lazy("Partnership form"),
        required=False,
        choices=[("", "—"), *Partnership.Form.choices],
    )

    def __init__(self, *args: Any, trajectory: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plg"].queryset = PLG.objects.filter(trajectory=trajectory).order_by("ref")

    def selection(self) -> Selection:
        if not self.is_valid():
            return Selection()
        plg = self.cleaned_data.get("plg")
        return Selection(
            level=self.cleaned_data.get("level") or "",
            plg_id=plg.pk if plg else None,
            form=self.cleaned_data.get("form") or "",
        )


def _charts(results: Results) -> list[tuple[Any, Any]]:
    return [
        (result, bar_chart(result.bars) if result.bars else None) for result in results.questions
    ]


def _xlsx(results: Results, title: str, *, with_texts: bool) -> HttpResponse:
    rows: list[list[Any]] = []
    for result in results.questions:
        question = result.question
        base = [question.code, question.text]
        if result.hidden:
            rows.append([*base, _("not shown: too few answers"), None, None, None, None])
            continue
        rows.append([*base, _("N"), result.n, None, _("missing"), result.missing])
        for bar in result.bars:
            rows.append([*base, bar.label, bar.count, bar.percent, None, None])
        for name, value in result.stats.items():
            rows.append([*base, name, value, None, None, None])
        if with_texts:
            for code, text in result.texts:
                rows.append([*base, code, text, None, None, None])
    header = [_("variable"), _("question"), _("answer"), _("count"), "%", "", ""]
    data = xlsx_bytes([XlsxSheet(sheet_title(title), header, rows)])
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{title}-results.xlsx"'
    return response


@page(read=SURVEY_READERS, scope=MOMENT_SCOPE)
def moment_results_page(
    request: HttpRequest, access: Access, moment: MeasurementMoment
) -> HttpResponse:
    """Every question of the moment with its distribution, for the filtered group."""
    filters = ResultsFilter(request.GET or None, trajectory=access.trajectory)
    results = moment_results(moment, filters.selection())
    if request.GET.get("download") == "xlsx":
        return _xlsx(results, f"{access.trajectory.slug}-{moment.key}", with_texts=True)
    context = {
        "access": access,
        "moment": moment,
        "filters": filters,
        "results": results,
        "charts": _charts(results),
        "show_texts": True,
    }
    return render(request, "surveys/manage/results.html", context)


@page(read=COACHES, scope=PLG_SCOPE)
def plg_results(request: HttpRequest, access: Access, plg: PLG) -> HttpResponse:
    """The results of one PLG at a moment, aggregated only (no open answers)."""
    moments = list(MeasurementMoment.objects.filter(trajectory=access.trajectory))
    chosen = next((m for m in moments if m.key == request.GET.get("moment")), None)
    if chosen is None and moments:
        chosen = moments[-1]
    results = moment_results(chosen, Selection(plg_id=plg.pk)) if chosen else None
    if chosen and results and request.GET.get("download") == "xlsx":
        return _xlsx(results, f"{plg.ref}-{chosen.key}", with_texts=False)
    context = {
        "access": access,
        "plg": plg,
        "moments": moments,
        "moment": chosen,
        "results": results,
        "charts": _charts(results) if results else [],
        "show_texts": False,
    }
    return render(request, "surveys/plg_results.html", context)

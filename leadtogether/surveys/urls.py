from django.urls import path

from leadtogether.surveys.views import (
    exports,
    instruments,
    mailings,
    moments,
    responses,
    results,
)

app_name = "surveys"
urlpatterns = [
    path("moments/", moments.moment_list, name="moment-list"),
    path("moments/new/", moments.moment_create, name="moment-create"),
    path("moments/defaults/", moments.moment_defaults, name="moment-defaults"),
    path("moments/<slug:key>/", moments.moment_detail, name="moment-detail"),
    path("moments/<slug:key>/edit/", moments.moment_edit, name="moment-edit"),
    path("moments/<slug:key>/results/", results.moment_results_page, name="moment-results"),
    path("plgs/<str:plg_ref>/results/", results.plg_results, name="plg-results"),
    path("moments/<slug:key>/export/", exports.moment_export, name="moment-export"),
    path("moments/<slug:key>/mailings/new/", mailings.mailing_create, name="mailing-create"),
    path(
        "moments/<slug:key>/mailings/<int:mailing_id>/",
        mailings.mailing_detail,
        name="mailing-detail",
    ),
    path(
        "moments/<slug:key>/mailings/<int:mailing_id>/edit/",
        mailings.mailing_edit,
        name="mailing-edit",
    ),
    path(
        "moments/<slug:key>/mailings/<int:mailing_id>/send/",
        mailings.mailing_send,
        name="mailing-send",
    ),
    path(
        "moments/<slug:key>/mailings/<int:mailing_id>/discard/",
        mailings.mailing_discard,
        name="mailing-discard",
    ),
    path(
        "moments/<slug:key>/instruments/",
        moments.moment_instrument_attach,
        name="moment-instrument-attach",
    ),
    path(
        "moments/<slug:key>/instruments/<int:version_id>/detach/",
        moments.moment_instrument_detach,
        name="moment-instrument-detach",
    ),
    path("moments/<slug:key>/responses/", responses.response_list, name="response-list"),
    path(
        "moments/<slug:key>/responses/<int:response_id>/",
        responses.response_detail,
        name="response-detail",
    ),
    path(
        "moments/<slug:key>/responses/<int:response_id>/questions/<int:question_id>/correct/",
        responses.response_correct,
        name="response-correct",
    ),
    path("instruments/", instruments.instrument_list, name="instrument-list"),
    path("instruments/new/", instruments.instrument_create, name="instrument-create"),
    path("instruments/<slug:key>/", instruments.instrument_detail, name="instrument-detail"),
    path("instruments/<slug:key>/edit/", instruments.instrument_edit, name="instrument-edit"),
    path(
        "instruments/<slug:key>/questions/new/",
        instruments.question_create,
        name="question-create",
    ),
    path(
        "instruments/<slug:key>/questions/<int:question_id>/edit/",
        instruments.question_edit,
        name="question-edit",
    ),
    path(
        "instruments/<slug:key>/questions/<int:question_id>/move/",
        instruments.question_move,
        name="question-move",
    ),
    path(
        "instruments/<slug:key>/questions/<int:question_id>/delete/",
        instruments.question_delete,
        name="question-delete",
    ),
]

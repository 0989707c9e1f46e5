from django.urls import path

from leadtogether.analysis import views

app_name = "analysis"
urlpatterns = [
    path("", views.report_list, name="report-list"),
    path("<slug:name>/", views.report_detail, name="report-detail"),
]

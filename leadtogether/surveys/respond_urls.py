"""Personal survey links (``s/<token>/``): answering without signing in."""

from django.urls import path

from leadtogether.surveys.views import respond

app_name = "respond"
urlpatterns = [
    path("<str:token>/", respond.survey, name="survey"),
    path("<str:token>/autosave/", respond.autosave, name="autosave"),
]

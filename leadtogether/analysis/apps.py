from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "leadtogether.analysis"
    default_auto_field = "django.db.models.BigAutoField"

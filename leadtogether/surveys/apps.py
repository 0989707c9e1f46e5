from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "leadtogether.surveys"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from leadtogether.surveys.panels import OPEN_SURVEYS, PLG_RESULTS
        from leadtogether.trajectories import panels

        panels.register(OPEN_SURVEYS)
        panels.register(PLG_RESULTS)

from django.apps import AppConfig


class TrajectoriesConfig(AppConfig):
    name = "leadtogether.trajectories"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from leadtogether.trajectories import panels

        for panel in panels.OWN_PANELS:
            panels.register(panel)

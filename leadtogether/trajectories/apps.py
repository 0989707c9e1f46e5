from django.apps import AppConfig


class TrajectoriesConfig(AppConfig):
    name = "leadtogether.trajectories"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "leadtogether.demo"
    default_auto_field = "django.db.models.BigAutoField"

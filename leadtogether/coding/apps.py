from django.apps import AppConfig


class CodingConfig(AppConfig):
    name = "leadtogether.coding"
    default_auto_field = "django.db.models.BigAutoField"
